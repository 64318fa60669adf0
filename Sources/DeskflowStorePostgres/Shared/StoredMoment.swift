import Foundation
import NIOCore
import PostgresNIO

/// A moment as the store writes it: to the millisecond, rounded as SQLite's dates are (GRDB writes them through ICU:
/// the nearest millisecond, halves upwards), so one moment compares and sorts alike on both engines. It is sent as a
/// `timestamptz` built from whole milliseconds, so no floating-point step moves it by a microsecond.
package struct StoredMoment: PostgresNonThrowingEncodable, Hashable, Sendable {
    package let millisecondsSince1970: Int64
    private static let millisecondsFrom1970To2000: Int64 = 946_684_800_000

    package init(_ date: Date) {
        millisecondsSince1970 = Int64(((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000 + 0.5).rounded(.down))
    }

    /// The `Date` PostgresNIO decodes from this moment once stored, to the last bit, so a value read back equals it.
    package var date: Date {
        let microsecondsSince2000 = (millisecondsSince1970 - Self.millisecondsFrom1970To2000) * 1000
        return Date(timeInterval: Double(microsecondsSince2000) / 1_000_000, since: Date(timeIntervalSince1970: 946_684_800))
    }

    package static var psqlType: PostgresDataType { .timestamptz }
    package static var psqlFormat: PostgresFormat { .binary }

    /// PostgreSQL's binary `timestamptz`: microseconds since 2000-01-01 UTC.
    package func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeInteger((millisecondsSince1970 - Self.millisecondsFrom1970To2000) * 1000)
    }
}

extension Date {
    /// This moment as the store keeps it.
    package var stored: StoredMoment { StoredMoment(self) }
}

/// PostgresNIO binds a `Date` through a floating-point product that can land a microsecond below the moment meant.
/// In this engine's statements a date interpolates as its stored moment instead (these win over PostgresNIO's generic
/// overloads), so every date written or compared is the whole millisecond SQLite would keep.
extension PostgresQuery.StringInterpolation {
    package mutating func appendInterpolation(_ value: Date) {
        appendInterpolation(value.stored)
    }

    package mutating func appendInterpolation(_ value: Date?) {
        appendInterpolation(value?.stored)
    }
}
