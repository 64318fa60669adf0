import GRDB

// Hand-written decoding for the rows every order list and order page reads: the Codable-based default rebuilt a
// snake_case-to-key table for every row, a quarter of the CPU of the orders list. Each column is read by name through
// GRDB's `StatementColumnConvertible` fast path, the same conversions the Codable decoder makes for these types (dates
// included: both parse the stored text with `Date(sqliteStatement:index:)`). Non-optional properties throw on NULL or
// a missing column, optional ones read either as nil, as before; a decoding test compares both ways column by column.

extension OrderRecord {
    init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        number = try row.decode(forColumn: "number")
        placedAt = try row.decode(forColumn: "placed_at")
        customerId = try row.decode(forColumn: "customer_id")
        customerName = try row.decode(forColumn: "customer_name")
        customerEmail = try row.decode(forColumn: "customer_email")
        status = try row.decode(forColumn: "status")
        paymentStatus = try row.decode(forColumn: "payment_status")
        fulfillmentStatus = try row.decode(forColumn: "fulfillment_status")
        issueKind = try row.decode(forColumn: "issue_kind")
        issueCode = try row.decode(forColumn: "issue_code")
        issueMessage = try row.decode(forColumn: "issue_message")
        issueSince = try row.decode(forColumn: "issue_since")
        issueAttempts = try row.decode(forColumn: "issue_attempts")
        currency = try row.decode(forColumn: "currency")
        subtotalMinor = try row.decode(forColumn: "subtotal_minor")
        shippingMinor = try row.decode(forColumn: "shipping_minor")
        taxMinor = try row.decode(forColumn: "tax_minor")
        totalMinor = try row.decode(forColumn: "total_minor")
        paymentBrand = try row.decode(forColumn: "payment_brand")
        paymentLast4 = try row.decode(forColumn: "payment_last4")
        authorizedMinor = try row.decode(forColumn: "authorized_minor")
        capturedMinor = try row.decode(forColumn: "captured_minor")
        shipName = try row.decode(forColumn: "ship_name")
        shipLine1 = try row.decode(forColumn: "ship_line1")
        shipLine2 = try row.decode(forColumn: "ship_line2")
        shipCity = try row.decode(forColumn: "ship_city")
        shipRegion = try row.decode(forColumn: "ship_region")
        shipPostalCode = try row.decode(forColumn: "ship_postal_code")
        shipCountry = try row.decode(forColumn: "ship_country")
        trackingNumber = try row.decode(forColumn: "tracking_number")
        cancelReason = try row.decode(forColumn: "cancel_reason")
        cancelNote = try row.decode(forColumn: "cancel_note")
        cancelledAt = try row.decode(forColumn: "cancelled_at")
        cancelledBy = try row.decode(forColumn: "cancelled_by")
        version = try row.decode(forColumn: "version")
        updatedAt = try row.decode(forColumn: "updated_at")
    }
}

extension LineItemRecord {
    init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        orderId = try row.decode(forColumn: "order_id")
        sku = try row.decode(forColumn: "sku")
        name = try row.decode(forColumn: "name")
        quantity = try row.decode(forColumn: "quantity")
        unitPriceMinor = try row.decode(forColumn: "unit_price_minor")
    }
}

extension PaymentRecord {
    init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        orderId = try row.decode(forColumn: "order_id")
        kind = try row.decode(forColumn: "kind")
        amountMinor = try row.decode(forColumn: "amount_minor")
        status = try row.decode(forColumn: "status")
        idempotencyKey = try row.decode(forColumn: "idempotency_key")
        gatewayReference = try row.decode(forColumn: "gateway_reference")
        failureCode = try row.decode(forColumn: "failure_code")
        failureMessage = try row.decode(forColumn: "failure_message")
        createdAt = try row.decode(forColumn: "created_at")
        completedAt = try row.decode(forColumn: "completed_at")
    }
}

extension RefundRecord {
    init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        orderId = try row.decode(forColumn: "order_id")
        amountMinor = try row.decode(forColumn: "amount_minor")
        status = try row.decode(forColumn: "status")
        idempotencyKey = try row.decode(forColumn: "idempotency_key")
        gatewayReference = try row.decode(forColumn: "gateway_reference")
        failureMessage = try row.decode(forColumn: "failure_message")
        requestedBy = try row.decode(forColumn: "requested_by")
        createdAt = try row.decode(forColumn: "created_at")
        completedAt = try row.decode(forColumn: "completed_at")
    }
}

extension OrderEventRecord {
    init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        orderId = try row.decode(forColumn: "order_id")
        kind = try row.decode(forColumn: "kind")
        actor = try row.decode(forColumn: "actor")
        summary = try row.decode(forColumn: "summary")
        amountMinor = try row.decode(forColumn: "amount_minor")
        createdAt = try row.decode(forColumn: "created_at")
    }
}
