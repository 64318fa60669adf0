import DeskflowDomain
import DeskflowOperations
import Hummingbird

/// Retrying or cancelling many orders at once from the queue's tabs.
struct OrdersBulkController {
    let list: OrdersController
    let bulk: BulkOrderActions
    let renderer: PageRenderer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/orders/bulk", use: run)
    }

    /// POST /orders/bulk — each ticked order's own retry or cancel; 200 with every order's outcome, or the list again
    /// (422) when nothing was ticked, there were too many, or the action or reason is missing.
    @Sendable func run(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        guard let staff = context.staff else { throw HTTPError(.unauthorized) }
        let fields = try await FormFields(request: &request, context: context)
        let filter = (try? OrdersController.filter(fields["status"])) ?? .needsAttention
        let search = OrderSearch(fields["q"])
        let form = BulkForm(
            orders: fields.all("orders"), action: fields.text("action"), reason: String(fields.text("reason").prefix(40)),
            restock: fields.isTicked("restock"), notifyCustomer: fields.isTicked("notify_customer"))
        let command: BulkCommand
        switch BulkRules.validate(form) {
        case .success(let valid): command = valid
        case .failure(let errors):
            return try await list.render(
                filter: filter, search: search, cursor: nil, bulkForm: form, errors: errors, context: context,
                status: .unprocessableContent)
        }
        guard let key = fields["idempotency_key"], (8...100).contains(key.count),
            key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
        else {
            throw PageError.badRequest(
                "The form is missing its one-time key, so nothing was changed.", advice: "Reload the list and try again.")
        }
        let result: BulkResult
        do {
            result = try await bulk.run(command, key: key, staff: staff)
        } catch OrderActionError.keyReused {
            throw PageError.formAlreadySent(advice: "Go back to the list to see where the orders stand.")
        }
        SessionSettings.setFlash(result.summary, context: context)
        let page = BulkResultsPage(
            chrome: PageChrome(
                title: "\(command.action.label): results", context: context, consumeFlash: false, navOrders: true),
            result: result, filter: filter, search: search)
        return try renderer.render("orders/bulk-results", page)
    }
}
