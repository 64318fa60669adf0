import DeskflowTemplates

extension BarChart: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "name": .text { $0.name },
        "id": .text { $0.id },
        "title": .text { $0.title },
        "caption": .text { $0.caption },
        "drawings": .list { $0.drawings },
        "legend": .list { $0.legend },
        "hasLegend": .flag { $0.hasLegend },
    ]
}

extension BarChart.Series: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "label": .text { $0.label },
        "cssClass": .text { $0.cssClass },
    ]
}

extension BarChart.Line: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "x1": .text { $0.x1 },
        "y1": .text { $0.y1 },
        "x2": .text { $0.x2 },
        "y2": .text { $0.y2 },
    ]
}

extension BarChart.AxisText: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "x": .text { $0.x },
        "y": .text { $0.y },
        "text": .text { $0.text },
    ]
}

extension BarChart.Bar: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "x": .text { $0.x },
        "y": .text { $0.y },
        "width": .text { $0.width },
        "height": .text { $0.height },
        "seriesClass": .text { $0.seriesClass },
        "tooltip": .text { $0.tooltip },
    ]
}

extension BarChart.Drawing: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "variant": .text { $0.variant },
        "titleID": .text { $0.titleID },
        "viewBox": .text { $0.viewBox },
        "barsClass": .text { $0.barsClass },
        "gridLines": .list { $0.gridLines },
        "valueLabels": .list { $0.valueLabels },
        "categoryLabels": .list { $0.categoryLabels },
        "baseline": .scope { $0.baseline },
        "bars": .list { $0.bars },
    ]
}
