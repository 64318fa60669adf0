import DeskflowDomain
import DeskflowStore
import Foundation

/// Where the simulation keeps its books — the provider's ledger and the outage switches — beside the store's tables,
/// and reads what it needs of the store's: one implementation per engine (`SQLiteBooks`, `PostgresBooks`), chosen by
/// `Simulation.setUp(on:)`. The gateway, warehouse and outage switches decide; the books only read and write.
protocol SimulationBooks: Sendable {
    /// Applies one call to the provider's ledger atomically, as `GatewayLedger.apply` does: a key seen before gets its
    /// first final answer; otherwise `decide` sees the order's ledger as it stands while no other call for the order,
    /// from this instance or another, can write.
    func applyGatewayCall(
        key: String, kind: String, orderNumber: Int, amountMinor: Int64, cardLast4: String?, now: Date,
        decide: @Sendable (GatewayLedgerState, _ previousAttempts: Int) -> GatewayDecision
    ) async throws -> GatewayEntry

    /// Records `outage`, replacing any its service already has.
    func saveOutage(_ outage: SimulatedOutage) async throws

    /// Removes the outage of `service`, or every outage when `nil`.
    func removeOutages(of service: SimulatedService?) async throws

    /// Every outage recorded, ended or not, by service; a row this version cannot read is left out.
    func recordedOutages() async throws -> [SimulatedOutage]

    /// The store's stock for `skus`, by SKU.
    func stockLevels(skus: [String]) async throws -> [StockLevel]

    /// The store's payments and refunds against the provider's ledger (`Simulation.ledgerProblems()`).
    func ledgerProblems() async throws -> [StoreProblem]
}
