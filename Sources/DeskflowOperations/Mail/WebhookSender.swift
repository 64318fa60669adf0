/// The port to the storefront's webhook endpoint. A delivery may arrive more than once (a crash between sending and
/// recording it); the event's `id` in the body lets the storefront drop the repeat.
public protocol WebhookSender: Sendable {
    /// POSTs `body`, signed, to `endpoint`; throws a `WebhookDeliveryError` saying why it did not arrive.
    func send(_ body: String, to endpoint: String) async throws
}

public struct WebhookDeliveryError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
