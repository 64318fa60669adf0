import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Places a storefront's order in one transaction with everything it brings: the customer, lines, payment rows,
    /// held stock with its ledger, timeline, the simulated provider's record, and the response stored under the key,
    /// written by `respond` from the order as placed. A repeat of the key replays that response.
    public func placeStorefrontOrder(
        _ request: StorefrontPlacementRequest, respond: @escaping @Sendable (OrderDocument) throws -> (status: Int, body: Data)
    ) async throws -> StorefrontPlacementResult {
        try await pool.write { db in
            let tokenID = request.token.id
            if let stored = try APIRequestRecord.fetchOne(db, key: ["token_id": tokenID, "key": request.key]) {
                guard stored.requestFingerprint == request.fingerprint else { return .keyReused }
                return .replayed(status: stored.responseStatus, body: stored.responseBody)
            }
            let order = request.order
            let number: Int
            if let requested = order.number {
                if try OrderRecord.filter(Column("number") == requested).fetchCount(db) > 0 { return .numberTaken(requested) }
                number = requested
            } else {
                number = (try Int.fetchOne(db, sql: "SELECT MAX(number) FROM orders") ?? 1000) + 1
            }
            let placement = Decide.place(
                order, number: number, placedBy: request.token.name, now: request.now, paymentKey: "api-\(tokenID)-\(request.key)")
            try Self.insert(placement, of: order, now: request.now, db)
            if order.payment.source.provider == .simulated, let ledger = request.simulatedLedger {
                try ledger.record(
                    placement.payments.map { payment in
                        SeededPaymentCall(
                            idempotencyKey: payment.idempotencyKey, kind: payment.kind.rawValue, orderNumber: number,
                            amountMinor: payment.amount.minorUnits, cardLast4: order.payment.source.method?.last4,
                            succeeded: payment.state == .succeeded,
                            reference: payment.state == .succeeded ? payment.reference ?? "sim_api_\(payment.idempotencyKey)" : nil,
                            failureCode: payment.state == .failed ? Decide.checkoutPaymentFailedCode : nil,
                            failureMessage: payment.state == .failed ? order.payment.failureMessage : nil, createdAt: placement.placedAt)
                    },
                    in: SharedTransaction(db))
            }
            try queueWebhooks(StorefrontEvent.caused(by: placement), orderNumber: number, now: request.now, db)
            guard let document = try Self.orderDocument(number: number, db) else { throw StoreError.notFound }
            let response = try respond(document)
            try APIRequestRecord(
                tokenId: tokenID, key: request.key, requestFingerprint: request.fingerprint, responseStatus: response.status,
                responseBody: response.body, createdAt: request.now
            ).insert(db)
            return .placed(number: number, status: response.status, body: response.body)
        }
    }

    /// Writes a placed order's rows.
    private static func insert(_ placement: OrderPlacement, of order: StorefrontOrder, now: Date, _ db: Database) throws {
        let email = order.customerEmail
        var customer = try CustomerRecord.filter(sql: "email = ? COLLATE NOCASE", arguments: [email]).fetchOne(db)
            ?? CustomerRecord(id: nil, name: order.customerName, email: email, createdAt: now)
        if customer.id == nil { try customer.insert(db) }
        let address = order.shippingAddress
        let method = order.payment.source.method
        var record = OrderRecord(
            id: nil, number: placement.number, placedAt: placement.placedAt, customerId: customer.id!,
            customerName: order.customerName, customerEmail: email, status: placement.state.status,
            paymentStatus: placement.state.payment, fulfillmentStatus: placement.state.fulfillment, issueKind: nil,
            issueCode: nil, issueMessage: nil, issueSince: nil, issueAttempts: 0, currency: order.currency,
            subtotalMinor: order.totals.subtotal.minorUnits, shippingMinor: order.totals.shipping.minorUnits,
            taxMinor: order.totals.tax.minorUnits, totalMinor: order.totals.total.minorUnits,
            paymentBrand: method?.brand, paymentLast4: method?.last4, authorizedMinor: placement.authorized.minorUnits,
            capturedMinor: placement.captured.minorUnits, shipName: address.name, shipLine1: address.line1,
            shipLine2: address.line2, shipCity: address.city, shipRegion: address.region, shipPostalCode: address.postalCode,
            shipCountry: address.country, trackingNumber: nil, cancelReason: nil, cancelNote: nil, cancelledAt: nil,
            cancelledBy: nil, version: 1, updatedAt: now, paymentProvider: order.payment.source.provider,
            paymentReference: order.payment.source.reference, paymentMethodReference: nil)
        record.set(issue: placement.issue)
        try record.insert(db)
        let orderID = record.id!
        for line in order.lines {
            var row = LineItemRecord(
                id: nil, orderId: orderID, sku: line.sku, name: line.name, quantity: line.quantity,
                unitPriceMinor: line.unitPrice.minorUnits)
            try row.insert(db)
        }
        for payment in placement.payments {
            var row = PaymentRecord(
                id: nil, orderId: orderID, kind: payment.kind, amountMinor: payment.amount.minorUnits, status: payment.state,
                idempotencyKey: payment.idempotencyKey, gatewayReference: payment.reference,
                failureCode: payment.state == .failed ? Decide.checkoutPaymentFailedCode : nil,
                failureMessage: payment.state == .failed ? placement.issue?.message : nil, createdAt: placement.placedAt,
                completedAt: placement.placedAt)
            try row.insert(db)
        }
        for movement in placement.stock {
            try write(movement, orderID: orderID, actor: Timeline.systemActor, now: now, db)
        }
        for (index, event) in placement.events.enumerated() {
            var row = OrderEventRecord(
                id: nil, orderId: orderID, kind: event.entry.kind, actor: event.actor, summary: event.entry.summary,
                amountMinor: event.entry.amount?.minorUnits, createdAt: placement.placedAt.addingTimeInterval(Double(index) / 1000))
            try row.insert(db)
        }
    }

    /// Forgets API keys older than the retention, as form keys are.
    public func deleteExpiredAPIRequests(now: Date) async throws {
        _ = try await pool.write { db in
            try APIRequestRecord.filter(Column("created_at") < now.addingTimeInterval(-IdempotencyClaim.retention)).deleteAll(db)
        }
    }
}

extension SQLiteStore {
    /// What a POST under `key` was answered, with the digest of what it sent, or `nil` for a new key.
    public func storedAPIResponse(tokenID: Int64, key: String) async throws -> (fingerprint: String, status: Int, body: Data)? {
        try await pool.read { db in
            try APIRequestRecord.fetchOne(db, key: ["token_id": tokenID, "key": key]).map {
                ($0.requestFingerprint, $0.responseStatus, $0.responseBody)
            }
        }
    }
}
