import DeskflowDomain

/// A staff member who can sign in. The password hash never leaves the store except to be verified.
public struct StaffUser: Hashable, Sendable, Codable {
    public var id: Int64
    public var email: String
    public var name: String
    public var role: StaffRole

    package init(id: Int64, email: String, name: String, role: StaffRole) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
    }
}

public struct StaffCredentials: Sendable {
    public var user: StaffUser
    public var passwordHash: String
    /// A disabled member's password may still be right; they are refused all the same.
    public var isDisabled: Bool

    package init(user: StaffUser, passwordHash: String, isDisabled: Bool) {
        self.user = user
        self.passwordHash = passwordHash
        self.isDisabled = isDisabled
    }
}
