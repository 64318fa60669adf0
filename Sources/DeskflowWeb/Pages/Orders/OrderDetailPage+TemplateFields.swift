import DeskflowTemplates

extension OrderDetailPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope(\.chrome),
        "number": .number(\.number),
        "url": .text(\.url),
        "placedAt": .text(\.placedAt),
        "placedAtISO": .text(\.placedAtISO),
        "statusBadge": .scope(\.statusBadge),
        "paymentBadge": .scope(\.paymentBadge),
        "fulfillmentBadge": .scope(\.fulfillmentBadge),
        "menu": .scope(\.menu),
        "issue": .scope(\.issue),
        "lines": .list(\.lines),
        "itemCount": .text(\.itemCount),
        "totals": .list(\.totals),
        "paymentMethod": .text(\.paymentMethod),
        "paymentProvider": .text(\.paymentProvider),
        "paymentFields": .list(\.paymentFields),
        "refunds": .list(\.refunds),
        "hasRefunds": .flag(\.hasRefunds),
        "refundURL": .text(\.refundURL),
        "fulfillmentStatus": .text(\.fulfillmentStatus),
        "trackingNumber": .text(\.trackingNumber),
        "customerName": .text(\.customerName),
        "customerEmail": .text(\.customerEmail),
        "customerEmailURL": .text(\.customerEmailURL),
        "addressLines": .list(\.addressLines),
        "cancellation": .scope(\.cancellation),
        "events": .list(\.events),
        "backURL": .text(\.backURL),
        "dialog": .scope(\.dialog),
        "formDialog": .scope(\.formDialog),
        "refundDialog": .scope(\.refundDialog),
    ]
}

extension OrderDetailPage.MoneyField: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "label": .text(\.label),
        "field": .text(\.field),
        "minor": .number(\.minor),
        "formatted": .text(\.formatted),
        "isTotal": .flag(\.isTotal),
    ]
}

extension OrderDetailPage.Line: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "sku": .text(\.sku),
        "name": .text(\.name),
        "quantity": .number(\.quantity),
        "unitPrice": .text(\.unitPrice),
        "lineTotal": .text(\.lineTotal),
    ]
}

extension OrderDetailPage.Refund: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "id": .number(\.id),
        "amount": .text(\.amount),
        "minor": .number(\.minor),
        "reason": .text(\.reason),
        "note": .text(\.note),
        "state": .text(\.state),
        "stateLabel": .text(\.stateLabel),
        "requestedAt": .text(\.requestedAt),
        "failureMessage": .text(\.failureMessage),
    ]
}

extension OrderDetailPage.Event: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "kind": .text(\.kind),
        "summary": .text(\.summary),
        "actor": .text(\.actor),
        "occurredAt": .text(\.occurredAt),
        "occurredAtISO": .text(\.occurredAtISO),
    ]
}

extension OrderDetailPage.Issue: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "kind": .text(\.kind),
        "title": .text(\.title),
        "explanation": .text(\.explanation),
        "message": .text(\.message),
        "code": .text(\.code),
        "since": .text(\.since),
        "attempts": .text(\.attempts),
        "history": .list(\.history),
        "hasHistory": .flag(\.hasHistory),
        "shortfalls": .list(\.shortfalls),
        "hasShortfalls": .flag(\.hasShortfalls),
    ]
}

extension OrderDetailPage.Shortfall: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "sku": .text(\.sku),
        "name": .text(\.name),
        "needed": .number(\.needed),
        "onHand": .number(\.onHand),
        "short": .number(\.short),
        "inventoryURL": .text(\.inventoryURL),
    ]
}

extension OrderDetailPage.Cancellation: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "reason": .text(\.reason),
        "note": .text(\.note),
        "hasNote": .flag(\.hasNote),
        "cancelledBy": .text(\.cancelledBy),
        "cancelledAt": .text(\.cancelledAt),
    ]
}
