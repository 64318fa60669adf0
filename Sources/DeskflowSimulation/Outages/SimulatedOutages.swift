import DeskflowStore
@_spi(SharedDatabase) import DeskflowStoreSQLite
import Foundation
import GRDB

/// An outside service Deskflow embeds a simulation of.
public enum SimulatedService: String, CaseIterable, Sendable {
    case gateway, warehouse
}

/// How a simulated service misbehaves during an outage.
public enum OutageMode: String, CaseIterable, Sendable {
    /// The call is carried out but its answer never arrives, as when a connection drops after the request was sent.
    case timeout
    /// The service refuses the call outright (an HTTP 503) and does nothing.
    case fail
}

public struct SimulatedOutage: Hashable, Sendable {
    public var service: SimulatedService
    public var mode: OutageMode
    public var until: Date
}

/// The outage switches of the simulated services, kept in the simulation's own table so that `deskflow outage` can
/// flip them for a server that is running.
public struct SimulatedOutages: Sendable {
    let pool: DatabasePool

    /// On a database the simulation is set up on (`Simulation.setUp(on:)`).
    public init(database: SQLiteStore) {
        pool = database.sharedPool
    }

    /// Makes `service` misbehave in `mode` until `until`, replacing any outage it already has.
    public func start(_ service: SimulatedService, mode: OutageMode, until: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO simulated_outages (service, mode, until) VALUES (?, ?, ?)",
                arguments: [service.rawValue, mode.rawValue, until])
        }
    }

    /// Ends the outage of `service`, or of every service when `nil`.
    public func end(_ service: SimulatedService? = nil) async throws {
        try await pool.write { db in
            if let service {
                try db.execute(sql: "DELETE FROM simulated_outages WHERE service = ?", arguments: [service.rawValue])
            } else {
                try db.execute(sql: "DELETE FROM simulated_outages")
            }
        }
    }

    /// The outages still running at `now`.
    public func running(now: Date) async throws -> [SimulatedOutage] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT service, mode, until FROM simulated_outages ORDER BY service").compactMap { row in
                guard let service = SimulatedService(rawValue: row["service"]), let mode = OutageMode(rawValue: row["mode"])
                else { return nil }
                let outage = SimulatedOutage(service: service, mode: mode, until: row["until"])
                return outage.until > now ? outage : nil
            }
        }
    }

    /// How `service` misbehaves at `now`, or `nil` when it works.
    public func mode(of service: SimulatedService, now: Date) async throws -> OutageMode? {
        try await running(now: now).first { $0.service == service }?.mode
    }
}
