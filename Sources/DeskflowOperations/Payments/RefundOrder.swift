import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

/// Refunds part or all of what an order captured without cancelling it: one transaction for everything Deskflow owns
/// (decided by `Decide.refund`), then the refund at the provider under its own key, then a second transaction for
/// the provider's answer — the same path a cancellation's refund takes.
public struct RefundOrder: Sendable {
    let actions: OrderActions
    let payments: PaymentCalls
    let logger: Logger

    public init(database: any DeskflowDatabase, gateway: any PaymentGateway, clock: AppClock, logger: Logger) {
        self.actions = OrderActions(database: database, clock: clock)
        self.payments = PaymentCalls(database: database, gateway: gateway, clock: clock, logger: logger)
        self.logger = logger
    }

    /// Returns the flash message for the order page.
    public func run(number: Int, form: RefundForm, version: Int, idempotencyKey key: String, staff: StaffUser) async throws -> String {
        let paymentKey = "refund-\(key)"
        let quantities = form.quantities.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let fields = quantities + [
            String(form.refundShipping), form.refundAmount, String(form.restock), form.reason, form.note, String(form.notifyCustomer),
        ]
        let result = try await actions.apply(.refund, number: number, version: version, key: key, staff: staff, fields: fields) { snapshot in
            try Decide.refund(form, on: snapshot, paymentKey: paymentKey)
        }
        switch result {
        case .replayed(let flash):
            logger.info("refund replayed", metadata: ["order": "\(number)", "key": "\(key)"])
            return flash ?? "Refund requested on order #\(number)."
        case .applied(let before, let change):
            logger.info(
                "refund requested",
                metadata: ["order": "\(number)", "staff": "\(staff.id)", "amount": "\(change.newRefunds.first?.amount.minorUnits ?? 0)"])
            guard let call = change.outgoingCall, case .success(let command) = form.validate(for: before.order) else {
                return change.flash ?? "Refund requested on order #\(number)."
            }
            return await payments.finish(call, key: key) { outcome in
                RefundWording.flash(command, order: before.order, outcome: outcome)
            }
        }
    }
}
