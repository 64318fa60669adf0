import DeskflowTemplates

extension OrderDetailPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope { $0.chrome },
        "number": .number { $0.number },
        "url": .text { $0.url },
        "placedAt": .text { $0.placedAt },
        "placedAtISO": .text { $0.placedAtISO },
        "statusBadge": .scope { $0.statusBadge },
        "paymentBadge": .scope { $0.paymentBadge },
        "fulfillmentBadge": .scope { $0.fulfillmentBadge },
        "menu": .scope { $0.menu },
        "issue": .scope { $0.issue },
        "lines": .list { $0.lines },
        "itemCount": .text { $0.itemCount },
        "totals": .list { $0.totals },
        "paymentMethod": .text { $0.paymentMethod },
        "paymentProvider": .text { $0.paymentProvider },
        "paymentFields": .list { $0.paymentFields },
        "refunds": .list { $0.refunds },
        "hasRefunds": .flag { $0.hasRefunds },
        "refundURL": .text { $0.refundURL },
        "fulfillmentStatus": .text { $0.fulfillmentStatus },
        "trackingNumber": .text { $0.trackingNumber },
        "customerName": .text { $0.customerName },
        "customerEmail": .text { $0.customerEmail },
        "customerEmailURL": .text { $0.customerEmailURL },
        "addressLines": .list { $0.addressLines },
        "cancellation": .scope { $0.cancellation },
        "events": .list { $0.events },
        "backURL": .text { $0.backURL },
        "dialog": .scope { $0.dialog },
        "formDialog": .scope { $0.formDialog },
        "refundDialog": .scope { $0.refundDialog },
    ]
}

extension OrderDetailPage.MoneyField: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "label": .text { $0.label },
        "field": .text { $0.field },
        "minor": .number { $0.minor },
        "formatted": .text { $0.formatted },
        "isTotal": .flag { $0.isTotal },
    ]
}

extension OrderDetailPage.Line: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "sku": .text { $0.sku },
        "name": .text { $0.name },
        "quantity": .number { $0.quantity },
        "unitPrice": .text { $0.unitPrice },
        "lineTotal": .text { $0.lineTotal },
    ]
}

extension OrderDetailPage.Refund: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "id": .number { $0.id },
        "amount": .text { $0.amount },
        "minor": .number { $0.minor },
        "reason": .text { $0.reason },
        "note": .text { $0.note },
        "state": .text { $0.state },
        "stateLabel": .text { $0.stateLabel },
        "requestedAt": .text { $0.requestedAt },
        "failureMessage": .text { $0.failureMessage },
    ]
}

extension OrderDetailPage.Event: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "kind": .text { $0.kind },
        "summary": .text { $0.summary },
        "actor": .text { $0.actor },
        "occurredAt": .text { $0.occurredAt },
        "occurredAtISO": .text { $0.occurredAtISO },
    ]
}

extension OrderDetailPage.Issue: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "kind": .text { $0.kind },
        "title": .text { $0.title },
        "explanation": .text { $0.explanation },
        "message": .text { $0.message },
        "code": .text { $0.code },
        "since": .text { $0.since },
        "attempts": .text { $0.attempts },
        "history": .list { $0.history },
        "hasHistory": .flag { $0.hasHistory },
        "shortfalls": .list { $0.shortfalls },
        "hasShortfalls": .flag { $0.hasShortfalls },
    ]
}

extension OrderDetailPage.Shortfall: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "sku": .text { $0.sku },
        "name": .text { $0.name },
        "needed": .number { $0.needed },
        "onHand": .number { $0.onHand },
        "short": .number { $0.short },
        "inventoryURL": .text { $0.inventoryURL },
    ]
}

extension OrderDetailPage.Cancellation: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "reason": .text { $0.reason },
        "note": .text { $0.note },
        "hasNote": .flag { $0.hasNote },
        "cancelledBy": .text { $0.cancelledBy },
        "cancelledAt": .text { $0.cancelledAt },
    ]
}
