import DeskflowOperations
import Hummingbird

/// Retrying a refund the gateway refused.
struct OrderRefundsController {
    let orderPage: OrderPage
    let retryRefund: RetryRefund
    let responder: OrderActionResponder
    let payments: PaymentResolution

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/orders/:number/refunds/:id/retry", use: retry)
        router.get("/orders/:number/refunds/:id/mark-refunded", use: showMarkRefundedForm)
        router.post("/orders/:number/refunds/:id/mark-refunded", use: markRefunded)
    }

    /// GET /orders/{number}/refunds/{id}/mark-refunded — the form to record a refund paid back another way.
    @Sendable func showMarkRefundedForm(request: Request, context: AppRequestContext) async throws -> Response {
        let refundID = try Self.refundID(context)
        return try await responder.showForm(.markRefunded, context: context) { order, key in
            OrderForms.markRefunded(order, refundID: refundID, reference: "", nil, csrf: context.csrfToken ?? "", key: key)
        }
    }

    /// POST /orders/{number}/refunds/{id}/mark-refunded — records it with its reference and clears the failure.
    @Sendable func markRefunded(request: Request, context: AppRequestContext) async throws -> Response {
        let refundID = try Self.refundID(context)
        var request = request
        let (detail, fields, change, staff) = try await responder.begin(&request, context: context)
        let reference = String((fields["reference"] ?? "").prefix(500))
        return try await responder.respond(detail, context: context, change: change, formOnError: { order, errors, key in
            OrderForms.markRefunded(order, refundID: refundID, reference: reference, errors, csrf: context.csrfToken ?? "", key: key)
        }) {
            try await payments.markRefunded(
                number: detail.order.number, refundID: refundID, version: change.version, key: change.idempotencyKey,
                staff: staff, reference: reference)
        }
    }

    static func refundID(_ context: AppRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), text.count <= 18, let id = Int64(text), id > 0 else {
            throw PageError.notFound("There is no such refund.", advice: "Go back to the order and use its menu.")
        }
        return id
    }

    /// POST /orders/{number}/refunds/{id}/retry — sends the refund again with its original idempotency key.
    @Sendable func retry(request: Request, context: AppRequestContext) async throws -> Response {
        let detail = try await orderPage.detail(context.parameters.get("number"))
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
