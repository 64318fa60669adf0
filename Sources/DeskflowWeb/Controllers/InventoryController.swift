import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Hummingbird

/// Stock levels and adjustments.
struct InventoryController {
    let database: any DeskflowDatabase
    let renderer: PageRenderer
    let adjustments: InventoryAdjustments
    let makeToken: @Sendable () -> String

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/inventory", use: list)
        router.post("/inventory/:sku", use: adjust)
    }

    /// GET /inventory — every product's stock, with a form to adjust each.
    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        try await render(context: context, attempt: nil, status: .ok)
    }

    /// POST /inventory/{sku} — changes the units on hand by an amount or to a count, with a reason.
    @Sendable func adjust(request: Request, context: AppRequestContext) async throws -> Response {
        guard let staff = context.staff else { throw HTTPError(.unauthorized) }
        let sku = String((context.parameters.get("sku") ?? "").prefix(64))
        var request = request
        let fields = try await FormFields(request: &request, context: context)
        guard let key = fields["idempotency_key"], (8...100).contains(key.count) else {
            throw PageError.badRequest("The form is missing its one-time key, so nothing was changed.", advice: "Reload the inventory page and try again.")
        }
        let form = StockAdjustmentForm(adjustment: fields.text("adjustment"), onHand: fields.text("on_hand"), reason: fields.text("reason"))
        do {
            SessionSettings.setFlash(try await adjustments.adjust(sku: sku, form: form, key: key, staff: staff), context: context)
            return .redirect(to: SitePath.stockRow(sku), type: .normal)
        } catch StockAdjustmentFailure.invalid(let errors, _) {
            return try await render(
                context: context, attempt: .init(sku: sku, form: form, errors: errors, idempotencyKey: key), status: .unprocessableContent)
        } catch StockAdjustmentFailure.unknownSKU {
            throw PageError(
                status: .unprocessableContent, title: "Unknown product",
                message: "There is no product with the SKU “\(sku)”, so no stock was changed.",
                advice: "Pick the product from the inventory list.")
        } catch StockAdjustmentFailure.keyReused {
            throw PageError.formAlreadySent(advice: "Reload the inventory page to see the stock as it is now.")
        }
    }

    private func render(context: AppRequestContext, attempt: InventoryPage.Attempt?, status: HTTPResponse.Status) async throws -> Response {
        let page = InventoryPage(
            chrome: PageChrome(title: "Inventory", context: context, navInventory: true),
            levels: try await database.stockLevels(), attempt: attempt, makeToken: makeToken)
        return try renderer.render("inventory/list", page, status: status)
    }
}
