import DeskflowOperations
import Hummingbird

/// Retrying a refund the gateway refused.
struct OrderRefundsController {
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
            .form(OrderForms.markRefunded(order, refundID: refundID, reference: "", nil, csrf: context.csrfToken ?? "", key: key))
        }
    }

    /// POST /orders/{number}/refunds/{id}/mark-refunded — records it with its reference and clears the failure.
    @Sendable func markRefunded(request: Request, context: AppRequestContext) async throws -> Response {
        let refundID = try Self.refundID(context)
        var request = request
        let (detail, fields, change, staff) = try await responder.begin(&request, context: context)
        let reference = String((fields["reference"] ?? "").prefix(500))
        return try await responder.respond(detail, context: context, change: change, dialogOnError: { order, errors, key in
            .form(OrderForms.markRefunded(order, refundID: refundID, reference: reference, errors, csrf: context.csrfToken ?? "", key: key))
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
        let refundID = try Self.refundID(context)
        var request = request
        let (detail, _, change, staff) = try await responder.begin(&request, context: context)
        return try await responder.respond(detail, context: context, change: change) {
            try await retryRefund.run(
                number: detail.order.number, refundID: refundID, version: change.version, idempotencyKey: change.idempotencyKey,
                staff: staff)
        }
    }
}
