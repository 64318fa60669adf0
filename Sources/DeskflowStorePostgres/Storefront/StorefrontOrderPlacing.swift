@_spi(SharedDatabase) import DeskflowStore
import DeskflowDomain
import Foundation
import Logging
import PostgresNIO

/// A simulated provider's ledger was given that can only write synchronously (SQLite's): on PostgreSQL its books
/// would be left behind the store's rows, so the placement is refused instead.
struct LedgerNeedsAwaiting: Error, CustomStringConvertible {
    var description: String {
        "the simulated payment provider's ledger cannot record inside a PostgreSQL transaction"
    }
}

extension PostgresStore {
    /// The advisory lock every placement takes before choosing its number: numbers are handed out one placement at a
    /// time across instances, as SQLite's single writer does.
    static let orderNumberLock = "deskflow-order-numbers"

    /// Places a storefront's order in one transaction with everything it brings: the customer, lines, payment rows,
    /// held stock with its ledger, timeline, the simulated provider's record, and the response stored under the key,
    /// written by `respond` from the order as placed. A repeat of the key replays that response.
    public func placeStorefrontOrder(
        _ request: StorefrontPlacementRequest, respond: @escaping @Sendable (OrderDocument) throws -> (status: Int, body: Data)
    ) async throws -> StorefrontPlacementResult {
        let tokenID = request.token.id
        return try await client.withRetryingTransaction(logger: logger) { connection in
            try await connection.lockForTransaction(key: "api-\(tokenID)-\(request.key)", logger: logger)
            let stored = try await connection.queryWhileOpen(
                """
                SELECT request_fingerprint, response_status, response_body FROM api_requests
                WHERE token_id = \(tokenID) AND key = \(request.key)
                """,
                logger: logger)
            for try await (fingerprint, status, body) in stored.decode((String, Int, Data).self) {
                guard fingerprint == request.fingerprint else { return .keyReused }
                return .replayed(status: status, body: body)
            }
            try await connection.lockForTransaction(key: Self.orderNumberLock, logger: logger)
            let order = request.order
            let number: Int
            if let requested = order.number {
                let taken = try await Self.count(
                    try await connection.queryWhileOpen("SELECT id FROM orders WHERE number = \(requested)", logger: logger))
                if taken > 0 { return .numberTaken(requested) }
                number = requested
            } else {
                let highest = try await connection.queryWhileOpen("SELECT max(number) FROM orders", logger: logger)
                var last: Int?
                for try await value in highest.decode(Int?.self) { last = value }
                number = (last ?? 1000) + 1
            }
            let placement = Decide.place(
                order, number: number, placedBy: request.token.name, now: request.now,
                paymentKey: "api-\(tokenID)-\(request.key)")
            try await Self.insert(placement, of: order, now: request.now, on: connection, logger: logger)
            if order.payment.source.provider == .simulated, let ledger = request.simulatedLedger {
                guard let ledger = ledger as? any AwaitingPaymentCallLedger else { throw LedgerNeedsAwaiting() }
                try await ledger.record(
                    placement.payments.map { payment in
                        SeededPaymentCall(
                            idempotencyKey: payment.idempotencyKey, kind: payment.kind.rawValue, orderNumber: number,
                            amountMinor: payment.amount.minorUnits, cardLast4: order.payment.source.method?.last4,
                            succeeded: payment.state == .succeeded,
                            reference: payment.state == .succeeded
                                ? payment.reference ?? "sim_api_\(payment.idempotencyKey)" : nil,
                            failureCode: payment.state == .failed ? Decide.checkoutPaymentFailedCode : nil,
                            failureMessage: payment.state == .failed ? order.payment.failureMessage : nil,
                            createdAt: placement.placedAt)
                    },
                    awaitingIn: SharedTransaction(connection))
            }
            try await queueWebhooks(
                StorefrontEvent.caused(by: placement), orderNumber: number, now: request.now, on: connection)
            guard let record = try await Self.order(number: number, on: connection, logger: logger) else {
                throw StoreError.notFound
            }
            let document = try await Self.document(of: record, on: connection, logger: logger)
            let response = try respond(document)
            try await connection.perform(
                """
                INSERT INTO api_requests (token_id, key, request_fingerprint, response_status, response_body, created_at)
                VALUES (\(tokenID), \(request.key), \(request.fingerprint), \(response.status), \(response.body),
                  \(request.now.stored))
                """,
                logger: logger)
            return .placed(number: number, status: response.status, body: response.body)
        }
    }

    /// Writes a placed order's rows.
    private static func insert(
        _ placement: OrderPlacement, of order: StorefrontOrder, now: Date, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let now = now.stored.date
        let placedAt = placement.placedAt.stored.date
        let email = order.customerEmail
        var customerID: Int64?
        let customers = try await connection.queryWhileOpen(
            "SELECT id FROM customers WHERE lower(email) = lower(\(email)) ORDER BY id LIMIT 1", logger: logger)
        for try await id in customers.decode(Int64.self) { customerID = id }
        if customerID == nil {
            let inserted = try await connection.queryWhileOpen(
                "INSERT INTO customers (name, email, created_at) VALUES (\(order.customerName), \(email), \(now)) RETURNING id",
                logger: logger)
            for try await id in inserted.decode(Int64.self) { customerID = id }
        }
        guard let customerID else { throw StoreError.notFound }
        let address = order.shippingAddress
        let method = order.payment.source.method
        let issue = placement.issue
        let rows = try await connection.queryWhileOpen(
            """
            INSERT INTO orders (
              number, placed_at, customer_id, customer_name, customer_email, status, payment_status, fulfillment_status,
              issue_kind, issue_code, issue_message, issue_since, issue_attempts, issue_fix_made, currency,
              subtotal_minor, shipping_minor, tax_minor, total_minor, payment_brand, payment_last4, authorized_minor,
              captured_minor, ship_name, ship_line1, ship_line2, ship_city, ship_region, ship_postal_code, ship_country,
              version, updated_at, payment_provider, payment_reference)
            VALUES (
              \(placement.number), \(placedAt), \(customerID), \(order.customerName), \(email),
              \(placement.state.status.rawValue), \(placement.state.payment.rawValue), \(placement.state.fulfillment.rawValue),
              \(issue?.kind.rawValue), \(issue?.code), \(issue?.message), \(issue?.since.stored),
              \(issue?.attempts ?? 0), \(issue?.fixMade ?? false), \(order.currency.code),
              \(order.totals.subtotal.minorUnits), \(order.totals.shipping.minorUnits), \(order.totals.tax.minorUnits),
              \(order.totals.total.minorUnits), \(method?.brand), \(method?.last4), \(placement.authorized.minorUnits),
              \(placement.captured.minorUnits), \(address.name), \(address.line1), \(address.line2), \(address.city),
              \(address.region), \(address.postalCode), \(address.country),
              1, \(now), \(order.payment.source.provider.rawValue), \(order.payment.source.reference))
            RETURNING id
            """,
            logger: logger)
        var inserted: Int64?
        for try await id in rows.decode(Int64.self) { inserted = id }
        guard let orderID = inserted else { throw StoreError.notFound }
        for line in order.lines {
            try await connection.perform(
                """
                INSERT INTO line_items (order_id, sku, name, quantity, unit_price_minor)
                VALUES (\(orderID), \(line.sku), \(line.name), \(line.quantity), \(line.unitPrice.minorUnits))
                """,
                logger: logger)
        }
        for payment in placement.payments {
            let failed = payment.state == .failed
            try await connection.perform(
                """
                INSERT INTO payments (order_id, kind, amount_minor, status, idempotency_key, gateway_reference, failure_code,
                  failure_message, created_at, completed_at)
                VALUES (\(orderID), \(payment.kind.rawValue), \(payment.amount.minorUnits), \(payment.state.rawValue),
                  \(payment.idempotencyKey), \(payment.reference), \(failed ? Decide.checkoutPaymentFailedCode : nil),
                  \(failed ? placement.issue?.message : nil), \(placedAt), \(placedAt))
                """,
                logger: logger)
        }
        try await lockStock(skus: placement.stock.map(\.sku), on: connection, logger: logger)
        for movement in placement.stock {
            try await write(movement, orderID: orderID, actor: Timeline.systemActor, now: now, on: connection, logger: logger)
        }
        for (index, event) in placement.events.enumerated() {
            let at = placement.placedAt.addingTimeInterval(Double(index) / 1000).stored.date
            try await connection.perform(
                """
                INSERT INTO order_events (order_id, kind, actor, summary, amount_minor, created_at)
                VALUES (\(orderID), \(event.entry.kind.rawValue), \(event.actor), \(event.entry.summary),
                  \(event.entry.amount?.minorUnits), \(at))
                """,
                logger: logger)
        }
    }
}
