import DeskflowOperations
import DeskflowStore
import Foundation
import Hummingbird

/// Puts the signed-in staff member on the context and sends everyone else to the sign-in page. Sessions end after
/// a spell of inactivity and, however active, after an absolute lifetime.
struct SignedInMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let openPaths: Set<String> = ["/login", "/healthz"]

    let database: any DeskflowDatabase
    let clock: AppClock
    let idleLifetime: Duration
    let absoluteLifetime: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let sessionLoaded = context.sessions.session != nil
        if let session = context.sessions.session, let staffID = session.staffID {
            let now = clock.now
            if now.timeIntervalSince(session.createdAt) > Self.seconds(absoluteLifetime)
                || now.timeIntervalSince(session.lastSeenAt) > Self.seconds(idleLifetime)
            {
                context.sessions.clearSession()
            } else if let staff = try await member(staffID, of: session) {
                context.staff = staff
                if now.timeIntervalSince(session.lastSeenAt) > 60 {
                    context.sessions.withLockedSession { data in
                        data?.lastSeenAt = now
                        data?.expiresIn = idleLifetime
                    }
                }
            } else {
                context.sessions.clearSession()
            }
        }
        guard context.staff != nil || Self.openPaths.contains(request.uri.path) else {
            if !sessionLoaded { try await refuseIfSessionWasUnreadable(request) }
            if request.method == .get || request.method == .head {
                return .redirect(to: "/login?next=" + Self.percentEncoded(Self.localTarget(of: request)), type: .normal)
            }
            return .redirect(to: "/login", type: .normal)
        }
        return try await next(request, context)
    }

    /// The member as read with the session (one statement on PostgreSQL, rather than a second for the member), or
    /// looked up on its own when the session was read without them.
    private func member(_ staffID: Int64, of session: StaffSession) async throws -> StaffUser? {
        if let staff = session.loadedStaff, staff.id == staffID { return staff }
        return try await database.staffUser(id: staffID)
    }

    /// hummingbird-auth's session middleware takes a session it could not read for no session at all, so while the
    /// database is away (PostgreSQL restarting) a signed-in manager would be sent to the sign-in page. A request
    /// whose cookie names a session that was not loaded looks it up once more: the database failing again answers
    /// with that fault's page, and a signed-in session that is there after all (so the first read failed) with the
    /// busy page, which says to try again. A cookie naming no live session still goes to sign-in.
    private func refuseIfSessionWasUnreadable(_ request: Request) async throws {
        guard let id = request.cookies[SessionSettings.cookieName]?.value,
            let stored = try await database.sessionData(id: SessionSettings.keyPrefix + id, now: clock.now),
            SessionPersistDriver.signedInStaffID(stored.data) != nil
        else { return }
        throw DatabaseFault.busy
    }

    static func seconds(_ duration: Duration) -> TimeInterval { TimeInterval(duration.components.seconds) }

    static func localTarget(of request: Request) -> String {
        let query = request.uri.query.map { "?\($0)" } ?? ""
        return request.uri.path + query
    }

    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? SitePath.orders
    }
}
