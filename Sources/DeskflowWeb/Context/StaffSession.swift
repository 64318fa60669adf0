import Foundation

/// What the server keeps for one browser session. Anonymous sessions (before sign-in) carry only the CSRF token.
public struct StaffSession: Codable, Sendable, Equatable {
    public var staffID: Int64?
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
    /// The one-time message shown on the next page, then cleared.
    public var flash: String?
}
