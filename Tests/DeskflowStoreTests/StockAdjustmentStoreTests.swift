import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB
import Synchronization
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    /// Adjusting stock by hand: one transaction per change, a ledger row with the reason, replays by key.
    @Suite("Adjusting stock in the ledger")
    struct StockAdjustmentStore {
        static let sku = "KNF-CHF-01"
        static let staffID: Int64 = 42

        static func claim(_ key: String, _ fingerprint: String = "stock", staffID: Int64 = staffID) -> IdempotencyClaim {
            IdempotencyClaim(key: key, staffID: staffID, fingerprint: fingerprint)
        }

        /// Adjusts with the domain's form rules, as the operation does.
        @discardableResult
        static func adjust(
            _ database: SQLiteStore, sku: String = sku, key: String = UUID().uuidString, adjustment: String = "",
            onHand: String = "", reason: String = "Recount"
        ) async throws -> (level: StockLevel, replayed: StoredResult?) {
            let form = StockAdjustmentForm(adjustment: adjustment, onHand: onHand, reason: reason)
            return try await database.adjustStock(
                sku: sku, actor: "Maria Manager", idempotency: claim(key, "\(adjustment)|\(onHand)|\(reason)"),
                now: StoreFixtures.now
            ) { level in try form.validate(currentOnHand: level.onHand).get() }
        }

        static func level(_ database: SQLiteStore, _ sku: String = sku) async throws -> StockLevel {
            try #require(try await database.stockLevels(skus: [sku]).first)
        }

        static func ledgerRows(_ database: SQLiteStore, _ sku: String = sku) async throws -> Int {
            try await database.count("SELECT COUNT(*) FROM inventory_ledger WHERE sku = ?", arguments: [sku])
        }

        static func ledgerAddsUp(_ database: SQLiteStore) async throws {
            let result = try await InventoryLedger.mismatches(in: database)
            #expect(result.mismatches.isEmpty, "\(result.mismatches)")
        }

        @Test("stock levels list every product by SKU, and a subset on request")
        func stockLevels() async throws {
            let database = try await StoreFixtures.sharedDemoStore()
            let all = try await database.stockLevels()
            #expect(all.count == 48)
            #expect(all.map(\.sku) == all.map(\.sku).sorted())
            let some = try await database.stockLevels(skus: ["SPN-WOD-03", Self.sku, "NO-SUCH-SKU"])
            #expect(some.map(\.sku) == [Self.sku, "SPN-WOD-03"])
            #expect(some.allSatisfy { level in all.contains(level) })
        }

        @Test("a change sets the count on hand and writes a ledger row with the reason and the exact change")
        func adjusts() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let before = try await Self.level(database)
            let key = UUID().uuidString

            // when
            let result = try await Self.adjust(database, key: key, adjustment: "+5", reason: "Delivery from supplier")

            // then
            #expect(result.replayed == nil)
            #expect(result.level == StockLevel(sku: Self.sku, name: before.name, onHand: before.onHand + 5, committed: before.committed))
            await #expect(try Self.level(database) == result.level)
            let row = try #require(try await database.pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM inventory_ledger WHERE sku = ? ORDER BY id DESC LIMIT 1", arguments: [Self.sku])
            })
            #expect(row["on_hand_change"] as Int == 5)
            #expect(row["committed_change"] as Int == 0)
            #expect(row["reason"] as String == "Delivery from supplier")
            #expect(row["actor"] as String == "Maria Manager")
            #expect(row["order_id"] as Int64? == nil)
            #expect(row["created_at"] as Date == StoreFixtures.now)
            #expect(try await database.storedResult(key: key) == StoredResult(flash: nil))
            try await Self.ledgerAddsUp(database)
        }

        @Test("setting an exact count writes the difference to the ledger", arguments: [0, 3, 40])
        func setsCount(count: Int) async throws {
            let database = try await StoreFixtures.demoStore()
            let before = try await Self.level(database)

            try await Self.adjust(database, onHand: String(count))

            await #expect(try Self.level(database).onHand == count)
            await #expect(
                try database.count(
                    "SELECT on_hand_change FROM inventory_ledger WHERE sku = ? ORDER BY id DESC LIMIT 1", arguments: [Self.sku])
                    == count - before.onHand)
            try await Self.ledgerAddsUp(database)
        }

        @Test("the same submission again is answered from the first, and nothing more is written")
        func replay() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let key = UUID().uuidString
            let first = try await Self.adjust(database, key: key, adjustment: "+2")
            let rows = try await Self.ledgerRows(database)

            // when
            let decided = Mutex(false)
            let again = try await database.adjustStock(
                sku: Self.sku, actor: "Maria Manager", idempotency: Self.claim(key, "+2||Recount"), now: StoreFixtures.now
            ) { level in
                decided.withLock { $0 = true }
                return (level.onHand + 2, "Recount")
            }

            // then
            #expect(again.replayed == StoredResult(flash: nil))
            #expect(again.level == first.level)
            #expect(!decided.withLock { $0 })
            await #expect(try Self.ledgerRows(database) == rows)
        }

        @Test("a key used before with other values, or by someone else, is refused")
        func keyReused() async throws {
            let database = try await StoreFixtures.demoStore()
            let key = UUID().uuidString
            try await Self.adjust(database, key: key, adjustment: "+2")
            let after = try await Self.level(database)

            await #expect(throws: IdempotencyKeyReused()) { try await Self.adjust(database, key: key, adjustment: "+3") }
            await #expect(throws: IdempotencyKeyReused()) {
                try await database.adjustStock(
                    sku: Self.sku, actor: "Someone", idempotency: Self.claim(key, "+2||Recount", staffID: 99), now: StoreFixtures.now
                ) { level in (level.onHand + 2, "Recount") }
            }
            await #expect(try Self.level(database) == after)
        }

        @Test("an unknown SKU is named as such, and nothing is written")
        func unknownSKU() async throws {
            let database = try await StoreFixtures.demoStore()
            let rows = try await database.count("SELECT COUNT(*) FROM inventory_ledger")
            let key = UUID().uuidString

            await #expect(throws: StockAdjustmentError.unknownSKU) { try await Self.adjust(database, sku: "NO-SUCH-SKU", key: key, adjustment: "+1") }

            await #expect(try database.count("SELECT COUNT(*) FROM inventory_ledger") == rows)
            #expect(try await database.storedResult(key: key) == nil)
        }

        @Test("a change that would take stock below zero is refused by the rules, and nothing is written")
        func neverBelowZero() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let before = try await Self.level(database)
            let rows = try await Self.ledgerRows(database)
            let key = UUID().uuidString

            // when
            await #expect(throws: FormErrors.self) { try await Self.adjust(database, key: key, adjustment: "-\(before.onHand + 1)") }

            // then
            await #expect(try Self.level(database) == before)
            await #expect(try Self.ledgerRows(database) == rows)
            #expect(try await database.storedResult(key: key) == nil)

            // and all of it can go
            try await Self.adjust(database, key: key, adjustment: "-\(before.onHand)")
            await #expect(try Self.level(database).onHand == 0)
            await #expect(try database.count("SELECT COUNT(*) FROM stock_levels WHERE on_hand < 0") == 0)
            try await Self.ledgerAddsUp(database)
        }

        @Test("twenty +1 adjustments at once, each with its own key, all land")
        func concurrentAdjustments() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let before = try await Self.level(database)
            let rows = try await Self.ledgerRows(database)

            // when
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask { try await Self.adjust(database, adjustment: "+1", reason: "Found \(index)") }
                }
                try await group.waitForAll()
            }

            // then
            await #expect(try Self.level(database).onHand == before.onHand + 20)
            await #expect(try Self.ledgerRows(database) == rows + 20)
            try await Self.ledgerAddsUp(database)
        }

        @Test("the same +1 sent twenty times at once under one key lands once")
        func concurrentReplays() async throws {
            // given
            let database = try await StoreFixtures.demoStore()
            let before = try await Self.level(database)
            let rows = try await Self.ledgerRows(database)
            let key = UUID().uuidString

            // when
            let replayed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await Self.adjust(database, key: key, adjustment: "+1").replayed != nil }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }

            // then
            #expect(replayed.filter { !$0 }.count == 1)
            await #expect(try Self.level(database).onHand == before.onHand + 1)
            await #expect(try Self.ledgerRows(database) == rows + 1)
            try await Self.ledgerAddsUp(database)
        }
    }
}
