import DeskflowStore
import DeskflowStoreSQLite
import Foundation

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
/// flip them for a server that is running, whichever instance it is.
public struct SimulatedOutages: Sendable {
    let books: any SimulationBooks

    /// On an SQLite database the simulation is set up on (`Simulation.setUp(on:)`).
    public init(database: SQLiteStore) {
        self.init(books: SQLiteBooks(store: database))
    }

    init(books: any SimulationBooks) {
        self.books = books
    }

    /// Makes `service` misbehave in `mode` until `until`, replacing any outage it already has.
    public func start(_ service: SimulatedService, mode: OutageMode, until: Date) async throws {
        try await books.saveOutage(SimulatedOutage(service: service, mode: mode, until: until))
    }

    /// Ends the outage of `service`, or of every service when `nil`.
    public func end(_ service: SimulatedService? = nil) async throws {
        try await books.removeOutages(of: service)
    }

    /// The outages still running at `now`.
    public func running(now: Date) async throws -> [SimulatedOutage] {
        try await books.recordedOutages().filter { $0.until > now }
    }

    /// How `service` misbehaves at `now`, or `nil` when it works.
    public func mode(of service: SimulatedService, now: Date) async throws -> OutageMode? {
        try await running(now: now).first { $0.service == service }?.mode
    }
}
