import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Hummingbird

/// The one way an order action answers: 303 back to the order with a flash, or a page saying what went wrong —
/// the dialog again with its errors (422), the reason it does not apply or the fresh order (409), the key reused
/// (422), or no such order (404).
struct OrderActionResponder {
    let orderPage: OrderPage
    let makeToken: @Sendable () -> String

    /// The order for the path, its change fields, and the signed-in manager.
    func begin(_ request: inout Request, context: AppRequestContext) async throws -> (OrderDetail, FormFields, OrderChangeFields, StaffUser) {
        let detail = try await orderPage.detail(context.parameters.get("number"))
        guard let staff = context.staff else { throw HTTPError(.unauthorized) }
        let fields = try await FormFields(request: &request, context: context)
        return (detail, fields, try OrderChangeFields(fields), staff)
    }

    /// `dialogOnError` shows the form again with what was typed; without it a 422 page lists the errors.
    /// `dialogOnStale` shows the form again over the fresh order with a new key; without it a 409 page says so.
    func respond(
        _ detail: OrderDetail, context: AppRequestContext, change: OrderChangeFields,
        dialogOnError: ((Order, FormErrors, _ key: String) -> OrderDialog)? = nil,
        dialogOnStale: ((Order, _ key: String) -> OrderDialog)? = nil,
        _ action: () async throws -> String
    ) async throws -> Response {
        let number = detail.order.number
        do {
            SessionSettings.setFlash(try await action(), context: context)
            return .redirect(to: SitePath.order(number), type: .normal)
        } catch OrderActionError.invalid(let errors) {
            guard let dialogOnError else {
                throw PageError(
                    status: .unprocessableContent, title: "That could not be saved",
                    message: errors.errors.map(\.message).joined(separator: " "), advice: "Go back and correct it.")
            }
            return try await orderPage.render(
                detail, context: context, dialog: { order in dialogOnError(order, errors, change.idempotencyKey) },
                status: .unprocessableContent)
        } catch OrderActionError.notAllowed(let reason) {
            throw PageError.conflict(reason, advice: "Nothing was changed. Go back to order #\(number) to see where it stands.")
        } catch OrderActionError.stale {
            guard let dialogOnStale, let fresh = try await orderPage.database.orderDetail(number: number) else {
                throw PageError.conflict(
                    "Order #\(number) changed since you opened it, so nothing was done.",
                    advice: "Go back to the order, check it as it is now, and try again if it is still needed.")
            }
            let key = makeToken()
            return try await orderPage.render(fresh, context: context, dialog: { order in dialogOnStale(order, key) }, status: .conflict)
        } catch OrderActionError.keyReused {
            throw PageError.formAlreadySent(advice: "Go back to order #\(number) to see what happened.")
        } catch OrderActionError.orderNotFound {
            throw PageError.notFound("There is no order #\(number).")
        }
    }

    /// GET for a form over the order page: the form, or 409 with the reason when the action does not apply.
    func showForm(_ action: OrderAction, context: AppRequestContext, form: (Order, String) -> OrderDialog) async throws -> Response {
        try await showForm(availability: action.availability(for:), context: context) { detail, key in form(detail.order, key) }
    }

    /// The same, for a form built from the whole order page (its timeline too), whose action's availability depends on
    /// more than the order.
    func showForm(
        availability: (Order) -> ActionAvailability, context: AppRequestContext, form: (OrderDetail, String) -> OrderDialog
    ) async throws -> Response {
        let detail = try await orderPage.detail(context.parameters.get("number"))
        if case .unavailable(let reason) = availability(detail.order) {
            throw PageError.conflict(reason, advice: "Go back to order #\(detail.order.number) to see where it stands.")
        }
        let key = makeToken()
        return try await orderPage.render(detail, context: context, dialog: { _ in form(detail, key) })
    }
}
