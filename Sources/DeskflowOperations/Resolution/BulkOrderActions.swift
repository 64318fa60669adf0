import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

/// One order's line on a bulk request's results.
public struct BulkOrderResult: Hashable, Sendable {
    public var number: Int
    /// The value as ticked, for one that is not an order number at all.
    public var value: String
    /// There is an order with this number, to link to.
    public var exists: Bool
    public var outcome: BulkOutcome
}

/// What a bulk request did, order by order, and the flash that sums it up.
public struct BulkResult: Hashable, Sendable {
    public var action: BulkAction
    public var orders: [BulkOrderResult]
    public var summary: String
}

/// Retries or cancels many orders at once. Each order is its own action, through the same operation a manager's
/// one-order form uses, under its own idempotency key made of the request's key and the order number: a failure on
/// one never undoes another, and the request sent again runs nothing twice. Orders run one after another.
public struct BulkOrderActions: Sendable {
    let database: any DeskflowDatabase
    let clock: AppClock
    let payments: PaymentResolution
    let shipping: ShippingResolution
    let retryRefund: RetryRefund
    let cancelOrder: CancelOrder
    let logger: Logger

    public init(
        database: any DeskflowDatabase, clock: AppClock, payments: PaymentResolution, shipping: ShippingResolution,
        retryRefund: RetryRefund, cancelOrder: CancelOrder, logger: Logger
    ) {
        self.database = database
        self.clock = clock
        self.payments = payments
        self.shipping = shipping
        self.retryRefund = retryRefund
        self.cancelOrder = cancelOrder
        self.logger = logger
    }

    /// The key one order of a bulk request goes under.
    public static func orderKey(_ bulkKey: String, number: Int) -> String { "\(bulkKey)-\(number)" }

    /// Runs `command` under `key`. Throws `OrderActionError.keyReused` when the key was used for another request.
    public func run(_ command: BulkCommand, key: String, staff: StaffUser) async throws -> BulkResult {
        let claim = IdempotencyClaim(key: key, staffID: staff.id, action: "bulk", values: command.fingerprintValues)
        let sentBefore: Bool
        do {
            sentBefore = try await database.claimIdempotencyKey(claim, now: clock.now) != nil
        } catch is IdempotencyKeyReused {
            throw OrderActionError.keyReused
        }
        var results: [BulkOrderResult] = []
        for number in command.numbers {
            results.append(try await one(number, command, key: Self.orderKey(key, number: number), staff: staff))
        }
        for value in command.unreadable {
            results.append(BulkOrderResult(
                number: 0, value: value, exists: false, outcome: .skipped("“\(value)” is not an order number.")))
        }
        let summary = BulkRules.summary(command.action, outcomes: results.map(\.outcome))
        try await database.updateStoredFlash(key: key, flash: summary)
        logger.info(
            "bulk action", metadata: [
                "action": "\(command.action.rawValue)", "orders": "\(results.count)", "staff": "\(staff.id)",
                "replayed": "\(sentBefore)", "summary": "\(summary)",
            ])
        return BulkResult(action: command.action, orders: results, summary: summary)
    }

    private func one(_ number: Int, _ command: BulkCommand, key: String, staff: StaffUser) async throws -> BulkOrderResult {
        func result(_ outcome: BulkOutcome, exists: Bool = true) -> BulkOrderResult {
            BulkOrderResult(number: number, value: String(number), exists: exists, outcome: outcome)
        }
        guard let detail = try await database.orderDetail(number: number) else {
            return result(.skipped("There is no order #\(number)."), exists: false)
        }
        if let replayed = try await replay(number, command, key: key) { return result(replayed) }
        let action: OrderAction
        switch BulkRules.step(command, for: detail.order, number: number) {
        case .skip(let why): return result(.skipped(why))
        case .run(let step): action = step
        }
        let message: String
        do {
            message = try await perform(action, command, detail, key: key, staff: staff)
        } catch OrderActionError.notAllowed(let reason) {
            return result(.skipped(reason))
        } catch OrderActionError.stale {
            return result(.skipped("The order changed while this ran, so nothing was done to it. Check it and try again."))
        } catch OrderActionError.invalid(let errors) {
            return result(.failed(errors.errors.map(\.message).joined(separator: " ")))
        } catch OrderActionError.orderNotFound {
            return result(.skipped("There is no order #\(number)."), exists: false)
        } catch OrderActionError.keyReused {
            // Only this request makes this order's key: the same request sent at the same time got there first.
            return result(try await replay(number, command, key: key) ?? .skipped("It was already being done."))
        }
        guard let after = try await database.orderDetail(number: number) else {
            return result(.done(message))
        }
        return result(BulkRules.outcome(of: action, before: detail.order, after: after.order, message: message))
    }

    /// The outcome of this order's action when it already ran under `key` (this request was sent before).
    private func replay(_ number: Int, _ command: BulkCommand, key: String) async throws -> BulkOutcome? {
        guard let stored = try await database.storedResult(key: key),
            let order = try await database.orderDetail(number: number)?.order
        else { return nil }
        return BulkRules.replayedOutcome(command, order: order, message: stored.flash ?? "Done before.")
    }

    /// The one-order operation for `action`, as the order page's form calls it, on the order's current version.
    private func perform(
        _ action: OrderAction, _ command: BulkCommand, _ detail: OrderDetail, key: String, staff: StaffUser
    ) async throws -> String {
        let order = detail.order
        switch action {
        case .retryPayment:
            return try await payments.retryPayment(number: order.number, version: order.version, key: key, staff: staff)
        case .retryProcessing:
            return try await shipping.retryProcessing(number: order.number, version: order.version, key: key, staff: staff)
        case .retryFulfillment:
            return try await shipping.retryFulfillment(number: order.number, version: order.version, key: key, staff: staff)
        case .retryRefund:
            guard let refund = detail.refunds.last(where: { $0.state == .failed }) else {
                throw OrderActionError.notAllowed("No refund has failed.")
            }
            return try await retryRefund.run(
                number: order.number, refundID: refund.id, version: order.version, idempotencyKey: key, staff: staff)
        case .cancel:
            return try await cancelOrder.run(
                number: order.number, form: BulkRules.cancellationForm(command, for: order), version: order.version,
                idempotencyKey: key, staff: staff)
        default:
            throw OrderActionError.notAllowed("\(action.label) is not done in bulk.")
        }
    }
}
