import DeskflowOperations
import DeskflowStore
import Foundation
import Hummingbird
import Logging

/// Keeps hummingbird-auth's sessions in Deskflow's SQLite database, so they survive a restart.
struct SessionPersistDriver: PersistDriver {
    let database: any DeskflowDatabase
    let clock: AppClock
    let logger: Logger

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let data = try JSONEncoder().encode(value)
        let created = try await database.createSession(
            id: key, data: data, expiresAt: expiry(expires), staffID: Self.signedInStaffID(data))
        if !created { throw PersistError.duplicate }
    }

    /// Updates an existing session: when it was last seen, or a flash message. While the database cannot be written
    /// that update is dropped rather than failing the request: the page was served, or the action already committed.
    /// Creating and deleting sessions (sign-in, sign-out) still fail loudly.
    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        var expiresAt = expiry(expires)
        if expires == nil, let existing = try await database.sessionData(id: key, now: clock.now) {
            expiresAt = existing.expiresAt
        }
        do {
            let data = try JSONEncoder().encode(value)
            try await database.saveSession(id: key, data: data, expiresAt: expiresAt, staffID: Self.signedInStaffID(data))
        } catch let error where DatabaseFault(error) != nil {
            logger.warning("session update dropped: the database cannot be written", metadata: ["fault": "\(DatabaseFault(error)!.rawValue)"])
        }
    }

    func get<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: type)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        guard let stored = try await database.sessionData(id: key, now: clock.now) else { return nil }
        guard var object = try? JSONDecoder().decode(type, from: stored.data) else { throw PersistError.invalidConversion }
        if var session = object as? StaffSession {
            session.loadedStaff = stored.staff
            object = (session as? Object) ?? object
        }
        let ttl = stored.expiresAt.map { Duration.seconds(max(0, Int64($0.timeIntervalSince(clock.now)))) }
        return (object, ttl)
    }

    func remove(key: String) async throws {
        try await database.deleteSession(id: key)
    }

    /// The member a session is signed in as, kept beside its data so that disabling them can end their sessions.
    /// hummingbird-auth stores a `StaffSession` wrapped in its own type, which encodes as the session itself.
    static func signedInStaffID(_ data: Data) -> Int64? {
        (try? JSONDecoder().decode(StaffSession.self, from: data))?.staffID
    }

    private func expiry(_ duration: Duration?) -> Date? {
        duration.map { clock.now.addingTimeInterval(TimeInterval($0.components.seconds)) }
    }
}
