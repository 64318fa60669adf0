import Foundation

/// What a manager can do to many orders at once from the queue.
public enum BulkAction: String, CaseIterable, Sendable {
    /// Each order's own retry, when a retry can work.
    case retry
    /// Cancel each order with a full refund of what is refundable.
    case cancel

    /// For the summary: "Retried 48 orders".
    public var pastTense: String {
        switch self {
        case .retry: "Retried"
        case .cancel: "Cancelled"
        }
    }

    public var label: String {
        switch self {
        case .retry: "Retry selected"
        case .cancel: "Cancel selected"
        }
    }
}

/// The form of a bulk action, as typed: the order numbers ticked and, for a cancel, its reason, restock and notify.
public struct BulkForm: Hashable, Sendable {
    public var orders: [String]
    public var action: String
    public var reason: String
    public var restock: Bool
    public var notifyCustomer: Bool

    public init(orders: [String], action: String, reason: String, restock: Bool, notifyCustomer: Bool) {
        self.orders = orders
        self.action = action
        self.reason = reason
        self.restock = restock
        self.notifyCustomer = notifyCustomer
    }
}

/// A checked bulk request: which orders, what to do to each.
public struct BulkCommand: Hashable, Sendable {
    public var action: BulkAction
    /// In the order they were ticked, each once.
    public var numbers: [Int]
    /// Values that are not order numbers at all; each is reported as skipped.
    public var unreadable: [String]
    public var cancelReason: CancelReason?
    public var restock: Bool
    public var notifyCustomer: Bool

    /// What the submission said, in a fixed order, for its idempotency fingerprint.
    public var fingerprintValues: [String] {
        [action.rawValue, cancelReason?.rawValue ?? "", String(restock), String(notifyCustomer)]
            + numbers.map(String.init) + unreadable
    }
}

/// What a bulk request does to one order.
public enum BulkStep: Hashable, Sendable {
    /// Run this action through the same operation a manager's one-order form uses.
    case run(OrderAction)
    /// Leave the order as it is, for this reason.
    case skip(String)
}

/// How one order came out of a bulk request.
public enum BulkOutcome: Hashable, Sendable {
    case done(String)
    case skipped(String)
    case failed(String)

    /// The `data-outcome` value.
    public var name: String {
        switch self {
        case .done: "done"
        case .skipped: "skipped"
        case .failed: "failed"
        }
    }

    public var detail: String {
        switch self {
        case .done(let text), .skipped(let text), .failed(let text): text
        }
    }
}

/// The rules of acting on many orders at once: which orders a request may hold, what it does to each order as it
/// stands, and how each one came out.
public enum BulkRules {
    /// The most orders one request acts on; a request with more is refused whole, so nothing is half done.
    public static let maximumOrders = 100

    /// Checks the form: an action, at least one order and at most `maximumOrders`, and a reason for a cancel.
    public static func validate(_ form: BulkForm) -> Result<BulkCommand, FormErrors> {
        var errors: [FieldError] = []
        let action = BulkAction(rawValue: form.action)
        if action == nil {
            errors.append(FieldError(field: "action", message: "Choose Retry selected or Cancel selected."))
        }
        var numbers: [Int] = []
        var unreadable: [String] = []
        for value in form.orders {
            let text = value.trimmingCharacters(in: .whitespaces).drop(while: { $0 == "#" })
            if !text.isEmpty, text.count <= 12, text.allSatisfy({ ("0"..."9").contains($0) }), let number = Int(text) {
                if !numbers.contains(number) { numbers.append(number) }
            } else if !unreadable.contains(String(value.prefix(40))) {
                unreadable.append(String(value.prefix(40)))
            }
        }
        let count = numbers.count + unreadable.count
        if count == 0 {
            errors.append(FieldError(field: "orders", message: "Tick at least one order."))
        } else if count > maximumOrders {
            errors.append(FieldError(
                field: "orders",
                message: "Choose at most \(maximumOrders) orders at a time; \(count) were ticked. Nothing was done."))
        }
        var reason: CancelReason?
        if action == .cancel {
            reason = CancelReason(rawValue: form.reason)
            if reason == nil {
                errors.append(FieldError(field: "reason", message: "Choose a reason for cancelling."))
            }
        }
        guard errors.isEmpty, let action else { return .failure(FormErrors(errors)) }
        return .success(BulkCommand(
            action: action, numbers: numbers, unreadable: unreadable, cancelReason: reason,
            restock: action == .cancel && form.restock, notifyCustomer: action == .cancel && form.notifyCustomer))
    }

    /// What `command` does to `order` as it stands now (`nil`: there is no such order).
    /// - retry: the failure's own retry when it can work (a passing cause, or its fix made); a failure that needs a
    ///   fix first is skipped with why, as is an order with nothing to retry;
    /// - cancel: any order the cancellation rules allow, with a full refund of what is refundable.
    public static func step(_ command: BulkCommand, for order: Order?, number: Int) -> BulkStep {
        guard let order else { return .skip("There is no order #\(number).") }
        switch command.action {
        case .retry:
            guard let issue = order.issue else {
                return .skip(order.status == .cancelled
                    ? "The order is cancelled and nothing has failed." : "Nothing has failed, so there is nothing to retry.")
            }
            if !issue.canRetryNow {
                return .skip("It needs a fix first (\(issue.fix.label)): \(issue.retryWarning ?? issue.message)")
            }
            if case .unavailable(let reason) = issue.kind.retry.availability(for: order) { return .skip(reason) }
            return .run(issue.kind.retry)
        case .cancel:
            if case .refused(let refusal) = CancellationPolicy.eligibility(of: order) { return .skip(refusal.message) }
            return .run(.cancel)
        }
    }

    /// The cancel dialog's form as a bulk cancel fills it in: the full refundable amount, and the request's reason,
    /// restock and notify.
    public static func cancellationForm(_ command: BulkCommand, for order: Order) -> CancellationForm {
        var form = CancellationForm.defaults(for: order)
        form.reason = command.cancelReason?.rawValue ?? ""
        form.restock = command.restock
        form.notifyCustomer = command.notifyCustomer
        return form
    }

    /// How an order came out once `action` ran on it: a retry is done when the failure it retried is gone, a cancel
    /// when the order is cancelled (a refund that failed on the way stays open on the order, as for one cancel).
    /// `message` is what the one-order form's flash said.
    public static func outcome(of action: OrderAction, before: Order, after: Order, message: String) -> BulkOutcome {
        if action == .cancel {
            return after.status == .cancelled ? .done(message) : .failed(message)
        }
        if let issue = after.issue, issue.kind == before.issue?.kind {
            return .failed(issue.message.isEmpty ? message : issue.message)
        }
        return .done(message)
    }

    /// A request sent again under its key: each order's action already ran (or was skipped) the first time, so
    /// nothing runs again; its outcome is read from the order as it stands.
    public static func replayedOutcome(_ command: BulkCommand, order: Order, message: String) -> BulkOutcome {
        switch command.action {
        case .cancel:
            return order.status == .cancelled ? .done(message) : .failed(message)
        case .retry:
            guard let issue = order.issue else { return .done(message) }
            return .failed(issue.message.isEmpty ? message : issue.message)
        }
    }

    /// The flash on the queue: "Retried 48 orders: 45 done, 2 skipped, 1 failed".
    public static func summary(_ action: BulkAction, outcomes: [BulkOutcome]) -> String {
        let count = { (name: String) in outcomes.filter { $0.name == name }.count }
        let orders = outcomes.count == 1 ? "1 order" : "\(outcomes.count) orders"
        return "\(action.pastTense) \(orders): \(count("done")) done, \(count("skipped")) skipped, \(count("failed")) failed"
    }
}
