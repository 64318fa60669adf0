import DeskflowDomain
import DeskflowStore
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Adds a staff member; refuses an email that is already taken, in any case.
    public func addStaffUser(
        email: String, name: String, role: StaffRole, passwordHash: String, now: Date
    ) async throws -> StaffUser {
        try await client.withRetryingTransaction(logger: logger) { connection in
            try await connection.insertStaffUser(
                email: email, name: name, role: role, passwordHash: passwordHash, now: now, logger: logger)
        }
    }

    public func staffCredentials(email: String) async throws -> StaffCredentials? {
        try await staffUserRows(
            "SELECT \(unescaped: staffUserColumns) FROM staff_users WHERE lower(email) = lower(\(email))"
        ).first.map { StaffCredentials(user: $0.user, passwordHash: $0.passwordHash, isDisabled: $0.disabledAt != nil) }
    }

    /// The member a session belongs to, while they may sign in: `nil` once they are disabled.
    public func staffUser(id: Int64) async throws -> StaffUser? {
        try await staffUserRows("SELECT \(unescaped: staffUserColumns) FROM staff_users WHERE id = \(id)")
            .first.flatMap { $0.disabledAt == nil ? $0.user : nil }
    }

    public func staffUserCount() async throws -> Int {
        try await count("SELECT count(*) FROM staff_users")
    }

    /// Records a successful sign-in: the attempt, and the moment the staff page shows as the member's last sign-in.
    public func recordSignIn(staffID: Int64, email: String, address: String, at now: Date) async throws {
        try await client.withRetryingTransaction(logger: logger) { connection in
            try await connection.perform(
                """
                INSERT INTO sign_in_attempts (email, address, succeeded, created_at)
                VALUES (\(email), \(address), true, \(now.stored))
                """,
                logger: logger)
            try await connection.perform(
                "UPDATE staff_users SET last_signed_in_at = \(now.stored) WHERE id = \(staffID)", logger: logger)
        }
    }

    /// Records one sign-in attempt, for throttling and the audit trail.
    public func recordSignInAttempt(email: String, address: String, succeeded: Bool, at now: Date) async throws {
        try await client.perform(
            """
            INSERT INTO sign_in_attempts (email, address, succeeded, created_at)
            VALUES (\(email), \(address), \(succeeded), \(now.stored))
            """,
            logger: logger)
    }

    /// Failed sign-ins since a moment, for one account (whatever the email's case) and from one address.
    public func failedSignIns(
        email: String, address: String, since: Date
    ) async throws -> (forAccount: Int, fromAddress: Int) {
        let rows = try await client.queryWhileOpen(
            """
            SELECT
                count(*) FILTER (WHERE lower(email) = lower(\(email))),
                count(*) FILTER (WHERE address = \(address))
            FROM sign_in_attempts
            WHERE NOT succeeded AND created_at >= \(since.stored)
                AND (lower(email) = lower(\(email)) OR address = \(address))
            """,
            logger: logger)
        for try await (forAccount, fromAddress) in rows.decode((Int64, Int64).self) {
            return (Int(forAccount), Int(fromAddress))
        }
        return (0, 0)
    }

    /// The `staff_users` rows a query selecting `staffUserColumns` returns.
    func staffUserRows(_ query: PostgresQuery) async throws -> [StaffUserRow] {
        try await client.queryWhileOpen(query, logger: logger).staffUserRows()
    }

    /// The single number a `count(*)` returns.
    func count(_ query: PostgresQuery) async throws -> Int {
        for try await count in try await client.queryWhileOpen(query, logger: logger).decode(Int64.self) {
            return Int(count)
        }
        return 0
    }
}

extension FetchedRows {
    func staffUserRows() async throws -> [StaffUserRow] {
        var users: [StaffUserRow] = []
        for try await columns in decode(StaffUserRow.Columns.self) {
            users.append(try StaffUserRow(columns))
        }
        return users
    }
}

extension PostgresConnection {
    /// Adds a member in the caller's transaction; an email taken in any case (the unique index on `lower(email)`)
    /// is refused with `StoreError.conflict`, as on SQLite.
    func insertStaffUser(
        email: String, name: String, role: StaffRole, passwordHash: String, now: Date, logger: Logger
    ) async throws -> StaffUser {
        let rows: FetchedRows
        do {
            rows = try await queryWhileOpen(
                """
                INSERT INTO staff_users (email, name, role, password_hash, created_at)
                VALUES (\(email), \(name), \(role.rawValue), \(passwordHash), \(now.stored))
                RETURNING id
                """,
                logger: logger)
            for try await id in rows.decode(Int64.self) {
                return StaffUser(id: id, email: email, name: name, role: role)
            }
        } catch let error as PSQLError where error.sqlState == "23505" {
            throw StoreError.conflict("A staff member with the email \(email) already exists.")
        }
        throw MissingReturnedRow(table: "staff_users")
    }
}

/// An `INSERT … RETURNING` that returned nothing: the server broke its word.
struct MissingReturnedRow: Error, CustomStringConvertible {
    var table: String
    var description: String { "inserting into \(table) returned no row" }
}
