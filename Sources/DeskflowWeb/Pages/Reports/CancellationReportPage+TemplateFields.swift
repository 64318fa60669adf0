import DeskflowTemplates

extension CancellationReportPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope(\.chrome),
        "heading": .text(\.heading),
        "from": .text(\.from),
        "to": .text(\.to),
        "period": .text(\.period),
        "csvURL": .text(\.csvURL),
        "summary": .text(\.summary),
        "totalCount": .text(\.totalCount),
        "reasonTotals": .list(\.reasonTotals),
        "refundedTotal": .text(\.refundedTotal),
        "trend": .scope(\.trend),
        "rows": .list(\.rows),
        "hasRows": .flag(\.hasRows),
        "truncatedNote": .text(\.truncatedNote),
        "emptyTitle": .text(\.emptyTitle),
        "emptyAdvice": .text(\.emptyAdvice),
    ]
}

extension CancellationReportPage.Row: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "orderNumber": .number(\.orderNumber),
        "orderURL": .text(\.orderURL),
        "cancelledAt": .text(\.cancelledAt),
        "cancelledAtISO": .text(\.cancelledAtISO),
        "reason": .text(\.reason),
        "reasonCode": .text(\.reasonCode),
        "note": .text(\.note),
        "hasNote": .flag(\.hasNote),
        "refund": .text(\.refund),
        "refundMinor": .number(\.refundMinor),
        "hasRefund": .flag(\.hasRefund),
        "refundState": .text(\.refundState),
        "refundBadge": .scope(\.refundBadge),
        "refundedLater": .text(\.refundedLater),
        "voided": .text(\.voided),
        "hasVoid": .flag(\.hasVoid),
        "restocked": .text(\.restocked),
        "notified": .text(\.notified),
        "staffName": .text(\.staffName),
    ]
}

extension CancellationReportPage.StateBadge: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "label": .text(\.label),
        "tone": .text(\.tone),
    ]
}

extension CancellationReportPage.ReasonTotal: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "reason": .text(\.reason),
        "code": .text(\.code),
        "count": .text(\.count),
    ]
}
