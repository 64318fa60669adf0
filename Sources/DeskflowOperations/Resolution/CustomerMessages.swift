import DeskflowDomain
import DeskflowStore
import Foundation

/// Writing to the customer about an order: the message goes through the outbox and onto the timeline.
public struct CustomerMessages: Sendable {
    let actions: OrderActions

    public init(database: any DeskflowDatabase, clock: AppClock) {
        self.actions = OrderActions(database: database, clock: clock)
    }

    public func send(number: Int, version: Int, key: String, staff: StaffUser, form: CustomerMessageForm) async throws -> String {
        let message = try form.validate().orInvalid()
        let result = try await actions.apply(
            .messageCustomer, number: number, version: version, key: key, staff: staff, fields: [message.subject, message.body]
        ) { snapshot in
            try Decide.messageCustomer(message, on: snapshot)
        }
        return result.flash ?? "Message queued for sending."
    }
}
