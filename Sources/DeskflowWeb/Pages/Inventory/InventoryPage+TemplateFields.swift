import DeskflowDomain
import DeskflowTemplates

extension InventoryPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope(\.chrome),
        "rows": .list(\.rows),
        "errors": .list(\.errors),
        "hasErrors": .flag(\.hasErrors),
        "shortCount": .number(\.shortCount),
    ]
}

extension InventoryPage.Row: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "sku": .text(\.sku),
        "name": .text(\.name),
        "onHand": .number(\.onHand),
        "committed": .number(\.committed),
        "available": .number(\.available),
        "isShort": .flag(\.isShort),
        "action": .text(\.action),
        "idempotencyKey": .text(\.idempotencyKey),
        "adjustment": .text(\.adjustment),
        "newOnHand": .text(\.newOnHand),
        "reason": .text(\.reason),
        "adjustmentError": .text(\.adjustmentError),
        "onHandError": .text(\.onHandError),
        "reasonError": .text(\.reasonError),
        "hasErrors": .flag(\.hasErrors),
    ]
}
