import Foundation

/// Something in the database that breaks one of the store's invariants.
public struct StoreProblem: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A row that cannot be read as written (an unknown status), or a damaged file.
        case corrupt
        /// Stock that disagrees with its ledger.
        case stock
        /// Money that disagrees with itself or with the provider's ledger.
        case money
        /// A call to the provider, or a delivery, left waiting past the time anything waits on it.
        case pending
        /// A count kept by triggers that disagrees with the rows it counts.
        case counts
        /// Something done twice that must happen once.
        case duplicated
    }

    /// How long a refund, charge, capture or void may stay pending, and a delivery stay claimed, before it counts as
    /// stuck: the running server asks the provider again after two minutes, every minute.
    public static let pendingLimit: TimeInterval = 5 * 60

    public var kind: Kind
    public var detail: String

    public init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue): \(detail)" }

    /// Whether the file itself failed the engine's integrity check: then nothing read from it is worth reporting.
    public var isDamagedFile: Bool { kind == .corrupt && detail.hasPrefix(Self.integrityPrefix) }

    package static let integrityPrefix = "integrity check: "

    /// One report from several checks' problems (the store's own, a provider's ledger): by kind, in the order
    /// `Kind` lists them, each check's problems of a kind in the order that check found them.
    public static func report(_ checks: [StoreProblem]...) -> [StoreProblem] {
        Kind.allCases.flatMap { kind in checks.flatMap { problems in problems.filter { $0.kind == kind } } }
    }
}
