import Dispatch
import HummingbirdBcrypt

/// bcrypt, run off the cooperative thread pool: hashing is deliberately slow and must not stall other requests.
public struct PasswordHasher: Sendable {
    public let cost: UInt8

    public init(cost: UInt8 = 11) {
        precondition(cost >= 10, "bcrypt cost below 10 is too weak for staff passwords")
        self.cost = cost
    }

    public func hash(_ password: String) async -> String {
        await Self.offloaded { [cost] in Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async -> Bool {
        await Self.offloaded { Bcrypt.verify(password, hash: hash) }
    }

    private static func offloaded<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}
