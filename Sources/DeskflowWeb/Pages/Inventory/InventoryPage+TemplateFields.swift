import DeskflowDomain
import DeskflowTemplates

extension InventoryPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope { $0.chrome },
        "rows": .list { $0.rows },
        "errors": .list { $0.errors },
        "hasErrors": .flag { $0.hasErrors },
        "shortCount": .number { $0.shortCount },
    ]
}

extension InventoryPage.Row: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "sku": .text { $0.sku },
        "name": .text { $0.name },
        "onHand": .number { $0.onHand },
        "committed": .number { $0.committed },
        "available": .number { $0.available },
        "isShort": .flag { $0.isShort },
        "action": .text { $0.action },
        "idempotencyKey": .text { $0.idempotencyKey },
        "adjustment": .text { $0.adjustment },
        "newOnHand": .text { $0.newOnHand },
        "reason": .text { $0.reason },
        "adjustmentError": .text { $0.adjustmentError },
        "onHandError": .text { $0.onHandError },
        "reasonError": .text { $0.reasonError },
        "hasErrors": .flag { $0.hasErrors },
    ]
}
