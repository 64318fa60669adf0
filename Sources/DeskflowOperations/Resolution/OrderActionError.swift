import DeskflowDomain

/// Why an action on an order did not happen; nothing was changed in any case.
public enum OrderActionError: Error {
    case orderNotFound
    /// The action does not apply to the order as it stands (409).
    case notAllowed(String)
    /// The order changed since the form was rendered (409).
    case stale
    /// The form has errors (422); the order is the one it was filled in on.
    case invalid(FormErrors)
    /// The idempotency key was used before with different values (422).
    case keyReused
}
