import DeskflowDomain
import DeskflowTemplates

extension RefundDialog: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "action": .text(\.action),
        "keepURL": .text(\.keepURL),
        "csrfToken": .text(\.csrfToken),
        "version": .number(\.version),
        "idempotencyKey": .text(\.idempotencyKey),
        "lines": .list(\.lines),
        "canRefundShipping": .flag(\.canRefundShipping),
        "shippingAmount": .text(\.shippingAmount),
        "shippingChecked": .flag(\.shippingChecked),
        "shippingNote": .text(\.shippingNote),
        "shippingError": .text(\.shippingError),
        "chosenTotal": .text(\.chosenTotal),
        "refundAmount": .text(\.refundAmount),
        "currencyCode": .text(\.currencyCode),
        "maximumRefund": .text(\.maximumRefund),
        "canRestock": .flag(\.canRestock),
        "restockChecked": .flag(\.restockChecked),
        "restockHint": .text(\.restockHint),
        "restockError": .text(\.restockError),
        "notifyChecked": .flag(\.notifyChecked),
        "customerEmail": .text(\.customerEmail),
        "hasAmount": .flag(\.hasAmount),
        "previewSubject": .text(\.previewSubject),
        "previewBody": .text(\.previewBody),
        "reasons": .list(\.reasons),
        "note": .text(\.note),
        "noteMaximum": .number(\.noteMaximum),
        "summary": .text(\.summary),
        "errors": .list(\.errors),
        "hasErrors": .flag(\.hasErrors),
        "refundAmountError": .text(\.refundAmountError),
        "reasonError": .text(\.reasonError),
        "noteError": .text(\.noteError),
        "staleMessage": .text(\.staleMessage),
    ]
}

extension RefundDialog.Line: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "name": .text(\.name),
        "sku": .text(\.sku),
        "field": .text(\.field),
        "value": .text(\.value),
        "refundable": .number(\.refundable),
        "ordered": .number(\.ordered),
        "unitPrice": .text(\.unitPrice),
        "alreadyRefunded": .text(\.alreadyRefunded),
        "error": .text(\.error),
        "describedBy": .text(\.describedBy),
    ]
}
