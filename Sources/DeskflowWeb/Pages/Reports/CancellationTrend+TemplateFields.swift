import DeskflowTemplates

extension CancellationTrend: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "cancellations": .scope { $0.cancellations },
        "refunds": .list { $0.refunds },
        "hasRefunds": .flag { $0.hasRefunds },
        "noRefunds": .text { $0.noRefunds },
        "reasonHeadings": .list { $0.reasonHeadings },
        "rows": .list { $0.rows },
    ]
}

extension CancellationTrend.DayRow: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "day": .text { $0.day },
        "dayISO": .text { $0.dayISO },
        "counts": .list { $0.counts },
        "total": .text { $0.total },
        "refunded": .text { $0.refunded },
        "hasRefund": .flag { $0.hasRefund },
    ]
}

extension CancellationTrend.DayRow.Count: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "reason": .text { $0.reason },
        "count": .text { $0.count },
    ]
}
