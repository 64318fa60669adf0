import Foundation
import NIOCore
import PostgresNIO

/// A moment as the store writes it: to the millisecond, rounded as SQLite's dates are (GRDB writes them through ICU:
/// the nearest millisecond, halves upwards), so one moment compares and sorts alike on both engines. It is sent as a
/// `timestamptz` built from whole milliseconds, so no floating-point step moves it by a microsecond.
struct StoredMoment: PostgresNonThrowingEncodable, Sendable {
    let millisecondsSince1970: Int64

    init(_ date: Date) {
        millisecondsSince1970 = Int64(((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000 + 0.5).rounded(.down))
    }

    static var psqlType: PostgresDataType { .timestamptz }
    static var psqlFormat: PostgresFormat { .binary }

    /// PostgreSQL's binary `timestamptz`: microseconds since 2000-01-01 UTC.
    func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeInteger((millisecondsSince1970 - 946_684_800_000) * 1000)
    }
}

extension Date {
    /// This moment as the store keeps it.
    var stored: StoredMoment { StoredMoment(self) }
}
