import DeskflowDomain

/// Why an action on an order did not happen; nothing was changed in any case. Every order action answers with it.
public enum OrderActionError: Error {
    case orderNotFound
    /// The action does not apply to the order as it stands (409).
    case notAllowed(String)
    /// The order changed since the form was rendered (409); `current` is the order as it is now.
    case stale(current: Order)
    /// The form has errors (422).
    case invalid(FormErrors)
    /// The idempotency key was used before with different values (422).
    case keyReused
}
