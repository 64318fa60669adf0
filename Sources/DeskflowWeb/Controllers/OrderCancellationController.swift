import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Hummingbird

/// Cancelling an order: the dialog, and the cancellation itself.
struct OrderCancellationController {
    let orderPage: OrderPage
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
        let detail = try await orderPage.detail(context.parameters.get("number"))
        guard let staff = context.staff else { throw HTTPError(.unauthorized) }
        var request = request
        let fields = try await FormFields(request: &request, context: context)
        let change = try OrderChangeFields(fields)
        let form = CancellationForm(fields)
        do {
            let flash = try await cancelOrder.run(
                number: detail.order.number, form: form, version: change.version, idempotencyKey: change.idempotencyKey,
                staff: staff)
            SessionSettings.setFlash(flash, context: context)
            return .redirect(to: "/orders/\(detail.order.number)", type: .normal)
        } catch CancelOrderError.invalid(let errors, let order) {
            return try await renderDialog(order: order, form: form, errors: errors, key: change.idempotencyKey, context: context, status: .unprocessableContent)
        } catch CancelOrderError.stale(let fresh) {
            return try await renderDialog(
                order: fresh, form: form, errors: nil, key: makeToken(), context: context, status: .conflict,
                stale: "Someone changed this order while you had the dialog open. Check the order as it is now, then cancel again.")
        } catch CancelOrderError.refused(let refusal) {
            throw Self.refusedPage(refusal, detail.order)
        } catch CancelOrderError.keyReused {
            throw PageError(
                status: .unprocessableContent, title: "That form was already sent",
                message: "This cancel form was already submitted with different values, so nothing more was changed.",
                advice: "Open the order again to see what happened, then start a new cancellation if one is still needed.")
        } catch CancelOrderError.orderNotFound {
            throw PageError.notFound("There is no order #\(detail.order.number).")
        }
    }

    private func renderDialog(
        order: Order, form: CancellationForm, errors: FormErrors?, key: String, context: AppRequestContext,
        status: HTTPResponse.Status, stale: String? = nil
    ) async throws -> Response {
        guard let detail = try await orderPage.database.orderDetail(number: order.number) else {
            throw PageError.notFound("There is no order #\(order.number).")
        }
        return try await orderPage.render(detail, context: context, dialog: { fresh in
            .cancel(CancelDialog(
                order: fresh, form: form, errors: errors, csrfToken: context.csrfToken ?? "", idempotencyKey: key, staleMessage: stale))
        }, status: status)
    }

    static func refusedPage(_ refusal: CancellationRefusal, _ order: Order) -> PageError {
        .conflict(refusal.message, advice: "Nothing was changed. Go back to order #\(order.number) to see where it stands.")
    }
}
