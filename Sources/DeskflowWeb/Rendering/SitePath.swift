import DeskflowDomain

/// The site's paths, named once: pages, forms and redirects build their URLs here, and nowhere else.
enum SitePath {
    static let orders = "/orders"
    static let notifications = "/notifications"
    static let staff = "/staff"
    /// The storefront's JSON API, answered with a token and in JSON rather than to staff in HTML.
    static let api = "/api/v1"

    static func isAPI(_ path: String) -> Bool { path == "/api" || path.hasPrefix("/api/") }
    static func apiOrder(_ number: Int) -> String { "\(api)/orders/\(number)" }

    static func order(_ number: Int) -> String { "/orders/\(number)" }
    static func cancel(_ number: Int) -> String { "/orders/\(number)/cancel" }
    static func refund(_ number: Int) -> String { "/orders/\(number)/refund" }
    static func stock(_ sku: String) -> String { "/inventory/\(sku)" }
    static func stockRow(_ sku: String) -> String { "/inventory#\(sku)" }
    static func staffMember(_ id: Int64) -> String { "\(staff)#staff-\(id)" }
    static func staffRole(_ id: Int64) -> String { "\(staff)/\(id)/role" }
    static func staffDisable(_ id: Int64) -> String { "\(staff)/\(id)/disable" }
    static func staffEnable(_ id: Int64) -> String { "\(staff)/\(id)/enable" }
    static func notification(_ id: Int64) -> String { "/notifications/\(id)" }
    static func resend(_ id: Int64) -> String { "/notifications/\(id)/resend" }
    static func notifications(state: String?, before: Int64? = nil) -> String {
        let query = [state.map { "state=\($0)" }, before.map { "before=\($0)" }].compactMap { $0 }.joined(separator: "&")
        return query.isEmpty ? notifications : "\(notifications)?\(query)"
    }
    static func cancellationReport(from: some CustomStringConvertible, to: some CustomStringConvertible, csv: Bool = false) -> String {
        "/reports/cancellations?from=\(from)&to=\(to)" + (csv ? "&format=csv" : "")
    }

    /// Where an order action lives, and whether it is a page to open (GET) or a one-button form (POST).
    static func action(_ action: OrderAction, order number: Int, failedRefundID: Int64?) -> (url: String, opensPage: Bool) {
        let refund = "/refunds/\(failedRefundID ?? 0)"
        let (path, opensPage): (String, Bool) = switch action {
        case .cancel: ("/cancel", true)
        case .refund: ("/refund", true)
        case .retryPayment: ("/payment/retry", false)
        case .requestPaymentMethod: ("/payment/request", false)
        case .recordPaymentMethod: ("/payment/method", true)
        case .markPaid: ("/payment/mark-paid", true)
        case .retryProcessing: ("/processing/retry", false)
        case .fixAddress: ("/address", true)
        case .retryFulfillment: ("/fulfillment/retry", false)
        case .fulfill: ("/fulfill", true)
        case .retryRefund: ("\(refund)/retry", false)
        case .markRefunded: ("\(refund)/mark-refunded", true)
        case .messageCustomer: ("/messages", true)
        case .contactSupport: ("/support", true)
        }
        return (order(number) + path, opensPage)
    }
}
