import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Hummingbird

/// Cancelling an order: the dialog, and the cancellation itself.
struct OrderCancellationController {
    let orderPage: OrderPage
    let responder: OrderActionResponder
    let cancelOrder: CancelOrder
    let makeToken: @Sendable () -> String

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/orders/:number/cancel", use: showDialog)
        router.post("/orders/:number/cancel", use: cancel)
    }

    /// GET /orders/{number}/cancel — the order page with the cancel dialog open.
    @Sendable func showDialog(request: Request, context: AppRequestContext) async throws -> Response {
        let detail = try await orderPage.detail(context.parameters.get("number"))
        if case .refused(let refusal) = CancellationPolicy.eligibility(of: detail.order) { throw Self.refusedPage(refusal, detail.order) }
        let key = makeToken()
        return try await orderPage.render(detail, context: context, dialog: { order in
            .cancel(CancelDialog(
                order: order, form: .defaults(for: order), errors: nil, csrfToken: context.csrfToken ?? "", idempotencyKey: key))
        })
    }

    /// POST /orders/{number}/cancel — cancels, refunds or voids, restocks and notifies; 303 back to the order.
    @Sendable func cancel(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let (detail, fields, change, staff) = try await responder.begin(&request, context: context)
        let form = CancellationForm(fields)
        let csrf = context.csrfToken ?? ""
        return try await responder.respond(
            detail, context: context, change: change,
            dialogOnError: { order, errors, key in
                .cancel(CancelDialog(order: order, form: form, errors: errors, csrfToken: csrf, idempotencyKey: key))
            },
            dialogOnStale: { order, key in
                .cancel(CancelDialog(
                    order: order, form: form, errors: nil, csrfToken: csrf, idempotencyKey: key,
                    staleMessage: "Someone changed this order while you had the dialog open. Check the order as it is now, then cancel again."))
            }
        ) {
            try await cancelOrder.run(
                number: detail.order.number, form: form, version: change.version, idempotencyKey: change.idempotencyKey, staff: staff)
        }
    }

    static func refusedPage(_ refusal: CancellationRefusal, _ order: Order) -> PageError {
        .conflict(refusal.message, advice: "Nothing was changed. Go back to order #\(order.number) to see where it stands.")
    }
}
