import GRDB

// Hand-written encoding for the simulated gateway's ledger rows (every order writes several): the Codable-based
// default is several times slower, which matters when a million orders are seeded. The store's own tables are
// written from their `TableDefinition`s.

extension GatewayTransactionRecord {
    func encode(to container: inout PersistenceContainer) throws {
        container["idempotency_key"] = idempotencyKey
        container["kind"] = kind
        container["order_number"] = orderNumber
        container["amount_minor"] = amountMinor
        container["card_last4"] = cardLast4
        container["succeeded"] = succeeded
        container["is_final"] = isFinal
        container["reference"] = reference
        container["failure_code"] = failureCode
        container["failure_message"] = failureMessage
        container["attempts"] = attempts
        container["created_at"] = createdAt
    }
}
