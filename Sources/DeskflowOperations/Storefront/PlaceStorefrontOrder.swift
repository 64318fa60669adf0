import DeskflowDomain
import DeskflowStore
import Foundation

/// Places an order a storefront sent: checks it against the catalog, then writes it with its response in one
/// transaction (`DeskflowDatabase.placeStorefrontOrder`).
public struct PlaceStorefrontOrder: Sendable {
    let database: any DeskflowDatabase
    let clock: AppClock
    let simulatedLedger: (any SeededPaymentCallLedger)?

    public init(database: any DeskflowDatabase, clock: AppClock, simulatedLedger: (any SeededPaymentCallLedger)?) {
        self.database = database
        self.clock = clock
        self.simulatedLedger = simulatedLedger
    }

    /// What an earlier POST under `key` was answered: the same response for the same body, `.keyReused` for another
    /// body, `nil` for a key not seen before. Asked before the body is read, so a repeat is answered as the first was
    /// even when the catalog has changed since.
    public func earlierAnswer(token: APIToken, key: String, body: some Sequence<UInt8>) async throws -> StorefrontPlacementResult? {
        let fingerprint = Self.fingerprint(body)
        return try await database.storedAPIResponse(tokenID: token.id, key: key).map { stored in
            stored.fingerprint == fingerprint ? .replayed(status: stored.status, body: stored.body) : .keyReused
        }
    }

    /// Checks `request` and places it. `body` is the request's bytes, digested so that a key sent again with another
    /// body is refused; the transaction checks the key once more, so two requests racing with one key place one order.
    public func place(
        _ request: StorefrontOrderRequest, body: some Sequence<UInt8>, token: APIToken, key: String,
        respond: @escaping @Sendable (OrderDocument) throws -> (status: Int, body: Data)
    ) async throws -> Result<StorefrontPlacementResult, StorefrontRefusal> {
        let catalog = try await database.catalog(skus: request.lines.map(\.sku))
        let order: StorefrontOrder
        switch request.validate(catalog: catalog) {
        case .success(let valid): order = valid
        case .failure(let refusal): return .failure(refusal)
        }
        return .success(try await database.placeStorefrontOrder(
            StorefrontPlacementRequest(
                order: order, token: token, key: key, fingerprint: Self.fingerprint(body), now: clock.now,
                simulatedLedger: simulatedLedger),
            respond: respond))
    }

    static func fingerprint(_ body: some Sequence<UInt8>) -> String { StorefrontTokens.hash(bytes: Data(body)) }
}
