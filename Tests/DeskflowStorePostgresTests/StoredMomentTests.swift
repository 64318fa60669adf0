import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import PostgresNIO
import Testing

@Suite("PostgreSQL dates kept to the millisecond", .postgresServer)
struct StoredMomentTests {
    @Test(
        "a date is stored as SQLite keeps it, the nearest millisecond with halves up, and reads back equal to its stored moment",
        arguments: [
            (1_795_000_000.1234, "2026-11-18 11:06:40.123"),
            (1_795_000_000.1235, "2026-11-18 11:06:40.124"),
            (1_795_000_000.9996, "2026-11-18 11:06:41.000"),
            (946_684_799.9994, "1999-12-31 23:59:59.999"),
            (0.002, "1970-01-01 00:00:00.002"),
        ])
    func roundTrip(secondsSince1970: Double, text: String) async throws {
        let date = Date(timeIntervalSince1970: secondsSince1970)
        try await PostgresTestServer.withFreshSchema { engine, _ in
            let written = try await engine.client.values(
                "SELECT to_char(\(date) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')", as: String.self)
            let readBack = try await engine.client.values("SELECT \(date)", as: Date.self)

            #expect(written == [text])
            #expect(readBack == [date.stored.date])
        }
    }
}
