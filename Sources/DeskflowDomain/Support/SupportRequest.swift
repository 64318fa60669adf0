/// A request for help with a failed order, queued in the outbox with the change that records it and sent by the
/// delivery worker to the support address, with replies going to the manager who asked.
public struct SupportRequest: Hashable, Sendable {
    /// The outbox kind of a support request, and its `data-kind` on the notifications page.
    public static let kind = "support_request"

    public var to: SupportAddress
    /// The manager who asked, so support answers them rather than the store's no-reply sender.
    public var replyTo: String?
    public var subject: String
    public var body: String

    public init(to: SupportAddress, replyTo: String?, subject: String, body: String) {
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.body = body
    }

    /// The failures a manager hands to support: the warehouse's, which no action in Deskflow may fix. A payment or a
    /// refund has its own ways out (a new method, a refund made another way).
    public static func handsOver(_ kind: IssueKind?) -> Bool {
        kind == .processingError || kind == .fulfillmentFailed
    }
}

extension OrderAction {
    /// Whether this action applies, on a server whose support address is `support`: Contact support needs one, and
    /// says how to set it when there is none. Every other action is as `availability(for:)` says.
    public func availability(for order: Order, support: SupportAddress?) -> ActionAvailability {
        let byOrder = availability(for: order)
        guard self == .contactSupport, byOrder == .available, support == nil else { return byOrder }
        return .unavailable(SupportAddress.notConfigured)
    }
}
