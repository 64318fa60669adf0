import DeskflowDomain
import DeskflowStore
import DeskflowStorePostgres
import Foundation
import Logging
import PostgresNIO

/// The simulation's books in a PostgreSQL store's database, shared by every instance on it.
struct PostgresBooks: SimulationBooks {
    let store: PostgresStore

    var client: PostgresClient { store.engine.client }
    var logger: Logger { store.logger }

    func applyGatewayCall(
        key: String, kind: String, orderNumber: Int, amountMinor: Int64, cardLast4: String?, now: Date,
        decide: @Sendable (GatewayLedgerState, _ previousAttempts: Int) -> GatewayDecision
    ) async throws -> GatewayEntry {
        try await PostgresGatewayLedger(client: client, logger: logger).apply(
            key: key, kind: kind, orderNumber: orderNumber, amountMinor: amountMinor, cardLast4: cardLast4, now: now,
            decide: decide)
    }

    func saveOutage(_ outage: SimulatedOutage) async throws {
        try await client.perform(
            """
            INSERT INTO simulated_outages (service, mode, until)
            VALUES (\(outage.service.rawValue), \(outage.mode.rawValue), \(outage.until))
            ON CONFLICT (service) DO UPDATE SET mode = excluded.mode, until = excluded.until
            """,
            logger: logger)
    }

    func removeOutages(of service: SimulatedService?) async throws {
        if let service {
            try await client.perform("DELETE FROM simulated_outages WHERE service = \(service.rawValue)", logger: logger)
        } else {
            try await client.perform("DELETE FROM simulated_outages", logger: logger)
        }
    }

    func recordedOutages() async throws -> [SimulatedOutage] {
        let rows = try await client.queryWhileOpen(
            "SELECT service, mode, until FROM simulated_outages ORDER BY service COLLATE \"C\"", logger: logger)
        var outages: [SimulatedOutage] = []
        for try await (service, mode, until) in rows.decode((String, String, Date).self) {
            guard let service = SimulatedService(rawValue: service), let mode = OutageMode(rawValue: mode) else { continue }
            outages.append(SimulatedOutage(service: service, mode: mode, until: until))
        }
        return outages
    }

    func stockLevels(skus: [String]) async throws -> [StockLevel] {
        try await store.stockLevels(skus: skus)
    }

    func ledgerProblems() async throws -> [StoreProblem] {
        try await PostgresLedgerProblems.check(client, logger: logger)
    }
}
