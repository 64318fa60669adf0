import DeskflowTemplates

extension BarChart: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "name": .text(\.name),
        "id": .text(\.id),
        "title": .text(\.title),
        "caption": .text(\.caption),
        "drawings": .list(\.drawings),
        "legend": .list(\.legend),
        "hasLegend": .flag(\.hasLegend),
    ]
}

extension BarChart.Series: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "label": .text(\.label),
        "cssClass": .text(\.cssClass),
    ]
}

extension BarChart.Line: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "x1": .text(\.x1),
        "y1": .text(\.y1),
        "x2": .text(\.x2),
        "y2": .text(\.y2),
    ]
}

extension BarChart.AxisText: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "x": .text(\.x),
        "y": .text(\.y),
        "text": .text(\.text),
    ]
}

extension BarChart.Bar: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "x": .text(\.x),
        "y": .text(\.y),
        "width": .text(\.width),
        "height": .text(\.height),
        "seriesClass": .text(\.seriesClass),
        "tooltip": .text(\.tooltip),
    ]
}

extension BarChart.Drawing: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "variant": .text(\.variant),
        "titleID": .text(\.titleID),
        "viewBox": .text(\.viewBox),
        "barsClass": .text(\.barsClass),
        "gridLines": .list(\.gridLines),
        "valueLabels": .list(\.valueLabels),
        "categoryLabels": .list(\.categoryLabels),
        "baseline": .scope(\.baseline),
        "bars": .list(\.bars),
    ]
}
