import DeskflowDomain
import DeskflowTemplates

extension CancelDialog: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "action": .text(\.action),
        "keepURL": .text(\.keepURL),
        "csrfToken": .text(\.csrfToken),
        "version": .number(\.version),
        "idempotencyKey": .text(\.idempotencyKey),
        "refundAmount": .text(\.refundAmount),
        "currencyCode": .text(\.currencyCode),
        "currencySymbol": .text(\.currencySymbol),
        "maximumRefund": .text(\.maximumRefund),
        "canRefund": .flag(\.canRefund),
        "issueRefundChecked": .flag(\.issueRefundChecked),
        "noRefundReason": .text(\.noRefundReason),
        "restockChecked": .flag(\.restockChecked),
        "restockItems": .list(\.restockItems),
        "notifyChecked": .flag(\.notifyChecked),
        "customerEmail": .text(\.customerEmail),
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

extension CancelDialog.Item: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "name": .text(\.name),
        "sku": .text(\.sku),
        "quantity": .number(\.quantity),
    ]
}
