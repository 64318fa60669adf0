import DeskflowDomain
import DeskflowStore
import Foundation

/// Handing a failed order to support: the request goes through the outbox to the support address, with replies to
/// the manager who sent it, and onto the timeline.
public struct SupportRequests: Sendable {
    let actions: OrderActions
    /// `--support-email`; `nil` when this server has none, and every request is refused saying how to set one.
    public let address: SupportAddress?

    public init(database: any DeskflowDatabase, clock: AppClock, address: SupportAddress?) {
        self.actions = OrderActions(database: database, clock: clock)
        self.address = address
    }

    public func send(number: Int, version: Int, key: String, staff: StaffUser, form: SupportRequestForm) async throws -> String {
        guard let address else { throw OrderActionError.notAllowed(SupportAddress.notConfigured) }
        let request = try form.validate().orInvalid()
        let result = try await actions.apply(
            .contactSupport, number: number, version: version, key: key, staff: staff, fields: [request.subject, request.body]
        ) { snapshot in
            try Decide.contactSupport(request, to: address, replyTo: staff.email, on: snapshot)
        }
        return result.flash ?? "Sent to \(address)."
    }
}
