import DeskflowDomain
import Foundation
import GRDB

public enum RefundRetryResult: Sendable {
    case ready(PendingPaymentCall)
    case replayed(StoredResult)
}

public enum RefundRetryError: Error, Equatable {
    /// The refund does not exist on this order, or has not failed.
    case notRetryable
}

extension AppDatabase {
    /// Puts a failed refund back to pending, under its original idempotency key, in one transaction with its event
    /// and the request's own idempotency key.
    public func prepareRefundRetry(
        orderNumber: Int, refundID: Int64, expectedVersion: Int, idempotency: IdempotencyClaim, actor: String, now: Date
    ) async throws -> RefundRetryResult {
        try await pool.write { db in
            if let stored = try Self.replay(idempotency, db) { return .replayed(stored) }
            guard var order = try OrderRecord.filter(Column("number") == orderNumber).fetchOne(db) else {
                throw OrderWriteError.orderNotFound
            }
            guard order.version == expectedVersion else { throw StaleVersion(current: order.version) }
            guard var refund = try RefundRecord.fetchOne(db, key: refundID), refund.orderId == order.id, refund.status == .failed
            else { throw RefundRetryError.notRetryable }
            refund.status = .pending
            refund.failureMessage = nil
            try refund.update(db)
            order.version += 1
            order.updatedAt = now
            try order.update(db)
            let amount = order.money(refund.amountMinor)
            var event = OrderEventRecord(
                id: nil, orderId: order.id!, kind: .refundRequested, actor: actor,
                summary: "Refund of \(amount.formatted) retried.", amountMinor: refund.amountMinor, createdAt: now)
            try event.insert(db)
            try Self.storeResult(idempotency, StoredResult(location: "/orders/\(orderNumber)", flash: nil), now: now, db)
            return .ready(PendingPaymentCall(
                kind: .refund, rowID: refundID, orderNumber: orderNumber, amount: amount,
                idempotencyKey: refund.idempotencyKey, cardLast4: order.paymentLast4,
                cardLabel: order.paymentMethod?.label))
        }
    }
}
