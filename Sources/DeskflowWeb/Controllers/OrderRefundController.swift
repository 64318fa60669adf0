import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Hummingbird

/// Refunding without cancelling: the dialog, Calculate, and the refund itself.
struct OrderRefundController {
    let orderPage: OrderPage
    let responder: OrderActionResponder
    let refundOrder: RefundOrder

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/orders/:number/refund", use: showDialog)
        router.post("/orders/:number/refund", use: refund)
    }

    /// GET /orders/{number}/refund — the order page with the refund dialog open.
    @Sendable func showDialog(request: Request, context: AppRequestContext) async throws -> Response {
        try await responder.showForm(.refund, context: context) { order, key in
            .refund(RefundDialog(
                order: order, form: .defaults(for: order), errors: nil, csrfToken: context.csrfToken ?? "", idempotencyKey: key))
        }
    }

    /// POST /orders/{number}/refund — `intent=calculate` shows the dialog again with the amount worked out and nothing
    /// changed; `intent=refund` refunds, restocks and notifies, then 303 back to the order.
    @Sendable func refund(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let (detail, fields, change, staff) = try await responder.begin(&request, context: context)
        let order = detail.order
        let form = RefundForm(fields, order: order)
        let csrf = context.csrfToken ?? ""
        switch fields["intent"] ?? "refund" {
        case "calculate":
            return try await calculate(form, detail: detail, change: change, context: context)
        case "refund":
            break
        default:
            throw PageError.badRequest("The form asked for something other than Calculate or Refund, so nothing was changed.")
        }
        return try await responder.respond(
            detail, context: context, change: change,
            dialogOnError: { order, errors, key in
                .refund(RefundDialog(order: order, form: form, errors: errors, csrfToken: csrf, idempotencyKey: key, version: change.version))
            },
            dialogOnStale: { order, key in
                .refund(RefundDialog(
                    order: order, form: form, errors: nil, csrfToken: csrf, idempotencyKey: key,
                    staleMessage: "Someone changed this order while you had the dialog open. Check what is left to refund, then refund again."))
            }
        ) {
            try await refundOrder.run(number: order.number, form: form, version: change.version, idempotencyKey: change.idempotencyKey, staff: staff)
        }
    }

    /// The dialog again with the amount the chosen items and shipping come to; what cannot be read is explained beside
    /// its field (422). The key and version stay those of the form, so the refund that follows is still checked
    /// against the order as the manager first saw it.
    private func calculate(_ form: RefundForm, detail: OrderDetail, change: OrderChangeFields, context: AppRequestContext) async throws -> Response {
        let order = detail.order
        if case .unavailable(let reason) = OrderAction.refund.availability(for: order) {
            throw PageError.conflict(reason, advice: "Nothing was changed. Go back to order #\(order.number) to see where it stands.")
        }
        var calculated = form
        var status = HTTPResponse.Status.ok
        var errors: FormErrors?
        if case .failure(let refused) = form.validate(for: order) {
            let selectionErrors = refused.errors.filter { $0.field.hasPrefix("refund_quantity_") || $0.field == "refund_shipping" }
            if !selectionErrors.isEmpty {
                errors = FormErrors(selectionErrors)
                status = .unprocessableContent
            }
        }
        if errors == nil { calculated.refundAmount = form.calculatedAmount(for: order).plainAmount }
        return try await orderPage.render(detail, context: context, dialog: { order in
            .refund(RefundDialog(
                order: order, form: calculated, errors: errors, csrfToken: context.csrfToken ?? "", idempotencyKey: change.idempotencyKey,
                version: change.version))
        }, status: status)
    }
}
