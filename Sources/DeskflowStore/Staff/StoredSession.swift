import Foundation

/// A live browser session as the store keeps it, with the member it is signed in as, read with it.
public struct StoredSession: Hashable, Sendable {
    public var data: Data
    public var expiresAt: Date?
    /// The member the session names beside its data (`staffID` when saved), while they may sign in: `nil` for an
    /// anonymous session, and once the member is disabled.
    public var staff: StaffUser?

    package init(data: Data, expiresAt: Date?, staff: StaffUser?) {
        self.data = data
        self.expiresAt = expiresAt
        self.staff = staff
    }
}
