/// The site's paths, named once: pages, forms and redirects build their URLs here, and nowhere else.
enum SitePath {
    static let orders = "/orders"
    static let inventory = "/inventory"
    static let notifications = "/notifications"

    static func order(_ number: Int) -> String { "/orders/\(number)" }
    static func order(_ number: Int, _ subpath: String) -> String { "/orders/\(number)\(subpath)" }
    static func stock(_ sku: String) -> String { "/inventory/\(sku)" }
    static func stockRow(_ sku: String) -> String { "/inventory#\(sku)" }
    static func notification(_ id: Int64) -> String { "/notifications/\(id)" }
    static func resend(_ id: Int64) -> String { "/notifications/\(id)/resend" }
}
