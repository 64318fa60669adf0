import DeskflowDomain
import DeskflowStore
@_spi(SharedDatabase) import DeskflowStoreSQLite
import Foundation
import GRDB

/// The simulation's books in the SQLite store's file, reached through the store's SharedDatabase SPI.
struct SQLiteBooks: SimulationBooks {
    let store: SQLiteStore

    var pool: DatabasePool { store.sharedPool }

    func applyGatewayCall(
        key: String, kind: String, orderNumber: Int, amountMinor: Int64, cardLast4: String?, now: Date,
        decide: @Sendable (GatewayLedgerState, _ previousAttempts: Int) -> GatewayDecision
    ) async throws -> GatewayEntry {
        try await GatewayLedger(pool: pool).apply(
            key: key, kind: kind, orderNumber: orderNumber, amountMinor: amountMinor, cardLast4: cardLast4, now: now,
            decide: decide)
    }

    func saveOutage(_ outage: SimulatedOutage) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO simulated_outages (service, mode, until) VALUES (?, ?, ?)",
                arguments: [outage.service.rawValue, outage.mode.rawValue, outage.until])
        }
    }

    func removeOutages(of service: SimulatedService?) async throws {
        try await pool.write { db in
            if let service {
                try db.execute(sql: "DELETE FROM simulated_outages WHERE service = ?", arguments: [service.rawValue])
            } else {
                try db.execute(sql: "DELETE FROM simulated_outages")
            }
        }
    }

    func recordedOutages() async throws -> [SimulatedOutage] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT service, mode, until FROM simulated_outages ORDER BY service").compactMap { row in
                guard let service = SimulatedService(rawValue: row["service"]), let mode = OutageMode(rawValue: row["mode"])
                else { return nil }
                return SimulatedOutage(service: service, mode: mode, until: row["until"])
            }
        }
    }

    func stockLevels(skus: [String]) async throws -> [StockLevel] {
        try await store.stockLevels(skus: skus)
    }

    func ledgerProblems() async throws -> [StoreProblem] {
        try await pool.read { db in
            try LedgerProblems.disagreements(db) + LedgerProblems.duplicatedCharges(db)
        }
    }
}
