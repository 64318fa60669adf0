import DeskflowDomain
import Foundation

/// A storefront's API token as the store keeps it: never the token itself, only what it is called and may do.
public struct APIToken: Hashable, Sendable {
    public var id: Int64
    public var name: String
    public var role: StaffRole
    public var createdAt: Date
    public var revokedAt: Date?

    package init(id: Int64, name: String, role: StaffRole, createdAt: Date, revokedAt: Date?) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
