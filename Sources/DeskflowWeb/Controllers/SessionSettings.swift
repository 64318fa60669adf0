import DeskflowOperations
import DeskflowStore
import Foundation
import Hummingbird
import HummingbirdAuth

/// How sessions are made: the cookie's name, their lifetimes, and the tokens they carry.
struct SessionSettings: Sendable {
    static let cookieName = "deskflow_session"
    static let keyPrefix = "session."

    let clock: AppClock
    let makeToken: @Sendable () -> String
    let idleLifetime: Duration
    let persist: SessionPersistDriver

    func newSession(staffID: Int64?) -> StaffSession {
        let now = clock.now
        return StaffSession(staffID: staffID, csrfToken: makeToken(), createdAt: now, lastSeenAt: now, flash: nil)
    }

    /// Gives a signed-out visitor a session to hold the sign-in form's CSRF token.
    func ensureAnonymousSession(_ context: AppRequestContext) {
        if context.sessions.session == nil {
            context.sessions.createSession(newSession(staffID: nil), expiresIn: .seconds(60 * 60))
        }
    }

    /// Signs a staff member in under a brand-new session id, deleting the session they arrived with.
    func rotate(to staff: StaffUser, request: Request, context: AppRequestContext) async throws {
        if let oldID = request.cookies[Self.cookieName]?.value {
            try await persist.remove(key: Self.keyPrefix + oldID)
        }
        context.sessions.createSession(newSession(staffID: staff.id), expiresIn: idleLifetime)
    }

    /// Queues the one-time message the next page shows.
    static func setFlash(_ message: String, context: AppRequestContext) {
        context.sessions.withLockedSession { $0?.flash = message }
    }
}
