import DeskflowDomain
import Foundation

/// A form submission's idempotency key, with a fingerprint of what was submitted under it.
public struct IdempotencyClaim: Hashable, Sendable {
    public var key: String
    public var staffID: Int64
    public var fingerprint: String

    /// Keys are kept at least this long: form keys and the storefront's API keys alike.
    public static let retention: TimeInterval = 48 * 60 * 60

    public init(key: String, staffID: Int64, fingerprint: String) {
        self.key = key
        self.staffID = staffID
        self.fingerprint = fingerprint
    }

    /// The claim for `action` sent with `values`, the one way every action fingerprints what it was sent.
    public init(key: String, staffID: Int64, action: String, values: [String]) {
        self.init(key: key, staffID: staffID, fingerprint: Self.fingerprint(action: action, values: values))
    }

    /// The action and its values, each with backslashes and `|` escaped, joined by `|`: two different submissions never
    /// share a fingerprint, whatever their values hold.
    public static func fingerprint(action: String, values: [String]) -> String {
        ([action] + values).map { value in
            value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
        }.joined(separator: "|")
    }
}

/// What the first request under a key was told, replayed to any repeat.
public struct StoredResult: Hashable, Sendable {
    public var flash: String?

    public init(flash: String?) {
        self.flash = flash
    }
}

/// The key was used before for a different submission.
public struct IdempotencyKeyReused: Error, Equatable {
    package init() {}
}

/// The order changed since the form was rendered; `current` is the order as it is now.
public struct StaleVersion: Error, Equatable {
    public let current: Order

    package init(current: Order) {
        self.current = current
    }
}

public enum OrderWriteError: Error, Equatable {
    case orderNotFound
}
