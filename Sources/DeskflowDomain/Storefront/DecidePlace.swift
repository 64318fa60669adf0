import Foundation

/// A new order as the storefront placed it: its state, money, payment rows, timeline and held stock.
public struct OrderPlacement: Hashable, Sendable {
    public var number: Int
    public var placedAt: Date
    public var state: OrderState
    public var issue: OrderIssue?
    public var authorized: Money
    public var captured: Money
    public var payments: [NewPayment]
    /// The timeline, oldest first, each with who it is recorded as.
    public var events: [(entry: EventEntry, actor: String)]
    public var stock: [StockMovement]

    public static func == (lhs: OrderPlacement, rhs: OrderPlacement) -> Bool {
        lhs.number == rhs.number && lhs.placedAt == rhs.placedAt && lhs.state == rhs.state && lhs.issue == rhs.issue
            && lhs.authorized == rhs.authorized && lhs.captured == rhs.captured && lhs.payments == rhs.payments
            && lhs.events.map(\.entry) == rhs.events.map(\.entry) && lhs.events.map(\.actor) == rhs.events.map(\.actor)
            && lhs.stock == rhs.stock
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(number) }
}

extension Decide {
    /// The issue code of a payment the customer's checkout could not take.
    public static let checkoutPaymentFailedCode = "checkout_payment_failed"

    /// What a storefront's order becomes here, as any other order would be:
    /// - the payment as the storefront took it: authorized or paid orders go on to processing; a pending one waits; a
    ///   failed one waits in the Needs-attention queue as a payment failure, with the message the customer saw;
    /// - every unit is held for the order until it ships or is cancelled;
    /// - the timeline says who placed it (`placedBy`, the API token's name) and what the payment did.
    /// Payment rows are recorded under `paymentKey` plus their kind, so the provider's record and ours line up.
    public static func place(_ order: StorefrontOrder, number: Int, placedBy: String, now: Date, paymentKey: String) -> OrderPlacement {
        let total = order.totals.total
        let zero = Money.zero(order.currency)
        let placedAt = order.placedAt ?? now
        let card = order.payment.source.method
        func row(_ kind: PaymentKind, _ state: CallState) -> NewPayment {
            NewPayment(
                kind: kind, amount: total, state: state, idempotencyKey: "\(paymentKey)-\(kind.rawValue)",
                reference: state == .succeeded ? order.payment.source.reference : nil)
        }
        var placement = OrderPlacement(
            number: number, placedAt: placedAt,
            state: OrderState(status: .pending, payment: .pending, fulfillment: .unfulfilled, issue: nil), issue: nil,
            authorized: zero, captured: zero, payments: [],
            events: [(Timeline.orderPlaced(lines: order.lines.count, total: total), placedBy)],
            stock: [])
        switch order.payment.status {
        case .pending:
            break
        case .authorized:
            placement.state = OrderState(status: .processing, payment: .authorized, fulfillment: .unfulfilled, issue: nil)
            placement.authorized = total
            placement.payments = [row(.authorization, .succeeded)]
            placement.events.append((Timeline.authorized(total, card: card), Timeline.gatewayActor))
        case .paid:
            placement.state = OrderState(status: .processing, payment: .paid, fulfillment: .unfulfilled, issue: nil)
            placement.authorized = total
            placement.captured = total
            placement.payments = [row(.charge, .succeeded)]
            placement.events.append((Timeline.charged(total, card: card), Timeline.gatewayActor))
        case .failed:
            let message = order.payment.failureMessage ?? "The payment failed at checkout."
            placement.state = OrderState(status: .pending, payment: .failed, fulfillment: .unfulfilled, issue: .paymentFailed)
            placement.issue = OrderIssue(kind: .paymentFailed, code: checkoutPaymentFailedCode, message: message, since: now, attempts: 1)
            placement.payments = [row(.charge, .failed)]
            placement.events.append((Timeline.chargeFailed(total, message: message), Timeline.gatewayActor))
        }
        let units = Dictionary(order.lines.map { ($0.sku, $0.quantity) }, uniquingKeysWith: +)
        placement.stock = units.sorted { $0.key < $1.key }.map { sku, quantity in
            StockMovement(sku: sku, onHandChange: 0, committedChange: quantity, reason: Timeline.reserved(orderNumber: number))
        }
        return placement
    }
}
