import Crypto
import DeskflowDomain
import DeskflowStore
import Foundation

/// API tokens for storefronts: made with 256 random bits, shown once, kept only as their SHA-256, checked by hash.
public struct StorefrontTokens: Sendable {
    let database: any DeskflowDatabase
    let clock: AppClock

    public init(database: any DeskflowDatabase, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    /// A new token and what the store keeps of it. The token is returned once: nothing can show it again.
    public func create(name rawName: String, role: StaffRole) async throws -> (token: String, record: APIToken) {
        let name = try TextField("name", label: "Token name").validate(rawName).get()
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = "dfk_" + bytes.map { String(format: "%02x", $0) }.joined()
        let record = try await database.createAPIToken(name: name, role: role, tokenHash: Self.hash(token), now: clock.now)
        return (token, record)
    }

    /// The live token a request's bearer value stands for, or `nil`.
    public func authenticate(_ presented: String) async throws -> APIToken? {
        // Only a well-formed token is looked up; the lookup is by its hash, so no stored value is compared with what
        // the client typed, and timing says nothing about a real token.
        guard presented.hasPrefix("dfk_"), presented.utf8.count == 68 else { return nil }
        return try await database.activeAPIToken(hash: Self.hash(presented))
    }

    public func list() async throws -> [APIToken] { try await database.apiTokens() }

    public func revoke(id: Int64) async throws -> Bool { try await database.revokeAPIToken(id: id, now: clock.now) }

    /// Lower-case hex SHA-256.
    public static func hash(_ text: String) -> String { hash(bytes: Data(text.utf8)) }

    static func hash(bytes: Data) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
