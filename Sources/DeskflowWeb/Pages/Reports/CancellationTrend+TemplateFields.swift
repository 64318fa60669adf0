import DeskflowTemplates

extension CancellationTrend: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "cancellations": .scope(\.cancellations),
        "refunds": .list(\.refunds),
        "hasRefunds": .flag(\.hasRefunds),
        "noRefunds": .text(\.noRefunds),
        "reasonHeadings": .list(\.reasonHeadings),
        "rows": .list(\.rows),
    ]
}

extension CancellationTrend.DayRow: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "day": .text(\.day),
        "dayISO": .text(\.dayISO),
        "counts": .list(\.counts),
        "total": .text(\.total),
        "refunded": .text(\.refunded),
        "hasRefund": .flag(\.hasRefund),
    ]
}

extension CancellationTrend.DayRow.Count: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "reason": .text(\.reason),
        "count": .text(\.count),
    ]
}
