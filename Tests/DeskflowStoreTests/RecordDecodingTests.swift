import Foundation
import GRDB
import Testing

@testable import DeskflowStore

extension DeskflowStoreTests {
    /// The records the orders list and the order page read decode each row by hand; they must read exactly what
    /// GRDB's Codable decoding (the synthesized `init(from:) async` through `FetchableRecordDecoder`) read before.
    @Suite("Reading records by hand")
    struct RecordDecoding {
        /// The tables whose records have a hand-written `init(row:)`.
        enum Table: String, CaseIterable, Sendable {
            case orders
            case lineItems = "line_items"
            case payments
            case refunds
            case orderEvents = "order_events"

            func decodedBothWays(_ db: Database, _ condition: String = "1", _ arguments: StatementArguments = [])
                throws -> [Decoded]
            {
                let sql = "SELECT * FROM \(rawValue) WHERE \(condition) ORDER BY id"
                return switch self {
                case .orders: try RecordDecoding.decodedBothWays(OrderRecord.self, db, sql, arguments)
                case .lineItems: try RecordDecoding.decodedBothWays(LineItemRecord.self, db, sql, arguments)
                case .payments: try RecordDecoding.decodedBothWays(PaymentRecord.self, db, sql, arguments)
                case .refunds: try RecordDecoding.decodedBothWays(RefundRecord.self, db, sql, arguments)
                case .orderEvents: try RecordDecoding.decodedBothWays(OrderEventRecord.self, db, sql, arguments)
                }
            }
        }

        /// One row read both ways, each record as its `fields`.
        struct Decoded {
            var handWritten: [String]
            var codable: [String]

            /// The fields the two ways read differently, hand-written first.
            var differences: [String] {
                zip(handWritten, codable).filter { $0 != $1 }.map { "\($0) ≠ \($1)" }
            }
        }

        /// A record's stored properties in declaration order, each as `name: value` exact enough to tell any two
        /// values apart (a date by its time interval, to the last bit).
        static func fields(_ record: Any) -> [String] {
            Mirror(reflecting: record).children.map { child in
                let value = (child.value as? Date).map { "\($0.timeIntervalSinceReferenceDate)" }
                    ?? String(reflecting: child.value)
                return "\(child.label ?? "?"): \(value)"
            }
        }

        /// Every row of a query decoded by the record's `init(row:)` and by its synthesized `init(from:)`: from live
        /// statement rows, as `fetchAll` and `fetchOne` decode records, then from copied rows, which hold values.
        static func decodedBothWays<Record: FetchableRecord & Decodable>(
            _ type: Record.Type, _ db: Database, _ sql: String, _ arguments: StatementArguments
        ) throws -> [Decoded] {
            func decoded(_ row: Row) throws -> Decoded {
                Decoded(
                    handWritten: fields(try Record(row: row)),
                    codable: fields(try FetchableRecordDecoder().decode(Record.self, from: row)))
            }
            let fromStatement = try Array(Row.fetchCursor(db, sql: sql, arguments: arguments).map(decoded))
            let fromCopies = try Row.fetchAll(db, sql: sql, arguments: arguments).map(decoded)
            return fromStatement + fromCopies
        }

        @Test("every demo store row reads the same by hand as through Codable", arguments: Table.allCases)
        func demoStoreRows(table: Table) async throws {
            let rows = try await StoreFixtures.sharedDemoStore().pool.read { db in try table.decodedBothWays(db) }

            let differing = rows.map(\.differences).filter { !$0.isEmpty }
            #expect(!rows.isEmpty)
            #expect(differing.first == nil, "\(differing.count) of \(rows.count) rows read differently")
        }

        @Test("demo orders include ones without an issue, cancellation or tracking number, and ones with each")
        func demoOrdersCoverNullColumns() async throws {
            let database = try await StoreFixtures.sharedDemoStore()

            await #expect(try database.count("""
                SELECT COUNT(*) FROM orders
                WHERE issue_kind IS NULL AND cancel_reason IS NULL AND tracking_number IS NULL
                """) > 0)
            #expect(try await database.count("SELECT COUNT(*) FROM orders WHERE issue_since IS NOT NULL") > 0)
            #expect(try await database.count("SELECT COUNT(*) FROM orders WHERE cancelled_at IS NOT NULL") > 0)
            #expect(try await database.count("SELECT COUNT(*) FROM orders WHERE tracking_number IS NOT NULL") > 0)
        }

        @Test(
            "a row reads back as written, each column into its own property, with every optional set or none",
            arguments: [true, false]
        )
        func writtenRows(optionalsSet: Bool) async throws {
            // given: every column holds a value no other column holds
            let database = try await StoreFixtures.demoStore()
            let written = try await database.pool.write { db in
                var order = Written.order(optionalsSet)
                try order.insert(db)
                let orderID = try #require(order.id)
                var line = Written.lineItem(orderID)
                try line.insert(db)
                var payment = Written.payment(orderID, optionalsSet)
                try payment.insert(db)
                var refund = Written.refund(orderID, optionalsSet)
                try refund.insert(db)
                var event = Written.event(orderID, optionalsSet)
                try event.insert(db)
                return [
                    Table.orders: Self.fields(order), .lineItems: Self.fields(line), .payments: Self.fields(payment),
                    .refunds: Self.fields(refund), .orderEvents: Self.fields(event),
                ]
            }

            // when
            let read = try await database.pool.read { db in
                try Dictionary(uniqueKeysWithValues: Table.allCases.map { table in
                    let condition = table == .orders
                        ? "number = ?" : "order_id IN (SELECT id FROM orders WHERE number = ?)"
                    return (table, try table.decodedBothWays(db, condition, [Written.number]))
                })
            }

            // then
            for table in Table.allCases {
                let rows = try #require(read[table])
                #expect(rows.count == 2, "\(table): one row, read from a statement and from a copy")
                for row in rows {
                    #expect(row.handWritten == written[table], "\(table)")
                    #expect(row.differences == [], "\(table)")
                }
            }
        }

        /// Records whose every column holds its own value: text columns their column's name, numbers and dates
        /// distinct from each other (dates in eighths of a second, exact in binary, so they read back to the bit).
        enum Written {
            static let number = 900_001

            static func date(_ milliseconds: Int) -> Date {
                StoreFixtures.now.addingTimeInterval(Double(milliseconds) / 1_000)
            }

            static func order(_ optionalsSet: Bool) -> OrderRecord {
                OrderRecord(
                    id: nil, number: number, placedAt: date(1_250), customerId: 7,
                    customerName: "customer_name", customerEmail: "customer_email", status: "status",
                    paymentStatus: "payment_status", fulfillmentStatus: "fulfillment_status",
                    issueKind: optionalsSet ? "issue_kind" : nil, issueCode: optionalsSet ? "issue_code" : nil,
                    issueMessage: optionalsSet ? "issue_message" : nil, issueSince: optionalsSet ? date(2_500) : nil,
                    issueAttempts: 3, currency: "currency", subtotalMinor: 1_101, shippingMinor: 1_202,
                    taxMinor: 1_303, totalMinor: 1_404, paymentBrand: optionalsSet ? "payment_brand" : nil,
                    paymentLast4: optionalsSet ? "payment_last4" : nil, authorizedMinor: 1_505, capturedMinor: 1_606,
                    shipName: "ship_name", shipLine1: "ship_line1", shipLine2: "ship_line2", shipCity: "ship_city",
                    shipRegion: "ship_region", shipPostalCode: "ship_postal_code", shipCountry: "ship_country",
                    trackingNumber: optionalsSet ? "tracking_number" : nil,
                    cancelReason: optionalsSet ? "cancel_reason" : nil, cancelNote: optionalsSet ? "cancel_note" : nil,
                    cancelledAt: optionalsSet ? date(3_750) : nil, cancelledBy: optionalsSet ? "cancelled_by" : nil,
                    version: 17, updatedAt: date(4_875))
            }

            static func lineItem(_ orderID: Int64) -> LineItemRecord {
                LineItemRecord(
                    id: nil, orderId: orderID, sku: "MUG-CER-01", name: "name", quantity: 4, unitPriceMinor: 2_202)
            }

            static func payment(_ orderID: Int64, _ optionalsSet: Bool) -> PaymentRecord {
                PaymentRecord(
                    id: nil, orderId: orderID, kind: "kind", amountMinor: 3_303, status: "status",
                    idempotencyKey: "idempotency_key", gatewayReference: optionalsSet ? "gateway_reference" : nil,
                    failureCode: optionalsSet ? "failure_code" : nil,
                    failureMessage: optionalsSet ? "failure_message" : nil, createdAt: date(5_125),
                    completedAt: optionalsSet ? date(6_375) : nil)
            }

            static func refund(_ orderID: Int64, _ optionalsSet: Bool) -> RefundRecord {
                RefundRecord(
                    id: nil, orderId: orderID, amountMinor: 4_404, status: "status", idempotencyKey: "idempotency_key",
                    gatewayReference: optionalsSet ? "gateway_reference" : nil,
                    failureMessage: optionalsSet ? "failure_message" : nil, requestedBy: "requested_by",
                    createdAt: date(7_625), completedAt: optionalsSet ? date(8_875) : nil)
            }

            static func event(_ orderID: Int64, _ optionalsSet: Bool) -> OrderEventRecord {
                OrderEventRecord(
                    id: nil, orderId: orderID, kind: "kind", actor: "actor", summary: "summary",
                    amountMinor: optionalsSet ? 5_505 : nil, createdAt: date(9_125))
            }
        }
    }
}
