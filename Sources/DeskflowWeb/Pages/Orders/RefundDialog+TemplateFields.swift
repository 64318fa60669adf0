import DeskflowDomain
import DeskflowTemplates

extension RefundDialog: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "action": .text { $0.action },
        "keepURL": .text { $0.keepURL },
        "csrfToken": .text { $0.csrfToken },
        "version": .number { $0.version },
        "idempotencyKey": .text { $0.idempotencyKey },
        "lines": .list { $0.lines },
        "canRefundShipping": .flag { $0.canRefundShipping },
        "shippingAmount": .text { $0.shippingAmount },
        "shippingChecked": .flag { $0.shippingChecked },
        "shippingNote": .text { $0.shippingNote },
        "shippingError": .text { $0.shippingError },
        "chosenTotal": .text { $0.chosenTotal },
        "refundAmount": .text { $0.refundAmount },
        "currencyCode": .text { $0.currencyCode },
        "maximumRefund": .text { $0.maximumRefund },
        "canRestock": .flag { $0.canRestock },
        "restockChecked": .flag { $0.restockChecked },
        "restockHint": .text { $0.restockHint },
        "restockError": .text { $0.restockError },
        "notifyChecked": .flag { $0.notifyChecked },
        "customerEmail": .text { $0.customerEmail },
        "hasAmount": .flag { $0.hasAmount },
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

extension RefundDialog.Line: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "name": .text { $0.name },
        "sku": .text { $0.sku },
        "field": .text { $0.field },
        "value": .text { $0.value },
        "refundable": .number { $0.refundable },
        "ordered": .number { $0.ordered },
        "unitPrice": .text { $0.unitPrice },
        "alreadyRefunded": .text { $0.alreadyRefunded },
        "error": .text { $0.error },
        "describedBy": .text { $0.describedBy },
    ]
}
