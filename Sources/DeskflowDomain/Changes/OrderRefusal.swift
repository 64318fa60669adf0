import Foundation

/// Why a decision changes nothing.
public enum OrderRefusal: Error, Hashable, Sendable {
    /// The action does not apply to the order as it stands.
    case notAllowed(String)
    /// What the manager typed does not make sense for this order.
    case invalid(FormErrors)
}

extension OrderAction {
    /// Refuses, with the reason a manager reads, when this action does not apply to the order as it stands.
    public func require(on order: Order) throws(OrderRefusal) {
        if case .unavailable(let reason) = availability(for: order) { throw .notAllowed(reason) }
    }
}

extension OrderIssue {
    /// The issue an order has once `kind` fails: attempts count up, and the date stays, while the kind is the same.
    public static func opening(_ kind: IssueKind, code: String, message: String, now: Date, replacing current: OrderIssue?) -> OrderIssue {
        let continuing = current?.kind == kind
        return OrderIssue(
            kind: kind, code: code, message: message, since: continuing ? current!.since : now,
            attempts: continuing ? current!.attempts + 1 : 1)
    }
}
