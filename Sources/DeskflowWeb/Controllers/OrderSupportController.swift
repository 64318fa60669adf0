import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Hummingbird

/// Handing a failed order to support, with its diagnostics.
struct OrderSupportController {
    let responder: OrderActionResponder
    let requests: SupportRequests

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/orders/:number/support", use: showForm)
        router.post("/orders/:number/support", use: send)
    }

    /// GET /orders/{number}/support — the request form, prefilled with the order's diagnostics; 409 saying how to set a
    /// support address when there is none.
    @Sendable func showForm(request: Request, context: AppRequestContext) async throws -> Response {
        let address = requests.address
        let format = responder.orderPage.renderer.format
        return try await responder.showForm(
            availability: { OrderAction.contactSupport.availability(for: $0, support: address) }, context: context
        ) { detail, key in
            let form = SupportRequestForm.prefilled(
                for: detail.order, timeline: detail.events, orderPath: SitePath.order(detail.order.number), time: format.iso)
            return .form(OrderForms.support(detail.order, form, nil, to: address, csrf: context.csrfToken ?? "", key: key))
        }
    }

    /// POST /orders/{number}/support — queues the request for the support address and records it on the timeline.
    @Sendable func send(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let (detail, fields, change, staff) = try await responder.begin(&request, context: context)
        let form = SupportRequestForm(
            subject: fields.text("subject"), body: String((fields["body"] ?? "").prefix(2 * SupportRequestForm.maximumBodyLength)))
        let dialog = { (order: Order, errors: FormErrors?, changed: Bool, key: String) -> OrderDialog in
            .form(OrderForms.support(order, form, errors, to: requests.address, changed: changed, csrf: context.csrfToken ?? "", key: key))
        }
        return try await responder.respond(
            detail, context: context, change: change, dialogOnError: { dialog($0, $1, false, $2) },
            dialogOnStale: { dialog($0, nil, true, $1) }
        ) {
            try await requests.send(
                number: detail.order.number, version: change.version, key: change.idempotencyKey, staff: staff, form: form)
        }
    }
}
