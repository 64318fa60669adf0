import DeskflowDomain
import DeskflowTemplates

extension CancelDialog: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "action": .text { $0.action },
        "keepURL": .text { $0.keepURL },
        "csrfToken": .text { $0.csrfToken },
        "version": .number { $0.version },
        "idempotencyKey": .text { $0.idempotencyKey },
        "refundAmount": .text { $0.refundAmount },
        "currencyCode": .text { $0.currencyCode },
        "currencySymbol": .text { $0.currencySymbol },
        "maximumRefund": .text { $0.maximumRefund },
        "canRefund": .flag { $0.canRefund },
        "issueRefundChecked": .flag { $0.issueRefundChecked },
        "noRefundReason": .text { $0.noRefundReason },
        "restockChecked": .flag { $0.restockChecked },
        "restockItems": .list { $0.restockItems },
        "notifyChecked": .flag { $0.notifyChecked },
        "customerEmail": .text { $0.customerEmail },
        "previewSubject": .text { $0.previewSubject },
        "previewBody": .text { $0.previewBody },
        "reasons": .list { $0.reasons },
        "note": .text { $0.note },
        "noteMaximum": .number { $0.noteMaximum },
        "summary": .text { $0.summary },
        "errors": .list { $0.errors },
        "hasErrors": .flag { $0.hasErrors },
        "refundAmountError": .text { $0.refundAmountError },
        "reasonError": .text { $0.reasonError },
        "noteError": .text { $0.noteError },
        "staleMessage": .text { $0.staleMessage },
    ]
}

extension CancelDialog.Item: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "name": .text { $0.name },
        "sku": .text { $0.sku },
        "quantity": .number { $0.quantity },
    ]
}
