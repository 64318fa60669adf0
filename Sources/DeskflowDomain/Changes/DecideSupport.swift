import Foundation

extension Decide {
    /// Hands a failed order to support: the request is queued for the support address and kept on the timeline.
    /// `replyTo` is the manager who asked.
    public static func contactSupport(
        _ request: SupportRequestForm, to address: SupportAddress, replyTo: String?, on snapshot: OrderSnapshot
    ) throws(OrderRefusal) -> OrderChange {
        try OrderAction.contactSupport.require(on: snapshot.order)
        var change = OrderChange()
        change.supportRequest = SupportRequest(to: address, replyTo: replyTo, subject: request.subject, body: request.body)
        change.events = [Timeline.supportAsked(address, subject: request.subject)]
        change.flash = "Sent to \(address). The request is on the order's timeline."
        return change
    }
}
