import DeskflowOperations
import Hummingbird

/// Retrying a refund the gateway refused.
struct OrderRefundsController {
    let orderPage: OrderPage
    let retryRefund: RetryRefund

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/orders/:number/refunds/:id/retry", use: retry)
    }

    /// POST /orders/{number}/refunds/{id}/retry — sends the refund again with its original idempotency key.
    @Sendable func retry(request: Request, context: AppRequestContext) async throws -> Response {
        let detail = try orderPage.detail(context.parameters.get("number"))
        guard let staff = context.staff else { throw HTTPError(.unauthorized) }
        guard let refundText = context.parameters.get("id"), let refundID = Int64(refundText) else {
            throw PageError.notFound("There is no such refund on order #\(detail.order.number).")
        }
        var request = request
        let change = try OrderChangeFields(try await FormFields(request: &request, context: context))
        let number = detail.order.number
        do {
            let flash = try await retryRefund.run(
                number: number, refundID: refundID, version: change.version, idempotencyKey: change.idempotencyKey, staff: staff)
            SessionSettings.setFlash(flash, context: context)
            return .redirect(to: "/orders/\(number)", type: .normal)
        } catch RetryRefundError.notRetryable(let reason) {
            throw PageError.conflict(reason, advice: "Nothing was changed. Go back to order #\(number) to see where it stands.")
        } catch RetryRefundError.stale {
            throw PageError.conflict(
                "Order #\(number) changed since you opened it, so the refund was not retried.",
                advice: "Go back to the order, check it, and retry from its menu if the refund still needs it.")
        } catch RetryRefundError.keyReused {
            throw PageError(
                status: .unprocessableContent, title: "That form was already sent",
                message: "This retry was already submitted with different values, so nothing more was changed.",
                advice: "Go back to the order to see where it stands.")
        } catch RetryRefundError.orderNotFound {
            throw PageError.notFound("There is no order #\(number).")
        }
    }
}
