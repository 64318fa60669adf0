import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

/// Cancels an order: one transaction for everything Deskflow owns (decided by `Decide.cancel`), then the refund or
/// void at the provider under its own key, then a second transaction for the provider's answer.
public struct CancelOrder: Sendable {
    let actions: OrderActions
    let payments: PaymentCalls
    let logger: Logger

    public init(database: any DeskflowDatabase, gateway: any PaymentGateway, clock: AppClock, logger: Logger) {
        self.actions = OrderActions(database: database, clock: clock)
        self.payments = PaymentCalls(database: database, gateway: gateway, clock: clock, logger: logger)
        self.logger = logger
    }

    /// Returns the flash message for the order page.
    public func run(number: Int, form: CancellationForm, version: Int, idempotencyKey key: String, staff: StaffUser) async throws -> String {
        let paymentKey = "cancel-\(key)"
        let fields = [
            form.refundAmount, String(form.issueRefund), String(form.restock), String(form.notifyCustomer), form.reason, form.note,
        ]
        let result = try await actions.apply(.cancel, number: number, version: version, key: key, staff: staff, fields: fields) { snapshot in
            try Decide.cancel(form, on: snapshot, paymentKey: paymentKey)
        }
        switch result {
        case .replayed(let flash):
            logger.info("cancel replayed", metadata: ["order": "\(number)", "key": "\(key)"])
            return flash ?? "Order #\(number) cancelled."
        case .applied(let before, let change):
            logger.info(
                "order cancelled",
                metadata: ["order": "\(number)", "staff": "\(staff.id)", "reason": "\(change.cancellation?.reason.rawValue ?? "")"])
            guard let call = change.outgoingCall, case .success(let command) = form.validate(for: before.order) else {
                return change.flash ?? "Order #\(number) cancelled."
            }
            return await payments.finish(call, key: key) { outcome in
                CancellationWording.flash(command, order: before.order, outcome: outcome)
            }
        }
    }
}
