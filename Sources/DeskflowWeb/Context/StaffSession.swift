import DeskflowStore
import Foundation

/// What the server keeps for one browser session. Anonymous sessions (before sign-in) carry only the CSRF token.
public struct StaffSession: Codable, Sendable, Equatable {
    public var staffID: Int64?
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
    /// The one-time message shown on the next page, then cleared.
    public var flash: String?
    /// The member the session is signed in as, read with it for this request (`StoredSession.staff`). Never stored
    /// with the session: a member may be disabled or change role between two requests.
    public var loadedStaff: StaffUser? = nil

    enum CodingKeys: String, CodingKey {
        case staffID, csrfToken, createdAt, lastSeenAt, flash
    }
}
