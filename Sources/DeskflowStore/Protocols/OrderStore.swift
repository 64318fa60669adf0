import DeskflowDomain
import Foundation

/// Orders: the list and the order page, order writes, stock and the catalog, the reports, and the storefront's
/// orders, documents and API requests.
///
/// Every write takes a `decide` closure that is handed what the engine read under its lock and returns what to
/// write. It must be pure — no outside calls, no clock, no side effects — because an engine may run it more than
/// once: PostgreSQL retries a transaction that lost a serialization race, and `decide` runs again on the new reads.
public protocol OrderStore: Sendable {
    /// A page of orders, newest first (the attention queue: oldest failure first), keyset-paged by order number.
    /// Throws `OrderListError.unknownCursor` when `request.after` names no order that page could continue from.
    func listOrders(_ request: OrderListRequest) async throws -> OrderListPage

    /// Order counts for every filter tab: store-wide, or among the orders matching `search`, counted no further than
    /// a search's count shows (`OrderCounts.isCapped`).
    func countOrders(matching search: OrderSearch?) async throws -> OrderCounts

    /// The list page with every tab's count for its search, as `listOrders` and `countOrders(matching:)` give them; an
    /// engine may read both at once where one read answers both.
    func listOrdersWithCounts(_ request: OrderListRequest) async throws -> (page: OrderListPage, counts: OrderCounts)

    /// The order page's order, refunds and timeline; `nil` when there is no order with that number.
    func orderDetail(number: Int) async throws -> OrderDetail?

    /// The order as the storefront sees it, or `nil` when there is no order with that number.
    func orderDocument(number: Int) async throws -> OrderDocument?

    /// Orders changed at or after `since`, oldest change first, `limit` of them after `cursor`, each with the cursor
    /// that follows it. Read in one transaction, so the page is one moment's view.
    func orderDocuments(
        changedSince since: Date?, after cursor: OrderChangeCursor?, limit: Int
    ) async throws -> [(document: OrderDocument, cursor: OrderChangeCursor)]

    /// A manager's action on one order, in one transaction: the replay check (a repeat of the key answers
    /// `.replayed` and writes nothing), the lock, the version check (`StaleVersion`), `decide` (pure; it may run more
    /// than once), then the change with its events, stock ledger, outbox rows and the key's stored flash.
    /// Throws `OrderWriteError.orderNotFound`, `IdempotencyKeyReused`, `StaleVersion` or what `decide` throws.
    func applyOrderAction(
        _ request: OrderActionRequest, decide: @Sendable (OrderSnapshot) throws -> OrderChange
    ) async throws -> OrderActionResult

    /// Claims a key for a request that is not one order's action (a bulk request): `nil` when the key is new and now
    /// taken, the stored result when the same request was sent under it before. Throws `IdempotencyKeyReused` when
    /// the key came with other values.
    func claimIdempotencyKey(_ claim: IdempotencyClaim, now: Date) async throws -> StoredResult?

    /// Replaces the flash remembered for a key once the outcome of the outside calls is known.
    func updateStoredFlash(key: String, flash: String) async throws

    /// The result remembered for a key, if any.
    func storedResult(key: String) async throws -> StoredResult?

    /// Every product's stock, by SKU.
    func stockLevels() async throws -> [StockLevel]

    /// Stock for the given SKUs only, by SKU.
    func stockLevels(skus: [String]) async throws -> [StockLevel]

    /// Sets a product's units on hand, as `decide` (pure; it may run more than once) works out from its stock under
    /// the lock, with a ledger row and the idempotency record. Returns the stock after the change, or the stored
    /// result of a repeated key. Throws `StockAdjustmentError.unknownSKU`.
    func adjustStock(
        sku: String, actor: String, idempotency: IdempotencyClaim, now: Date,
        decide: @Sendable (StockLevel) throws -> (newOnHand: Int, reason: String)
    ) async throws -> (level: StockLevel, replayed: StoredResult?)

    /// The catalog's products among `skus`: those a storefront's lines may name.
    func catalog(skus: [String]) async throws -> [String: CatalogProduct]

    /// The cancellations recorded from `start` (included) up to `end` (excluded), newest first, at most `limit`
    /// rows; the counts and the refunded total cover the whole period.
    func cancellationReport(from start: Date, to end: Date, limit: Int) async throws -> CancellationReport

    /// Places a storefront's order in one transaction with everything it brings (customer, lines, payment rows, held
    /// stock with its ledger, timeline, the simulated provider's record) and the response `respond` writes from the
    /// order as placed, stored under the key. A repeat of the key replays that response. `respond` must be pure: it
    /// may run more than once.
    func placeStorefrontOrder(
        _ request: StorefrontPlacementRequest,
        respond: @escaping @Sendable (OrderDocument) throws -> (status: Int, body: Data)
    ) async throws -> StorefrontPlacementResult

    /// What a storefront's POST under `key` was answered, with the digest of what it sent, or `nil` for a new key.
    func storedAPIResponse(tokenID: Int64, key: String) async throws -> (fingerprint: String, status: Int, body: Data)?
}

extension OrderStore {
    /// Store-wide order counts for every filter tab.
    public func countOrders() async throws -> OrderCounts {
        try await countOrders(matching: nil)
    }

    public func listOrdersWithCounts(_ request: OrderListRequest) async throws -> (page: OrderListPage, counts: OrderCounts) {
        (try await listOrders(request), try await countOrders(matching: request.search))
    }
}
