import DeskflowDomain
import Foundation
import GRDB

extension AppDatabase {
    /// Records the gateway's answer to a pending refund or void, in its own transaction, with its order events.
    /// Recording the same outcome twice changes nothing.
    public func recordPaymentOutcome(_ call: PendingPaymentCall, outcome: GatewayOutcome, actor: String, now: Date) async throws {
        try await pool.write { db in
            guard var order = try OrderRecord.filter(Column("number") == call.orderNumber).fetchOne(db) else {
                throw OrderWriteError.orderNotFound
            }
            let amount = call.amount
            var event: (OrderEventKind, String)
            switch call.kind {
            case .refund:
                guard var refund = try RefundRecord.fetchOne(db, key: call.rowID), refund.status == .pending else { return }
                refund.status = outcome.succeeded ? .succeeded : .failed
                refund.gatewayReference = outcome.reference
                refund.failureMessage = outcome.succeeded ? nil : outcome.failureMessage
                refund.completedAt = now
                try refund.update(db)
                if outcome.succeeded {
                    let refunded = try Int64.fetchOne(
                        db, sql: "SELECT COALESCE(SUM(amount_minor), 0) FROM refunds WHERE order_id = ? AND status = 'succeeded'",
                        arguments: [order.id]) ?? 0
                    order.paymentStatus = PaymentSettlement.statusAfterRefunds(
                        captured: order.money(order.capturedMinor), refunded: order.money(refunded), current: order.paymentStatus)
                    if order.issueKind == .refundFailed {
                        let stillFailed = try RefundRecord
                            .filter(Column("order_id") == order.id && Column("status") == "failed").fetchCount(db)
                        if stillFailed == 0 { order.clearIssue() }
                    }
                    event = (.refundSucceeded, "Refunded \(amount.formatted) to \(call.cardLabel ?? "the customer").")
                } else {
                    order.openIssue(
                        .refundFailed, code: outcome.failureCode ?? "refund_failed",
                        message: outcome.failureMessage ?? "The refund failed.", now: now)
                    event = (.refundFailed, "Refund of \(amount.formatted) failed: \(outcome.failureMessage ?? "no reason given")")
                }
            case .charge:
                guard var payment = try PaymentRecord.fetchOne(db, key: call.rowID), payment.status == .pending else { return }
                let total = order.money(order.totalMinor)
                if outcome.isTransient {
                    // Not settled: the charge stays pending, to be sent again under the same key.
                    order.paymentStatus = .failed
                    order.openIssue(
                        .paymentFailed, code: outcome.failureCode ?? OrderIssue.noAnswerCode,
                        message: outcome.failureMessage ?? "The payment provider did not answer.", now: now)
                    event = (.paymentFailed, "Charge of \(amount.formatted) got no answer: \(outcome.failureMessage ?? "timeout") It stays pending and is sent again with the same key.")
                    break
                }
                payment.settle(outcome, now: now)
                try payment.update(db)
                if outcome.succeeded {
                    order.paymentStatus = .paid
                    order.authorizedMinor = total.minorUnits
                    order.capturedMinor = total.minorUnits
                    if order.status == .pending { order.status = .processing }
                    if order.issueKind == .paymentFailed { order.clearIssue() }
                    event = (.paymentCaptured, "\(amount.formatted) charged to \(call.cardLabel ?? "the card on file").")
                } else {
                    let message = outcome.failureMessage ?? "The charge was declined."
                    order.paymentStatus = .failed
                    order.openIssue(.paymentFailed, code: outcome.failureCode ?? "charge_failed", message: message, now: now)
                    event = (.paymentFailed, "Charge of \(amount.formatted) failed: \(message)")
                }
            case .capture:
                // Only a capture the process stopped before recording gets here (start-up): the live fulfilment records
                // its capture with the shipment. The goods were not recorded as shipped, so the order stays unfulfilled
                // and the next fulfilment ships it without capturing again.
                guard var payment = try PaymentRecord.fetchOne(db, key: call.rowID), payment.status == .pending else { return }
                if outcome.isTransient {
                    // Not settled: the provider may have captured. The capture stays pending under its key.
                    event = (.paymentFailed, "Capturing \(amount.formatted) got no answer. It stays pending and is sent again with the same key.")
                    break
                }
                payment.settle(outcome, now: now)
                try payment.update(db)
                if outcome.succeeded {
                    order.paymentStatus = .paid
                    order.capturedMinor = amount.minorUnits
                    event = (.paymentCaptured, "\(amount.formatted) captured.")
                } else {
                    event = (.paymentFailed, "Capturing \(amount.formatted) failed: \(outcome.failureMessage ?? "no reason given")")
                }
            case .void:
                guard var payment = try PaymentRecord.fetchOne(db, key: call.rowID), payment.status == .pending else { return }
                if outcome.isTransient {
                    // Not settled: the provider may have voided. The void stays pending and goes again under its key
                    // when Deskflow next starts; recording it failed would say the hold is still there when it may not be.
                    event = (.authorizationVoided, "Voiding the authorization of \(amount.formatted) got no answer. It stays pending and is sent again with the same key.")
                    break
                }
                payment.settle(outcome, now: now)
                try payment.update(db)
                if outcome.succeeded {
                    order.paymentStatus = .voided
                    event = (.authorizationVoided, "Authorization of \(amount.formatted) voided.")
                } else {
                    event = (.authorizationVoided, "Voiding the authorization of \(amount.formatted) failed: \(outcome.failureMessage ?? "no reason given") The hold lapses on its own.")
                }
            }
            order.version += 1
            order.updatedAt = now
            try order.update(db)
            var row = OrderEventRecord(
                id: nil, orderId: order.id!, kind: event.0, actor: "Payment gateway", summary: event.1,
                amountMinor: amount.minorUnits, createdAt: now)
            try row.insert(db)
        }
    }

    /// The pending charge of an order, if one is waiting for the gateway's answer.
    public func pendingCharge(orderNumber: Int) async throws -> PendingPaymentCall? {
        try await pendingPaymentCalls().first { $0.kind == .charge && $0.orderNumber == orderNumber }
    }

    /// Records the capture of an authorized order as pending before it goes to the gateway, so a process that stops
    /// after the provider captured records it at start-up instead of losing it. A capture already waiting (its answer
    /// was lost) is returned as it is, to be sent again under its own key. Returns `nil`, and records nothing, when
    /// there is nothing to capture any more: the order was cancelled (its authorization is being voided) or is no
    /// longer only authorized.
    public func recordPendingCapture(orderNumber: Int, key: String, now: Date) async throws -> PendingPaymentCall? {
        try await pool.write { db in
            guard let order = try OrderRecord.filter(Column("number") == orderNumber).fetchOne(db),
                order.status != .cancelled, order.paymentStatus == .authorized
            else { return nil }
            if let waiting = try PaymentRecord
                .filter(Column("order_id") == order.id && Column("kind") == "capture" && Column("status") == "pending").fetchOne(db)
            {
                return PendingPaymentCall(
                    kind: .capture, rowID: waiting.id!, orderNumber: orderNumber, amount: order.money(waiting.amountMinor),
                    idempotencyKey: waiting.idempotencyKey, cardLast4: order.paymentLast4, cardLabel: order.paymentMethod?.label)
            }
            var payment = PaymentRecord(
                id: nil, orderId: order.id!, kind: .capture, amountMinor: order.totalMinor, status: .pending,
                idempotencyKey: key, gatewayReference: nil, failureCode: nil, failureMessage: nil, createdAt: now, completedAt: nil)
            try payment.insert(db)
            return PendingPaymentCall(
                kind: .capture, rowID: payment.id!, orderNumber: orderNumber, amount: order.money(order.totalMinor),
                idempotencyKey: key, cardLast4: order.paymentLast4, cardLabel: order.paymentMethod?.label)
        }
    }

    /// Refunds, voids, charges and captures recorded as pending whose outcome was never recorded (the process stopped
    /// in between).
    /// `createdBefore` keeps to calls older than that moment: ones no request is still waiting on.
    public func pendingPaymentCalls(createdBefore: Date? = nil) async throws -> [PendingPaymentCall] {
        try await pool.read { db in
            func olderOnly(_ table: String) -> String { createdBefore == nil ? "" : " AND \(table).created_at < :before" }
            let arguments: StatementArguments = createdBefore.map { ["before": $0] } ?? [:]
            let refunds = try Row.fetchAll(db, sql: """
                SELECT r.id, r.amount_minor, r.idempotency_key, o.number, o.currency, o.payment_brand, o.payment_last4
                FROM refunds r JOIN orders o ON o.id = r.order_id WHERE r.status = 'pending'\(olderOnly("r")) ORDER BY r.id
                """, arguments: arguments)
            func payments(_ kind: String) throws -> [Row] {
                try Row.fetchAll(db, sql: """
                    SELECT p.id, p.amount_minor, p.idempotency_key, o.number, o.currency, o.payment_brand, o.payment_last4
                    FROM payments p JOIN orders o ON o.id = p.order_id
                    WHERE p.status = 'pending' AND p.kind = '\(kind)'\(olderOnly("p")) ORDER BY p.id
                    """, arguments: arguments)
            }
            let voids = try payments("void")
            let charges = try payments("charge")
            let captures = try payments("capture")
            func call(_ row: Row, _ kind: PendingPaymentCall.Kind) throws -> PendingPaymentCall {
                let brand: String? = row["payment_brand"]
                let last4: String? = row["payment_last4"]
                let currency: Currency = try row.stored("currency", table: "orders", orderNumber: row["number"])
                return PendingPaymentCall(
                    kind: kind, rowID: row["id"], orderNumber: row["number"],
                    amount: Money(minorUnits: row["amount_minor"], currency: currency),
                    idempotencyKey: row["idempotency_key"], cardLast4: last4,
                    cardLabel: brand.flatMap { brand in last4.map { PaymentMethod(brand: brand, last4: $0).label } })
            }
            return try refunds.map { try call($0, .refund) } + voids.map { try call($0, .void) }
                + charges.map { try call($0, .charge) } + captures.map { try call($0, .capture) }
        }
    }
}

extension PaymentRecord {
    /// Writes the provider's final answer on the row.
    mutating func settle(_ outcome: GatewayOutcome, now: Date) {
        status = outcome.succeeded ? .succeeded : .failed
        gatewayReference = outcome.reference
        failureCode = outcome.failureCode
        failureMessage = outcome.failureMessage
        completedAt = now
    }
}
