import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowOperations

extension DeskflowOperationsTests {
    @Suite("Adjusting inventory")
    struct InventoryAdjustmentsTests {
        typealias F = ResolutionFixtures
        typealias C = CancelFixtures

        static let sku = "KNF-CHF-01"

        static func form(_ adjustment: String = "", onHand: String = "", reason: String = "Recount") -> StockAdjustmentForm {
            StockAdjustmentForm(adjustment: adjustment, onHand: onHand, reason: reason)
        }

        static func failure(_ body: () async throws -> String) async -> StockAdjustmentFailure? {
            do {
                _ = try await body()
                return nil
            } catch let failure as StockAdjustmentFailure {
                return failure
            } catch {
                Issue.record("unexpected error \(error)")
                return nil
            }
        }

        @Test("a change is made, written to the ledger with its reason, and the flash gives the new figures")
        func adjusts() async throws {
            // given
            let database = try await F.demoStore()
            let before = try await C.stock(database, sku: Self.sku)
            let key = UUID().uuidString

            // when
            let flash = try await F.inventory(database).adjust(sku: Self.sku, form: Self.form("+5", reason: "Delivery"), key: key, staff: F.staff)

            // then
            #expect(flash == "\(Self.sku) now has \(before.onHand + 5) on hand, \(before.onHand + 5 - before.committed) available.")
            let after = try await C.stock(database, sku: Self.sku)
            #expect(after.onHand == before.onHand + 5)
            #expect(after.committed == before.committed)
            await #expect(
                try F.count(
                    database,
                    """
                    SELECT COUNT(*) FROM inventory_ledger WHERE sku = ? AND on_hand_change = 5 AND committed_change = 0
                    AND reason = 'Delivery' AND actor = ? AND order_id IS NULL
                    """, [Self.sku, F.staff.name]) == 1)
            await #expect(try F.ledgerMismatches(database) == [])
            #expect(try await database.storedResult(key: key)?.flash == flash)
        }

        @Test("a count on hand of zero is accepted")
        func setToZero() async throws {
            let database = try await F.demoStore()
            let before = try await C.stock(database, sku: Self.sku)

            let flash = try await F.inventory(database).adjust(
                sku: Self.sku, form: Self.form(onHand: "0", reason: "Water damage"), key: UUID().uuidString, staff: F.staff)

            #expect(flash.hasPrefix("\(Self.sku) now has 0 on hand"))
            await #expect(try C.stock(database, sku: Self.sku).onHand == 0)
            await #expect(
                try F.count(database, "SELECT on_hand_change FROM inventory_ledger WHERE sku = ? ORDER BY id DESC LIMIT 1", [Self.sku])
                    == -before.onHand)
            await #expect(try F.ledgerMismatches(database) == [])
        }

        @Test("the same submission again gets the same flash and changes nothing more")
        func replay() async throws {
            let database = try await F.demoStore()
            let key = UUID().uuidString
            let inventory = F.inventory(database)
            let first = try await inventory.adjust(sku: Self.sku, form: Self.form("+1"), key: key, staff: F.staff)
            let after = try await F.stockSnapshot(database)
            let rows = try await F.count(database, "SELECT COUNT(*) FROM inventory_ledger")

            let second = try await inventory.adjust(sku: Self.sku, form: Self.form("+1"), key: key, staff: F.staff)

            #expect(second == first)
            await #expect(try F.stockSnapshot(database) == after)
            await #expect(try F.count(database, "SELECT COUNT(*) FROM inventory_ledger") == rows)
        }

        @Test("the same key with other values is refused")
        func keyReused() async throws {
            let database = try await F.demoStore()
            let key = UUID().uuidString
            let inventory = F.inventory(database)
            _ = try await inventory.adjust(sku: Self.sku, form: Self.form("+1"), key: key, staff: F.staff)
            let after = try await F.stockSnapshot(database)

            let failure = await Self.failure { try await inventory.adjust(sku: Self.sku, form: Self.form("+2"), key: key, staff: F.staff) }

            guard case .keyReused? = failure else {
                Issue.record("expected keyReused, got \(String(describing: failure))")
                return
            }
            await #expect(try F.stockSnapshot(database) == after)
        }

        @Test("an unknown SKU is named")
        func unknownSKU() async throws {
            let database = try await F.demoStore()
            let before = try await F.stockSnapshot(database)

            let failure = await Self.failure {
                try await F.inventory(database).adjust(sku: "NO-SUCH-SKU", form: Self.form("+1"), key: UUID().uuidString, staff: F.staff)
            }

            guard case .unknownSKU(let sku)? = failure else {
                Issue.record("expected unknownSKU, got \(String(describing: failure))")
                return
            }
            #expect(sku == "NO-SUCH-SKU")
            await #expect(try F.stockSnapshot(database) == before)
        }

        @Test(
            "a change below zero, a non-whole number or a missing reason is refused with the stock as it is, and nothing changes",
            arguments: [
                ("-1000", "", "Recount", ["adjustment"]), ("1.5", "", "Recount", ["adjustment"]), ("", "abc", "Recount", ["on_hand"]),
                ("+1", "", "", ["reason"]), ("", "", "", ["adjustment", "reason"]),
            ])
        func invalid(adjustment: String, onHand: String, reason: String, fields: [String]) async throws {
            let database = try await F.demoStore()
            let before = try await F.stockSnapshot(database)
            let stock = try await C.stock(database, sku: Self.sku)

            let failure = await Self.failure {
                try await F.inventory(database).adjust(
                    sku: Self.sku, form: Self.form(adjustment, onHand: onHand, reason: reason), key: UUID().uuidString, staff: F.staff)
            }

            guard case .invalid(let errors, let level)? = failure else {
                Issue.record("expected invalid, got \(String(describing: failure))")
                return
            }
            #expect(errors.errors.map(\.field) == fields)
            #expect(level.sku == Self.sku)
            #expect(level.onHand == stock.onHand)
            #expect(level.committed == stock.committed)
            await #expect(try F.stockSnapshot(database) == before)
        }

        @Test("the below-zero message says how many there are")
        func belowZeroMessage() async throws {
            let database = try await F.demoStore()
            let stock = try await C.stock(database, sku: Self.sku)

            let failure = await Self.failure {
                try await F.inventory(database).adjust(
                    sku: Self.sku, form: Self.form("-\(stock.onHand + 1)"), key: UUID().uuidString, staff: F.staff)
            }

            guard case .invalid(let errors, _)? = failure else {
                Issue.record("expected invalid, got \(String(describing: failure))")
                return
            }
            #expect(
                errors.message(for: "adjustment")
                    == "That would leave -1 units on hand; stock cannot go below zero (there are \(stock.onHand)).")
        }
    }
}
