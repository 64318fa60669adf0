import Foundation

extension Decide {
    /// A message from staff to the customer, queued in the outbox and kept on the timeline.
    public static func messageCustomer(_ message: CustomerMessageForm, on snapshot: OrderSnapshot) throws(OrderRefusal) -> OrderChange {
        let order = snapshot.order
        try OrderAction.messageCustomer.require(on: order)
        var change = OrderChange()
        change.message = CustomerMessage(kind: .customerMessage, subject: message.subject, body: message.body)
        change.events = [Timeline.customerEmailed(order.customer.email, subject: message.subject)]
        change.flash = "Message to \(order.customer.email) queued for sending."
        return change
    }
}
