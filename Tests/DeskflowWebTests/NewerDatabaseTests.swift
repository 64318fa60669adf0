import Foundation
import Testing

import DeskflowStore

/// A database a newer Deskflow migrated is refused at start-up, in one line, before anything is served or written.
@Suite("Starting on a database from a newer version")
struct NewerDatabaseTests {
    @Test("deskflow serve and deskflow migrate refuse it with one line and exit 1", arguments: ["serve", "migrate"])
    func refused(command: String) async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: SignInSecurityTests.executable),
            "needs the deskflow executable: run swift build (swift test builds it)")
        // given a database whose log names a migration this build does not know
        let database = try TestDatabase.temporary()
        try await DamagedDataTests.damage(database, "INSERT INTO grdb_migrations(identifier) VALUES (?)", ["v99-from-the-future"])

        // when the command starts on it; `serve` is given a port already taken, so a build that opened the database
        // anyway stops at the port with another line instead of serving for ever
        let taken = try TakenPort()
        defer { taken.release() }
        let arguments = command == "serve"
            ? ["serve", "--database", database.path, "--root", packageRoot.path, "--port", "\(taken.port)"]
            : ["migrate", "--database", database.path]
        let (status, output) = try await offThread { () throws -> (Int32, String) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: SignInSecurityTests.executable)
            process.arguments = arguments
            process.environment = ["PATH": "/usr/bin:/bin"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let printed = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: printed, as: UTF8.self))
        }

        // then it stops with one line naming the migration, and the database is as it was
        #expect(status == 1)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 1, "\(output)")
        #expect(output.contains("was migrated by a newer version of Deskflow (v99-from-the-future)"), "\(output)")
        let stillLast = try await database.count(
            "SELECT COUNT(*) FROM grdb_migrations WHERE identifier = 'v99-from-the-future' AND rowid = (SELECT MAX(rowid) FROM grdb_migrations)")
        #expect(stillLast == 1)
    }
}

/// A port on 127.0.0.1 that this test listens on, so no server can take it.
struct TakenPort {
    let descriptor: Int32
    let port: Int

    init() throws {
        struct CannotListen: Error {}
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && listen(descriptor, 1) == 0
                    && getsockname(descriptor, address, &length) == 0
            }
        }
        guard descriptor >= 0, listening else { throw CannotListen() }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func release() { close(descriptor) }
}
