import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import DeskflowWeb

/// A POST that would change something, ready to send: where it goes, a form that is valid but for its CSRF token,
/// and the order it would change.
struct PreparedPost: Sendable, CustomStringConvertible {
    var name: String
    var path: String
    var form: [String: String]
    var order: Int?
    /// What the form answers when it goes through: a redirect, or (adding a staff member) the page with the result.
    var accepted: HTTPResponse.Status = .seeOther

    var description: String { "\(name) (POST \(path))" }

    /// Changes an order, some stock or a message: a viewer may not send it.
    var needsManager: Bool { path != "/login" && path != "/logout" }
}

/// Everything a refused request must leave as it was.
struct StoreState: Equatable {
    var orders: [Int: OrderDetail?]
    var stock: [StockLevel]
    var notificationCounts: [DeliveryState: Int]
    var firstNotification: NotificationDetail?
    var failedSignIns: Int
    var staffCount: Int
    var staff: [StaffMember]

    init(_ database: any DeskflowDatabase, orders: [Int]) async throws {
        var details: [Int: OrderDetail?] = [:]
        for number in orders { details[number] = try await database.orderDetail(number: number) }
        self.orders = details
        stock = try await database.stockLevels()
        notificationCounts = try await database.notificationCounts()
        firstNotification = try await database.notification(id: 1)
        failedSignIns = try await database.failedSignIns(
            email: TestStaff.managerEmail, address: "unknown", since: .distantPast
        ).fromAddress
        staffCount = try await database.staffUserCount()
        staff = try await database.staffMembers()
    }
}

enum SecurityFixtures {
    static let xssPayload = #"<script>alert(1)</script>"'><img src=x onerror=alert(1)>"#

    /// What Mustache prints for `text`: its five HTML escapes.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// A demo store with one message that failed to send (so resending applies), its app made with `randomTokens`.
    static func storeWithFailedMessage(randomTokens: Bool = false) async throws -> TestApp {
        let app = try await TestApp.make(mailFolderIsBroken: true)
        try await app.run { client in
            let cookie = try await client.signIn()
            _ = try await NotificationsTests.cancelAndDeliver(
                app, client, cookie: cookie, policy: RetryPolicy(maximumAttempts: 1))
        }
        #expect(try await app.database.notification(id: 1)?.summary.state == .failed)
        return randomTokens ? app.withRandomTokens() : app
    }

    /// One valid POST for every route that changes something, each on its own order, plus sign-in and sign-out
    /// (last: they replace the session).
    static func posts(_ database: any DeskflowDatabase) async throws -> [PreparedPost] {
        var used: Set<Int> = []
        func pick(_ filter: OrderFilter, _ keep: (OrderSummary) -> Bool = { _ in true }) async throws -> Int {
            var cursor: Int?
            repeat {
                let page = try await database.listOrders(OrderListRequest(filter: filter, after: cursor))
                if let match = page.orders.first(where: { !used.contains($0.number) && keep($0) }) {
                    used.insert(match.number)
                    return match.number
                }
                cursor = page.nextCursor
            } while cursor != nil
            throw TestFailure("no unused order in \(filter.value)")
        }
        func change(_ number: Int, _ name: String) async throws -> [String: String] {
            let version = try #require(try await database.orderDetail(number: number)).order.version
            return ["version": String(version), "idempotency_key": "security-\(name)-\(number)"]
        }
        func failedRefund(_ number: Int) async throws -> Int64 {
            try #require(try await database.orderDetail(number: number)?.refunds.last { $0.state == .failed }).id
        }
        func post(_ name: String, _ number: Int, _ suffix: String, _ fields: [String: String] = [:]) async throws
            -> PreparedPost
        {
            PreparedPost(
                name: name, path: "/orders/\(number)\(suffix)",
                form: try await change(number, name.replacingOccurrences(of: " ", with: "-")).merging(fields) { _, new in new
                }, order: number)
        }

        let cancel = try await pick(.status(.processing)) { $0.paymentStatus == .paid && $0.issue == nil }
        let fulfill = try await pick(.status(.processing)) { $0.issue == nil }
        let (retry, request, method, markPaid) = (
            try await pick(.issue(.paymentFailed)), try await pick(.issue(.paymentFailed)), try await pick(.issue(.paymentFailed)),
            try await pick(.issue(.paymentFailed))
        )
        let (processing, address) = (try await pick(.issue(.processingError)), try await pick(.issue(.processingError)))
        let support = try await pick(.issue(.fulfillmentFailed))
        let fulfillment = try await pick(.issue(.fulfillmentFailed))
        let (refundRetry, markRefunded) = (try await pick(.issue(.refundFailed)), try await pick(.issue(.refundFailed)))
        let message = try await pick(.status(.fulfilled))
        let refund = try await pick(.status(.fulfilled)) { $0.paymentStatus == .paid }
        let viewer = try #require(try await database.staffCredentials(email: TestStaff.viewerEmail)).user.id
        let bulk = try await pick(.status(.processing)) { $0.paymentStatus == .paid && $0.issue == nil }
        return await [
            try post(
                "cancel", cancel, "/cancel",
                [
                    "refund_amount": "1.00", "issue_refund": "1", "restock": "1", "notify_customer": "1",
                    "reason": "customer", "note": "",
                ]),
            try post(
                "refund", refund, "/refund",
                ["refund_amount": "1.00", "reason": "goodwill", "note": "", "notify_customer": "1", "intent": "refund"]),
            try post("payment retry", retry, "/payment/retry"),
            try post("payment request", request, "/payment/request"),
            try post("payment method", method, "/payment/method", ["payment_method": "visa-4242"]),
            try post("mark paid", markPaid, "/payment/mark-paid", ["reference": "BANK-1"]),
            try post("processing retry", processing, "/processing/retry"),
            try post("fulfillment retry", fulfillment, "/fulfillment/retry"),
            try post("fulfill", fulfill, "/fulfill", ["tracking_number": "1Z999"]),
            try post("refund retry", refundRetry, "/refunds/\(await failedRefund(refundRetry))/retry"),
            try await post(
                "mark refunded", markRefunded, "/refunds/\(await failedRefund(markRefunded))/mark-refunded",
                ["reference": "CHEQUE-9"]),
            try await post(
                "address", address, "/address",
                [
                    "name": "Ana Lima", "line1": "12 Alder Street", "line2": "", "city": "Portland", "region": "OR",
                    "postal_code": "97201",
                    "country": "US",
                ]),
            try await post("message", message, "/messages", ["subject": "About your order", "body": "Hello"]),
            try await post("support", support, "/support", ["subject": "Order help", "body": "Diagnostics"]),
            PreparedPost(
                name: "bulk cancel", path: "/orders/bulk",
                form: [
                    "idempotency_key": "security-bulk-1", "orders": String(bulk), "action": "cancel", "reason": "staff",
                    "restock": "1", "status": "needs_attention",
                ],
                order: bulk, accepted: .ok),
            PreparedPost(
                name: "inventory", path: "/inventory/MUG-CER-01",
                form: ["idempotency_key": "security-inventory-1", "adjustment": "+1", "reason": "Stock count"]),
            PreparedPost(
                name: "notification resend", path: "/notifications/1/resend",
                form: ["idempotency_key": "security-resend-1"]),
            PreparedPost(
                name: "staff add", path: "/staff",
                form: [
                    "idempotency_key": "security-staff-add-1", "email": "nadia@example.com", "name": "Nadia Novak",
                    "role": "viewer",
                ], accepted: .ok),
            PreparedPost(name: "staff role", path: "/staff/\(viewer)/role", form: ["role": "manager"]),
            PreparedPost(name: "staff disable", path: "/staff/\(viewer)/disable", form: [:]),
            PreparedPost(name: "staff enable", path: "/staff/\(viewer)/enable", form: [:]),
            PreparedPost(
                name: "sign in", path: "/login",
                form: ["email": TestStaff.managerEmail, "password": TestStaff.password, "next": "/orders"]),
            PreparedPost(name: "sign out", path: "/logout", form: [:]),
        ]
    }

    static func csrfToken(in html: String) -> String? {
        html.firstMatch(of: /name="csrf_token" value="([^"]*)"/).map { String($0.1) }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension TestClientProtocol {
    /// Signs in through the real form whatever tokens the app makes, and returns the session cookie and the CSRF
    /// token its pages carry.
    func signInReadingToken(as email: String = TestStaff.managerEmail) async throws -> (cookie: String, token: String) {
        let form = try await get("/login", cookie: nil)
        let anonymous = try #require(form.sessionCookie)
        let anonymousToken = try #require(SecurityFixtures.csrfToken(in: form.html))
        let response = try await post(
            "/login", cookie: anonymous,
            form: ["csrf_token": anonymousToken, "email": email, "password": TestStaff.password, "next": "/orders"])
        #expect(response.status == .seeOther)
        let cookie = try #require(response.sessionCookie)
        let page = try await get("/orders", cookie: cookie)
        return (cookie, try #require(SecurityFixtures.csrfToken(in: page.html)))
    }

    func post(_ uri: String, cookie: String?, form: [String: String], headers extra: HTTPFields) async throws
        -> TestResponse
    {
        var headers = HTTPFields.form(cookie: cookie)
        headers.append(contentsOf: extra)
        return try await execute(uri: uri, method: .post, headers: headers, body: .form(form)) { $0 }
    }
}
