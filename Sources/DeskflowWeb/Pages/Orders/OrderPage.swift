import DeskflowDomain
import DeskflowStore
import Hummingbird

/// A dialog open over the order page.
enum OrderDialog {
    case cancel(CancelDialog)
    case refund(RefundDialog)
    case form(FormDialog)
}

/// The one way the order page is rendered: plain, or with a dialog open over it.
struct OrderPage {
    let database: any DeskflowDatabase
    let renderer: PageRenderer
    let makeToken: @Sendable () -> String
    /// `--support-email`, which the actions menu needs to say whether Contact support can be used.
    let support: SupportAddress?

    func render(
        _ detail: OrderDetail, context: AppRequestContext, dialog: (Order) -> OrderDialog? = { _ in nil },
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let order = detail.order
        let openDialog = dialog(order)
        let chrome = PageChrome(
            title: "Order #\(order.number)", context: context,
            mainAttributes: OrderDetailPage.mainAttributes(order), navOrders: true, behindDialog: openDialog != nil)
        let failedRefund = detail.refunds.last { $0.state == .failed }?.id
        let menu = ActionMenu(
            order: order, failedRefundID: failedRefund, support: support, csrfToken: context.csrfToken ?? "",
            idempotencyKey: makeToken())
        var shortfalls: [StockShortfall] = []
        if order.issue?.kind == .fulfillmentFailed {
            shortfalls = StockShortfall.of(order.lines, stock: try await database.stockLevels(skus: order.lines.map(\.sku)))
        }
        var cancelDialog: CancelDialog?
        var formDialog: FormDialog?
        var refundDialog: RefundDialog?
        switch openDialog {
        case .cancel(let model): cancelDialog = model
        case .refund(let model): refundDialog = model
        case .form(let model): formDialog = model
        case nil: break
        }
        let page = OrderDetailPage(
            chrome: chrome, detail: detail, menu: menu, format: renderer.format, shortfalls: shortfalls,
            dialog: cancelDialog, formDialog: formDialog, refundDialog: refundDialog)
        return try renderer.render("orders/detail", page, status: status)
    }

    /// The order for a `{number}` path parameter, or a 404 page.
    func detail(_ text: String?) async throws -> OrderDetail {
        let notFound = PageError.notFound(
            "There is no order #\(text ?? "").", advice: "Check the number, or search for the order in the orders list.")
        guard let text, text.count <= 12, text.allSatisfy(\.isASCIIDigit), let number = Int(text) else { throw notFound }
        guard let detail = try await database.orderDetail(number: number) else { throw notFound }
        return detail
    }
}
