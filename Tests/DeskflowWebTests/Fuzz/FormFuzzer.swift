import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sends a route's fuzz budget through `app.test(.router)` as a signed-in manager with the session's CSRF token, and
/// checks every answer: never a 500 or another unexpected status, never a stack trace, the security headers always
/// there, and — whenever the request was refused (anything but a 303) — the order, stock and messages it aimed at
/// exactly as they were. The seed is fixed, so a failure is replayed by running the test again (only one route with
/// `DESKFLOW_FUZZ_ONLY=<route name>`); `DESKFLOW_FUZZ_TRACE=1` prints every request before it is sent (for a crash).
/// Each failure names the request (route, seed, index, path, mutations, body) and saves the exact body to a file.
struct FormFuzzer {
    /// What a refused request must leave exactly as it was.
    struct Fingerprint: Equatable {
        var order: OrderDetail?
        var stock: [StockLevel] = []
        var notificationCounts: [DeliveryState: Int] = [:]
        var notification: NotificationDetail?
        var sessionExists: Bool?
        var staff: [StaffMember] = []
    }

    struct Target {
        var path: String
        /// The order the request is about, for order routes.
        var number: Int?
        var version: Int?
        /// Still one the action applies to (so a valid request could succeed).
        var inPool: Bool
    }

    struct Report: Sendable {
        var sent = 0
        var statuses: [Int: Int] = [:]
        var failures: [String] = []
        var freshApps = 0
        /// How often the answers that are easy to miss came: a key sent again with other values, a stale version.
        var keyReused = 0
        var stale = 0

        var summary: String {
            "\(sent) requests, statuses "
                + statuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
                + " (\(keyReused) reused keys refused, \(stale) stale versions), "
                + "\(freshApps) database\(freshApps == 1 ? "" : "s")"
        }
    }

    static let allowedStatuses: Set<Int> = [200, 303, 400, 403, 404, 409, 413, 422]
    static let stackTraceMarkers = [
        ".swift:", "Fatal error", "fatalError", "Backtrace", "stack trace", "Stack trace", "DeskflowWeb.",
        "DeskflowStore.", "DeskflowOperations.", "DeskflowDomain.", "GRDB", "SQLite error", "DatabaseError",
        "HTTPError(", "PageError(", "NIOCore",
    ]
    static let maximumFreshApps = 4
    static let trace = ProcessInfo.processInfo.environment["DESKFLOW_FUZZ_TRACE"] != nil

    let route: FuzzRoute
    let seed: UInt64

    /// Runs the whole budget, on a fresh copy of the demo store whenever the orders the action applies to run out.
    func run() async throws -> Report {
        var report = Report()
        var mutator = FormMutator(seed: seed, keyPrefix: "fz\(seed % 1000)")
        var pathRandom = SeededRandom(seed: seed ^ 0x5EED)
        while report.sent < route.requests {
            let clock = MovableClock(testNow)
            let app = try await makeApp(clock: clock)
            let logs = LogCapture()
            report.freshApps += 1
            let outcome = try await app.run(logs: logs) { [report, mutator, pathRandom] client in
                var report = report
                var mutator = mutator
                var pathRandom = pathRandom
                var cookie = try await client.signIn()
                var successes = 0
                var target = try await resolve(app, turn: successes)
                var known: Fingerprint?
                while report.sent < route.requests, target.inPool || report.freshApps > Self.maximumFreshApps {
                    if case .signIn = route.target, report.sent % 12 == 11 {
                        clock.advance(by: 181)  // lets the sign-in throttle open again now and then
                        known = nil
                    }
                    // the last answer's fingerprint, unless something happened since
                    let before: Fingerprint
                    if let known { before = known } else { before = try await fingerprint(app, target, cookie: cookie, clock: clock) }
                    let request = mutator.next(fields: route.fields, version: target.version)
                    let path = pathRandom.chance(0.04) ? hostilePath(target.path, &pathRandom) : target.path
                    var headers = HTTPFields.form(cookie: cookie)
                    if pathRandom.chance(0.05) {
                        headers[.contentType] = pathRandom.pick([
                            "application/x-www-form-urlencoded; charset=utf-8", "APPLICATION/X-WWW-FORM-URLENCODED",
                            "application/x-www-form-urlencoded; charset=iso-8859-1", "text/plain",
                        ])
                    }
                    if Self.trace {
                        let body = FormEncoding.describe(request.body, limit: 300)
                        print("fuzz \(route.name) #\(report.sent): POST \(path) \(body)")
                    }
                    let logsBefore = logs.count
                    let response = try await client.execute(
                        uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: request.body)
                    ) { $0 }
                    let index = report.sent
                    report.sent += 1
                    let status = Int(response.status.code)
                    report.statuses[status, default: 0] += 1
                    if status == 422, response.body.contains("already submitted with different values") {
                        report.keyReused += 1
                    }
                    if status == 409,
                        response.body.contains("changed since you opened it")
                            || response.body.contains("Someone changed this order")
                    {
                        report.stale += 1
                    }
                    // a 303 may change things (the target is looked up again below), as may a member added (a 200 with
                    // their password) or a bulk request (its 200 results page); anything else must not
                    let accepted = status == 303 || (status == 200 && (route.path == "POST /staff" || route.target.answersWithPage))
                    let after = await accepted ? before : try await fingerprint(app, target, cookie: cookie, clock: clock)
                    known = after

                    var problems: [String] = []
                    var allowed = Self.allowedStatuses
                    if case .signIn = route.target { allowed.insert(429) }
                    if !allowed.contains(status) { problems.append("status \(status)") }
                    if let marker = Self.stackTraceMarkers.first(where: { response.body.contains($0) }) {
                        problems.append("body shows “\(marker)”")
                    }
                    if response.headers[.contentSecurityPolicy] == nil { problems.append("no Content-Security-Policy") }
                    if accepted, status == 303 {
                        let location = response.headers[.location] ?? ""
                        if await !SessionSecurityTests.staysOnSite(location) {
                            problems.append("redirect off the site: \(location.debugDescription)")
                        }
                    } else if !accepted, after != before {
                        problems.append("refused with \(status) but changed: \(Self.difference(before, after))")
                    }
                    if !problems.isEmpty {
                        let logged = logs.entries.dropFirst(logsBefore).filter { $0.level >= .warning }.map(
                            \.description)
                        report.failures.append(
                            Self.describe(
                                route: route, seed: seed, index: index, path: path, body: request.body, status: status,
                                mutations: request.mutations, problems: problems, logged: logged, page: response.html))
                    }

                    if accepted {
                        switch route.target {
                        case .signIn:
                            cookie = response.sessionCookie ?? cookie
                        case .signOut:
                            cookie = try await client.signIn()
                        case .notification:
                            try await app.deliveryWorker(policy: RetryPolicy(maximumAttempts: 1)).deliverDue()
                        default:
                            break
                        }
                        successes += 1
                        target = try await resolve(app, turn: successes)
                        known = nil
                    }
                }
                return (report, mutator, pathRandom)
            }
            (report, mutator, pathRandom) = outcome
        }
        return report
    }

    private func makeApp(clock: MovableClock) async throws -> TestApp {
        switch route.target {
        case .signIn:
            return try await TestApp.make(clock: clock.appClock)
        case .notification:
            // A message that failed to send, so resending applies.
            let app = try await TestApp.make(mailFolderIsBroken: true)
            try await app.run { client in
                let cookie = try await client.signIn()
                let number = try await CancelOrderTests.paidProcessing(app.database)
                let response = try await client.post(
                    "/orders/\(number)/cancel", cookie: cookie, form: CancelOrderTests.form())
                #expect(response.status == .seeOther)
            }
            try await app.deliveryWorker(policy: RetryPolicy(maximumAttempts: 1)).deliverDue()
            await #expect(try await app.database.notification(id: 1)?.summary.state == .failed)
            return app
        default:
            return try await TestApp.make()
        }
    }

    /// Where the next request goes: an order (or refund, product, message) the action applies to — taking turns, so
    /// no one order piles up hundreds of events — or, once those have run out and no fresh copy is left in the
    /// budget, one it does not apply to (the form is still parsed).
    private func resolve(_ app: TestApp, turn: Int) async throws -> Target {
        let database = app.database
        switch route.target {
        case .order(let suffix, let pool, let keep):
            let candidates = try await Self.find(database, pool, keep)
            if !candidates.isEmpty {
                let number = candidates[turn % candidates.count]
                return Target(
                    path: "/orders/\(number)\(suffix)", number: number,
                    version: try await database.orderDetail(number: number)?.order.version,
                    inPool: true)
            }
            let fallback = try await Self.find(database, .status(.fulfilled)) { _ in true }.first ?? 1001
            return Target(
                path: "/orders/\(fallback)\(suffix)", number: fallback,
                version: try await database.orderDetail(number: fallback)?.order.version,
                inPool: false)
        case .refund(let suffix):
            let candidates = try await Self.find(database, .issue(.refundFailed)) { _ in true }
            if !candidates.isEmpty, case let number = candidates[turn % candidates.count],
                let detail = try await database.orderDetail(number: number),
                let refund = detail.refunds.last(where: { $0.state == .failed })
            {
                return Target(
                    path: "/orders/\(number)/refunds/\(refund.id)\(suffix)", number: number,
                    version: detail.order.version, inPool: true)
            }
            let fallback = try await Self.find(database, .status(.fulfilled)) { _ in true }.first ?? 1001
            return Target(
                path: "/orders/\(fallback)/refunds/1\(suffix)", number: fallback,
                version: try await database.orderDetail(number: fallback)?.order.version, inPool: false)
        case .inventory:
            return Target(path: "/inventory/MUG-CER-01", number: nil, version: nil, inPool: true)
        case .notification:
            return Target(path: "/notifications/1/resend", number: nil, version: nil, inPool: true)
        case .staff(let suffix) where suffix.isEmpty:
            return Target(path: "/staff", number: nil, version: nil, inPool: true)
        case .staff(let suffix):
            let viewer = try #require(try await database.staffCredentials(email: TestStaff.viewerEmail)).user.id
            return Target(path: "/staff/\(viewer)\(suffix)", number: nil, version: nil, inPool: true)
        case .signIn:
            return Target(path: "/login", number: nil, version: nil, inPool: true)
        case .signOut:
            return Target(path: "/logout", number: nil, version: nil, inPool: true)
        case .bulk:
            return Target(
                path: "/orders/bulk", number: 1001, version: try await database.orderDetail(number: 1001)?.order.version,
                inPool: true)
        }
    }

    /// Every order under `filter` that `keep` accepts, newest first.
    private static func find(_ database: any DeskflowDatabase, _ filter: OrderFilter, _ keep: (OrderSummary) -> Bool) async throws
        -> [Int]
    {
        var numbers: [Int] = []
        var cursor: Int?
        repeat {
            let page = try await database.listOrders(OrderListRequest(filter: filter, after: cursor))
            numbers += page.orders.filter(keep).map(\.number)
            cursor = page.nextCursor
        } while cursor != nil
        return numbers
    }

    private func fingerprint(_ app: TestApp, _ target: Target, cookie: String, clock: MovableClock) async throws
        -> Fingerprint
    {
        let database = app.database
        switch route.target {
        case .order, .refund, .bulk:
            var order: OrderDetail?
            if let number = target.number { order = try await database.orderDetail(number: number) }
            return Fingerprint(
                order: order,
                stock: try await database.stockLevels(),
                notificationCounts: try await database.notificationCounts())
        case .inventory:
            return Fingerprint(stock: try await database.stockLevels())
        case .notification:
            return Fingerprint(
                notificationCounts: try await database.notificationCounts(), notification: try await database.notification(id: 1))
        case .staff:
            return Fingerprint(staff: try await database.staffMembers())
        case .signIn, .signOut:
            let id = String(cookie.dropFirst(SessionSettings.cookieName.count + 1))
            return Fingerprint(
                sessionExists: try await database.sessionData(id: SessionSettings.keyPrefix + id, now: clock.appClock.now)
                    != nil)
        }
    }

    private func hostilePath(_ path: String, _ random: inout SeededRandom) -> String {
        let replacement = random.pick([
            "0", "-1", "99999999", "9223372036854775808", "1001%00", "%FF", "1e3", "%D9%A1%D9%A0%D9%A0%D9%A1", "abc",
            "%2e%2e",
            "1001;x", String(repeating: "9", count: 200), "%3Cscript%3E", "%27%20OR%201=1", "MUG-CER-01%00",
            "mug-cer-01",
        ])
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard segments.count > 2 else { return path }
        segments[2] = replacement
        return segments.joined(separator: "/")
    }

    static func difference(_ before: Fingerprint, _ after: Fingerprint) -> String {
        var parts: [String] = []
        if before.order?.order != after.order?.order {
            parts.append("order \(String(describing: before.order?.order))\n→ \(String(describing: after.order?.order))")
        }
        if before.order?.events != after.order?.events {
            parts.append(
                "events \(before.order?.events.count ?? 0) → \(after.order?.events.count ?? 0): "
                    + (after.order?.events.first.map(\.summary) ?? "")
            )
        }
        if before.order?.refunds != after.order?.refunds {
            parts.append("refunds \(before.order?.refunds.count ?? 0) → \(after.order?.refunds.count ?? 0)")
        }
        if before.stock != after.stock {
            let changed = zip(before.stock, after.stock).filter { $0 != $1 }.map {
                "\($0.0.sku) \($0.0.onHand)→\($0.1.onHand)"
            }
            parts.append("stock \(changed)")
        }
        if before.notificationCounts != after.notificationCounts {
            parts.append("notifications \(before.notificationCounts) → \(after.notificationCounts)")
        }
        if before.notification != after.notification {
            parts.append("message \(String(describing: after.notification?.summary.state))")
        }
        if before.staff != after.staff {
            parts.append("staff \(before.staff.map(\.email)) → \(after.staff.map(\.email))")
        }
        if before.sessionExists != after.sessionExists {
            parts.append(
                "session exists \(before.sessionExists.map(String.init) ?? "-") → \(after.sessionExists.map(String.init) ?? "-")"
            )
        }
        return parts.joined(separator: "; ")
    }

    static func describe(
        route: FuzzRoute, seed: UInt64, index: Int, path: String, body: [UInt8], status: Int, mutations: [String],
        problems: [String], logged: [String], page: String
    ) -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "deskflow-fuzz-\(route.name)-\(index).body")
        try? Data(body).write(to: file)
        return """
            fuzz \(route.name) (seed \(seed)) request #\(index): \(problems.joined(separator: "; "))
              POST \(path) → \(status)
              mutations: \(mutations.joined(separator: ", "))
              body (\(body.count) bytes, saved to \(file.path)): \(FormEncoding.describe(body))
              logged: \(logged.prefix(5).joined(separator: " | "))
              page: \(page.prefix(300))
            """
    }
}

extension ByteBuffer {
    /// Whether these bytes hold `text`'s UTF-8 (with `memchr` and `memcmp`: a debug-build `String.contains` is too slow
    /// for 10,000 pages).
    func contains(_ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard let first = needle.first else { return true }
        return withUnsafeReadableBytes { haystack in
            guard let base = haystack.baseAddress, haystack.count >= needle.count else { return false }
            var offset = 0
            let last = haystack.count - needle.count
            while offset <= last {
                guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
                let position = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + position, needle, needle.count) == 0 { return true }
                offset = position + 1
            }
            return false
        }
    }
}
