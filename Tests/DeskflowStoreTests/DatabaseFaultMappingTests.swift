import DeskflowStore
import GRDB
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    /// The SQLite engine's errors as the faults the pages answer 503 with (`DatabaseFaultConvertible`).
    @Suite("SQLite errors as database faults")
    struct DatabaseFaultMapping {
        @Test("each SQLite condition a disk or another process causes is a fault; a broken constraint is not")
        func classification() throws {
            let cases: [(ResultCode, DatabaseFault?)] = [
                (.SQLITE_READONLY, .readOnly), (.SQLITE_PERM, .readOnly), (.SQLITE_FULL, .full), (.SQLITE_BUSY, .busy),
                (.SQLITE_LOCKED, .busy), (.SQLITE_IOERR, .diskError), (.SQLITE_CANTOPEN, .cannotOpen),
                (.SQLITE_CONSTRAINT, nil), (.SQLITE_ERROR, nil), (.SQLITE_MISUSE, nil),
            ]
            for (code, fault) in cases {
                #expect(DatabaseFault(DatabaseError(resultCode: code)) == fault, "\(code)")
            }
            #expect(DatabaseFault(StoreError.notFound) == nil)
        }
    }
}
