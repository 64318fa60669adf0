import DeskflowDomain
import DeskflowOperations
import DeskflowSimulation
import DeskflowStore

/// One POST route under fuzzing: where its requests go, the fields of its form, and how many requests it gets.
struct FuzzRoute: Sendable, CustomStringConvertible {
    enum Target: Sendable {
        /// `/orders/{number}{suffix}` on an order the action applies to, while there is one.
        case order(suffix: String, pool: OrderFilter, keep: @Sendable (OrderSummary) -> Bool)
        /// `/orders/{number}/refunds/{id}{suffix}` on a refund that failed.
        case refund(suffix: String)
        /// `/inventory/{sku}`.
        case inventory
        /// `/notifications/{id}/resend` on a message that failed.
        case notification
        /// `/staff` (an empty suffix) or `/staff/{id}{suffix}` on the viewer, never the signed-in manager.
        case staff(suffix: String)
        /// `/login`, sent by a signed-in manager.
        case signIn
        /// `/logout`.
        case signOut
        /// `/orders/bulk`, with demo orders ticked; a 200 results page is its success.
        case bulk
    }

    var name: String
    var path: String
    var requests: Int
    var target: Target
    var fields: [FuzzField]

    var description: String { name }

    /// What every form that changes an order carries.
    static let orderChange: [FuzzField] = [
        FuzzField(name: "csrf_token", kind: .csrf), FuzzField(name: "version", kind: .version),
        FuzzField(name: "idempotency_key", kind: .key),
    ]

    static func order(
        _ name: String, _ suffix: String, requests: Int = 700, pool: OrderFilter,
        keep: @escaping @Sendable (OrderSummary) -> Bool = { _ in true },
        _ fields: FuzzField...
    ) -> FuzzRoute {
        FuzzRoute(
            name: name, path: "POST /orders/{number}\(suffix)", requests: requests,
            target: .order(suffix: suffix, pool: pool, keep: keep), fields: orderChange + fields)
    }

    /// The refund dialog's quantity field for each SKU of the test store's catalogue.
    static let refundQuantities: [FuzzField] = {
        let definition = try? DemoStoreDefinition.load(from: packageRoot.appendingPathComponent("Resources/demo-store.json"))
        return (definition?.products ?? []).map { .value(RefundForm.quantityField($0.sku), "", "0", "1", "2") }
    }()

    static let address: [FuzzField] = [
        .value("name", "Ana Lima", "José Núñez", "O'Brien-Smith"), .value("line1", "12 Alder Street", "1 Main St"),
        .value("line2", "", "Apt 4"), .value("city", "Portland", "Boise"), .value("region", "OR", "ID"),
        .value("postal_code", "97201", "83702"), .value("country", "US", "us", "CA"),
    ]

    /// Every POST route in the application (a test checks this against the router), and the fuzz budget of each.
    static let all: [FuzzRoute] = [
        .order(
            "cancel", "/cancel", requests: 1_000, pool: .all,
            keep: { ($0.status == .processing || $0.status == .pending) && $0.issue == nil },
            .value("refund_amount", "0.01", "1.00", "1", "0.50"), FuzzField(name: "issue_refund", kind: .checkbox),
            FuzzField(name: "restock", kind: .checkbox), FuzzField(name: "notify_customer", kind: .checkbox),
            FuzzField(name: "reason", kind: .value(CancelReason.allCases.map(\.rawValue))),
            .value("note", "", "Customer called", "Duplicate order")),
        FuzzRoute(
            name: "refund", path: "POST /orders/{number}/refund", requests: 800,
            target: .order(suffix: "/refund", pool: .all, keep: { $0.paymentStatus == .paid || $0.paymentStatus == .partiallyRefunded }),
            fields: orderChange + refundQuantities + [
                .value("refund_amount", "0.01", "1.00", "", "2.50"), FuzzField(name: "refund_shipping", kind: .checkbox),
                FuzzField(name: "restock", kind: .checkbox), FuzzField(name: "notify_customer", kind: .checkbox),
                FuzzField(name: "reason", kind: .value(RefundReason.allCases.map(\.rawValue))),
                .value("intent", "refund", "calculate"), .value("note", "", "Box was crushed"),
            ]),
        .order("payment-retry", "/payment/retry", requests: 600, pool: .issue(.paymentFailed)),
        .order("payment-request", "/payment/request", requests: 600, pool: .issue(.paymentFailed)),
        .order(
            "payment-method", "/payment/method", pool: .issue(.paymentFailed),
            FuzzField(name: "payment_method", kind: .value(SimulatedGateway.testMethods.map(\.value)))),
        .order(
            "mark-paid", "/payment/mark-paid", pool: .issue(.paymentFailed),
            .value("reference", "BANK-2026-001", "Cash 12/11")),
        .order("processing-retry", "/processing/retry", requests: 600, pool: .issue(.processingError)),
        .order("fulfillment-retry", "/fulfillment/retry", requests: 600, pool: .issue(.fulfillmentFailed)),
        .order(
            "fulfill", "/fulfill", pool: .status(.processing), keep: { $0.issue == nil },
            .value("tracking_number", "", "1Z999AA10123456784", "TRACK-1")),
        FuzzRoute(
            name: "refund-retry", path: "POST /orders/{number}/refunds/{id}/retry", requests: 600,
            target: .refund(suffix: "/retry"), fields: orderChange),
        FuzzRoute(
            name: "mark-refunded", path: "POST /orders/{number}/refunds/{id}/mark-refunded", requests: 700,
            target: .refund(suffix: "/mark-refunded"),
            fields: orderChange + [.value("reference", "BANK-REFUND-7", "Cheque 1042")]),
        FuzzRoute(
            name: "address", path: "POST /orders/{number}/address", requests: 900,
            target: .order(suffix: "/address", pool: .issue(.processingError), keep: { _ in true }),
            fields: orderChange + address),
        .order(
            "messages", "/messages", requests: 900, pool: .status(.processing),
            .value("subject", "About your order", "Ihre Bestellung"),
            .value("body", "Hello,\n\nYour order is on its way.", "Thanks!")),
        .order(
            "support", "/support", requests: 700, pool: .issue(.processingError),
            .value("subject", "Order help", "Bestellung 1042: Fehler"),
            .value("body", "Diagnostics:\n\n- attempt one\n- attempt two", "Please look.")),
        FuzzRoute(
            name: "inventory", path: "POST /inventory/{sku}", requests: 900, target: .inventory,
            fields: [
                FuzzField(name: "csrf_token", kind: .csrf), FuzzField(name: "idempotency_key", kind: .key),
                .value("adjustment", "+1", "1", "-1", "", "+25"), .value("on_hand", "", "", "12"),
                .value("reason", "Stock count", "Delivery from supplier"),
            ]),
        FuzzRoute(
            name: "notification-resend", path: "POST /notifications/{id}/resend", requests: 250, target: .notification,
            fields: [FuzzField(name: "csrf_token", kind: .csrf), FuzzField(name: "idempotency_key", kind: .key)]),
        FuzzRoute(
            name: "staff-add", path: "POST /staff", requests: 300, target: .staff(suffix: ""),
            fields: [
                FuzzField(name: "csrf_token", kind: .csrf), FuzzField(name: "idempotency_key", kind: .key),
                .value("email", "nadia@example.com", " Omar@Example.com ", "viewer@example.com", "nadia.example.com"),
                .value("name", "Nadia Novak", "Omar O'Neill", ""),
                FuzzField(name: "role", kind: .value(StaffRole.allCases.map(\.rawValue))),
            ]),
        FuzzRoute(
            name: "staff-role", path: "POST /staff/{id}/role", requests: 150, target: .staff(suffix: "/role"),
            fields: [
                FuzzField(name: "csrf_token", kind: .csrf),
                FuzzField(name: "role", kind: .value(StaffRole.allCases.map(\.rawValue))),
            ]),
        FuzzRoute(
            name: "staff-disable", path: "POST /staff/{id}/disable", requests: 100, target: .staff(suffix: "/disable"),
            fields: [FuzzField(name: "csrf_token", kind: .csrf)]),
        FuzzRoute(
            name: "staff-enable", path: "POST /staff/{id}/enable", requests: 100, target: .staff(suffix: "/enable"),
            fields: [FuzzField(name: "csrf_token", kind: .csrf)]),
        FuzzRoute(
            name: "bulk", path: "POST /orders/bulk", requests: 400, target: .bulk,
            fields: [
                FuzzField(name: "csrf_token", kind: .csrf), FuzzField(name: "idempotency_key", kind: .key),
                .value("orders", "1001", "1002", "1005", "1010", "1013", "#1020", "1031"),
                .value("action", "retry", "cancel"),
                FuzzField(name: "reason", kind: .value(CancelReason.allCases.map(\.rawValue))),
                FuzzField(name: "restock", kind: .checkbox), FuzzField(name: "notify_customer", kind: .checkbox),
                .value("status", "needs_attention", "payment_failed", "refund_failed"), .value("q", "", "example"),
            ]),
        FuzzRoute(
            name: "sign-in", path: "POST /login", requests: 200, target: .signIn,
            fields: [
                FuzzField(name: "csrf_token", kind: .csrf),
                .value("email", TestStaff.managerEmail, " MANAGER@example.com "),
                .value("password", TestStaff.password, "wrong password"),
                .value("next", "/orders", "/inventory", "/orders?status=pending"),
            ]),
        FuzzRoute(
            name: "sign-out", path: "POST /logout", requests: 150, target: .signOut,
            fields: [FuzzField(name: "csrf_token", kind: .csrf)]),
    ]
}

extension FuzzRoute.Target {
    /// A successful request answers with a page (200) rather than a redirect.
    var answersWithPage: Bool {
        if case .bulk = self { true } else { false }
    }
}
