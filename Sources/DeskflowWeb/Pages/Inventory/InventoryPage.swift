import DeskflowDomain

/// Stock levels, one row per product, each with its own adjustment form.
struct InventoryPage {
    struct Row {
        var sku: String
        var name: String
        var onHand: Int
        var committed: Int
        var available: Int
        var isShort: Bool
        var action: String
        var idempotencyKey: String
        var adjustment: String
        var newOnHand: String
        var reason: String
        var adjustmentError: String?
        var onHandError: String?
        var reasonError: String?
        var hasErrors: Bool
    }

    /// The row a failed form came from, with what was typed and what was wrong.
    struct Attempt {
        var sku: String
        var form: StockAdjustmentForm
        var errors: FormErrors
        var idempotencyKey: String
    }

    var chrome: PageChrome
    var rows: [Row]
    var errors: [FieldError]
    var hasErrors: Bool
    var shortCount: Int

    init(chrome: PageChrome, levels: [StockLevel], attempt: Attempt?, makeToken: () -> String) {
        self.chrome = chrome
        rows = levels.map { level in
            let failed = attempt?.sku == level.sku ? attempt : nil
            return Row(
                sku: level.sku, name: level.name, onHand: level.onHand, committed: level.committed, available: level.available,
                isShort: level.available < 0, action: SitePath.stock(level.sku),
                idempotencyKey: failed?.idempotencyKey ?? makeToken(),
                adjustment: failed?.form.adjustment ?? "", newOnHand: failed?.form.onHand ?? "", reason: failed?.form.reason ?? "",
                adjustmentError: failed?.errors.message(for: "adjustment"), onHandError: failed?.errors.message(for: "on_hand"),
                reasonError: failed?.errors.message(for: "reason"), hasErrors: failed != nil)
        }
        // Error summary links point at the failing row's own fields.
        errors = attempt.map { attempt in
            attempt.errors.errors.map { FieldError(field: "\($0.field)-\(attempt.sku)", message: "\(attempt.sku): \($0.message)") }
        } ?? []
        hasErrors = !errors.isEmpty
        shortCount = levels.filter { $0.available < 0 }.count
    }
}
