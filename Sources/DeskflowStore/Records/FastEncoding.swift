import GRDB

// Hand-written encoding for the rows written most often (every order writes several of each): the Codable-based
// default is several times slower, which matters when a million orders are seeded.

extension OrderRecord {
    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["number"] = number
        container["placed_at"] = placedAt
        container["customer_id"] = customerId
        container["customer_name"] = customerName
        container["customer_email"] = customerEmail
        container["status"] = status
        container["payment_status"] = paymentStatus
        container["fulfillment_status"] = fulfillmentStatus
        container["issue_kind"] = issueKind
        container["issue_code"] = issueCode
        container["issue_message"] = issueMessage
        container["issue_since"] = issueSince
        container["issue_attempts"] = issueAttempts
        container["currency"] = currency
        container["subtotal_minor"] = subtotalMinor
        container["shipping_minor"] = shippingMinor
        container["tax_minor"] = taxMinor
        container["total_minor"] = totalMinor
        container["payment_brand"] = paymentBrand
        container["payment_last4"] = paymentLast4
        container["authorized_minor"] = authorizedMinor
        container["captured_minor"] = capturedMinor
        container["ship_name"] = shipName
        container["ship_line1"] = shipLine1
        container["ship_line2"] = shipLine2
        container["ship_city"] = shipCity
        container["ship_region"] = shipRegion
        container["ship_postal_code"] = shipPostalCode
        container["ship_country"] = shipCountry
        container["tracking_number"] = trackingNumber
        container["cancel_reason"] = cancelReason
        container["cancel_note"] = cancelNote
        container["cancelled_at"] = cancelledAt
        container["cancelled_by"] = cancelledBy
        container["version"] = version
        container["updated_at"] = updatedAt
    }
}

extension LineItemRecord {
    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["order_id"] = orderId
        container["sku"] = sku
        container["name"] = name
        container["quantity"] = quantity
        container["unit_price_minor"] = unitPriceMinor
    }
}

extension InventoryLedgerRecord {
    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["sku"] = sku
        container["order_id"] = orderId
        container["on_hand_change"] = onHandChange
        container["committed_change"] = committedChange
        container["reason"] = reason
        container["actor"] = actor
        container["created_at"] = createdAt
    }
}

extension PaymentRecord {
    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["order_id"] = orderId
        container["kind"] = kind
        container["amount_minor"] = amountMinor
        container["status"] = status
        container["idempotency_key"] = idempotencyKey
        container["gateway_reference"] = gatewayReference
        container["failure_code"] = failureCode
        container["failure_message"] = failureMessage
        container["created_at"] = createdAt
        container["completed_at"] = completedAt
    }
}

extension RefundRecord {
    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["order_id"] = orderId
        container["amount_minor"] = amountMinor
        container["status"] = status
        container["idempotency_key"] = idempotencyKey
        container["gateway_reference"] = gatewayReference
        container["failure_message"] = failureMessage
        container["requested_by"] = requestedBy
        container["created_at"] = createdAt
        container["completed_at"] = completedAt
    }
}

extension OrderEventRecord {
    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["order_id"] = orderId
        container["kind"] = kind
        container["actor"] = actor
        container["summary"] = summary
        container["amount_minor"] = amountMinor
        container["created_at"] = createdAt
    }
}
