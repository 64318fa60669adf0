import DeskflowDomain
import DeskflowStore
import Foundation

/// Writing to the customer about an order: the message goes through the outbox and onto the timeline.
public struct CustomerMessages: Sendable {
    let actions: OrderActions

    public init(database: AppDatabase, clock: AppClock) {
        self.actions = OrderActions(database: database, clock: clock)
    }

    public func send(number: Int, version: Int, key: String, staff: StaffUser, form: CustomerMessageForm) async throws -> String {
        let message: CustomerMessageForm
        switch form.validate() {
        case .success(let valid): message = valid
        case .failure(let errors): throw OrderActionError.invalid(errors)
        }
        let outcome = try await actions.run(
            .messageCustomer, number: number, version: version, key: key, staff: staff, fields: [message.subject, message.body]
        ) { order in
            var change = OrderChange()
            change.message = (message.subject, message.body)
            change.events = [EventEntry(.customerMessaged, "Emailed \(order.customer.email): “\(message.subject)”.")]
            return change
        }
        switch outcome {
        case .applied(let order): return try await actions.remember("Message to \(order.customer.email) queued for sending.", key: key)
        case .replayed(let flash): return flash ?? "Message queued for sending."
        }
    }
}
