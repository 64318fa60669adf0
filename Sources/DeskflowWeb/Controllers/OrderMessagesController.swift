import DeskflowDomain
import DeskflowOperations
import Hummingbird

/// Writing to the customer from the order.
struct OrderMessagesController {
    let responder: OrderActionResponder
    let messages: CustomerMessages

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/orders/:number/messages", use: showForm)
        router.post("/orders/:number/messages", use: send)
    }

    /// GET /orders/{number}/messages — the message form, prefilled from the order's failure.
    @Sendable func showForm(request: Request, context: AppRequestContext) async throws -> Response {
        try await responder.showForm(.messageCustomer, context: context) { order, key in
            .form(OrderForms.message(order, .prefilled(for: order), nil, csrf: context.csrfToken ?? "", key: key))
        }
    }

    /// POST /orders/{number}/messages — queues the message and records it on the timeline.
    @Sendable func send(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let (detail, fields, change, staff) = try await responder.begin(&request, context: context)
        let form = CustomerMessageForm(subject: fields.text("subject"), body: String((fields["body"] ?? "").prefix(20_000)))
        return try await responder.respond(detail, context: context, change: change, dialogOnError: { order, errors, key in
            .form(OrderForms.message(order, form, errors, csrf: context.csrfToken ?? "", key: key))
        }) {
            try await messages.send(number: detail.order.number, version: change.version, key: change.idempotencyKey, staff: staff, form: form)
        }
    }
}
