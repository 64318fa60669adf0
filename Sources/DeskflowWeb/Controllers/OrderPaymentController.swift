import DeskflowDomain
import DeskflowOperations
import Hummingbird

/// Resolving failed payments: retry, ask for or record a new payment method, mark as paid.
struct OrderPaymentController {
    let responder: OrderActionResponder
    let payments: PaymentResolution
    /// The payment methods the configured provider lets a manager record.
    let methods: [PaymentMethodChoice]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/orders/:number/payment/retry", use: retry)
        router.post("/orders/:number/payment/request", use: requestMethod)
        router.get("/orders/:number/payment/method", use: showMethodForm)
        router.post("/orders/:number/payment/method", use: recordMethod)
        router.get("/orders/:number/payment/mark-paid", use: showMarkPaidForm)
        router.post("/orders/:number/payment/mark-paid", use: markPaid)
    }

    /// POST /orders/{number}/payment/retry — charges the method on file again.
    @Sendable func retry(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let (detail, _, change, staff) = try await responder.begin(&request, context: context)
        return try await responder.respond(detail, context: context, change: change) {
            try await payments.retryPayment(number: detail.order.number, version: change.version, key: change.idempotencyKey, staff: staff)
        }
    }

    /// POST /orders/{number}/payment/request — emails the customer for a new payment method.
    @Sendable func requestMethod(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let (detail, _, change, staff) = try await responder.begin(&request, context: context)
        return try await responder.respond(detail, context: context, change: change) {
            try await payments.requestPaymentMethod(number: detail.order.number, version: change.version, key: change.idempotencyKey, staff: staff)
        }
    }

    /// GET /orders/{number}/payment/method — the form to record a new payment method.
    @Sendable func showMethodForm(request: Request, context: AppRequestContext) async throws -> Response {
        try await responder.showForm(.recordPaymentMethod, context: context) { order, key in
            .form(OrderForms.paymentMethod(order, methods: methods, choice: "", nil, csrf: context.csrfToken ?? "", key: key))
        }
    }

    /// POST /orders/{number}/payment/method — records the new payment method: a Stripe PaymentMethod id, or a choice
    /// from the simulator's list.
    @Sendable func recordMethod(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let (detail, fields, change, staff) = try await responder.begin(&request, context: context)
        let choice = String((fields["payment_method"] ?? "").prefix(500))
        return try await responder.respond(detail, context: context, change: change, dialogOnError: { order, errors, key in
            .form(OrderForms.paymentMethod(order, methods: methods, choice: choice, errors, csrf: context.csrfToken ?? "", key: key))
        }) {
            try await payments.updatePaymentMethod(
                number: detail.order.number, version: change.version, key: change.idempotencyKey, staff: staff, choice: choice)
        }
    }

    /// GET /orders/{number}/payment/mark-paid — the form to record a payment received elsewhere.
    @Sendable func showMarkPaidForm(request: Request, context: AppRequestContext) async throws -> Response {
        try await responder.showForm(.markPaid, context: context) { order, key in
            .form(OrderForms.markPaid(order, reference: "", nil, csrf: context.csrfToken ?? "", key: key))
        }
    }

    /// POST /orders/{number}/payment/mark-paid — records it with its reference.
    @Sendable func markPaid(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let (detail, fields, change, staff) = try await responder.begin(&request, context: context)
        let reference = String((fields["reference"] ?? "").prefix(500))
        return try await responder.respond(detail, context: context, change: change, dialogOnError: { order, errors, key in
            .form(OrderForms.markPaid(order, reference: reference, errors, csrf: context.csrfToken ?? "", key: key))
        }) {
            try await payments.markPaid(
                number: detail.order.number, version: change.version, key: change.idempotencyKey, staff: staff, reference: reference)
        }
    }
}
