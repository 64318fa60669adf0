import DeskflowTemplates

extension CancellationReportPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope { $0.chrome },
        "heading": .text { $0.heading },
        "from": .text { $0.from },
        "to": .text { $0.to },
        "period": .text { $0.period },
        "csvURL": .text { $0.csvURL },
        "summary": .text { $0.summary },
        "totalCount": .text { $0.totalCount },
        "reasonTotals": .list { $0.reasonTotals },
        "refundedTotal": .text { $0.refundedTotal },
        "trend": .scope { $0.trend },
        "rows": .list { $0.rows },
        "hasRows": .flag { $0.hasRows },
        "truncatedNote": .text { $0.truncatedNote },
        "emptyTitle": .text { $0.emptyTitle },
        "emptyAdvice": .text { $0.emptyAdvice },
    ]
}

extension CancellationReportPage.Row: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "orderNumber": .number { $0.orderNumber },
        "orderURL": .text { $0.orderURL },
        "cancelledAt": .text { $0.cancelledAt },
        "cancelledAtISO": .text { $0.cancelledAtISO },
        "reason": .text { $0.reason },
        "reasonCode": .text { $0.reasonCode },
        "note": .text { $0.note },
        "hasNote": .flag { $0.hasNote },
        "refund": .text { $0.refund },
        "refundMinor": .number { $0.refundMinor },
        "hasRefund": .flag { $0.hasRefund },
        "refundState": .text { $0.refundState },
        "refundBadge": .scope { $0.refundBadge },
        "refundedLater": .text { $0.refundedLater },
        "voided": .text { $0.voided },
        "hasVoid": .flag { $0.hasVoid },
        "restocked": .text { $0.restocked },
        "notified": .text { $0.notified },
        "staffName": .text { $0.staffName },
    ]
}

extension CancellationReportPage.StateBadge: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "label": .text { $0.label },
        "tone": .text { $0.tone },
    ]
}

extension CancellationReportPage.ReasonTotal: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "reason": .text { $0.reason },
        "code": .text { $0.code },
        "count": .text { $0.count },
    ]
}
