import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

/// Sends a failed refund again with its original idempotency key, so the customer can never be refunded twice.
public struct RetryRefund: Sendable {
    let actions: OrderActions
    let payments: PaymentCalls

    public init(database: any DeskflowDatabase, gateway: any PaymentGateway, clock: AppClock, logger: Logger) {
        self.actions = OrderActions(database: database, clock: clock)
        self.payments = PaymentCalls(database: database, gateway: gateway, clock: clock, logger: logger)
    }

    public func run(number: Int, refundID: Int64, version: Int, idempotencyKey key: String, staff: StaffUser) async throws -> String {
        let result = try await actions.apply(
            .retryRefund, number: number, version: version, key: key, staff: staff, fields: [String(refundID)]
        ) { snapshot in
            try Decide.retryRefund(id: refundID, on: snapshot)
        }
        switch result {
        case .replayed(let flash):
            return flash ?? "The refund was retried."
        case .applied(_, let change):
            guard let call = change.outgoingCall else { return "The refund was retried." }
            return await payments.finish(call, key: key) { outcome in
                switch outcome {
                case .succeeded: "Refunded \(call.amount.formatted) to \(call.card?.label ?? "the customer")."
                case .failed(let message): "The refund of \(call.amount.formatted) failed again: \(message)"
                case .pending: "The refund of \(call.amount.formatted) is being processed."
                }
            }
        }
    }
}
