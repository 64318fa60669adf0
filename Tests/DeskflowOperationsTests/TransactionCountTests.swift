import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Foundation
import Synchronization
import Testing

extension DeskflowOperationsTests {
    @Suite("Write transactions per action")
    struct TransactionCount {
        typealias F = CancelFixtures

        @Test("a cancel with a refund writes the order twice: the cancellation, then the provider's answer")
        func cancelWithRefund() async throws {
            // given a paid order, and a log of every commit from here on
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            let log = CommitLog()
            try await database.pool.write { db in db.add(transactionObserver: log, extent: .observerLifetime) }

            // when it is cancelled with a full refund that goes through
            let flash = try await F.cancel(database, order)

            // then two transactions wrote the order, the first with everything Deskflow owns, the second with the answer
            #expect(flash.contains("Refunded"))
            let orderWrites = log.commits.filter { $0.contains("orders") }
            #expect(orderWrites.count == 2, "\(log.commits)")
            #expect(orderWrites.first?.isSuperset(of: ["orders", "refunds", "order_events", "outbox", "cancellations", "inventory_ledger", "stock_levels", "idempotency_keys"]) == true, "\(orderWrites)")
            #expect(orderWrites.last?.isSuperset(of: ["orders", "refunds", "order_events", "idempotency_keys"]) == true, "\(orderWrites)")
            // and the only other write is the simulated provider's own ledger
            #expect(log.commits.filter { !$0.contains("orders") }.allSatisfy { $0 == ["gateway_transactions"] }, "\(log.commits)")
            withExtendedLifetime(log) {}
        }

        @Test("an action with no outside call writes the order once")
        func actionWithoutCall() async throws {
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            let log = CommitLog()
            try await database.pool.write { db in db.add(transactionObserver: log, extent: .observerLifetime) }

            _ = try await F.cancel(database, order, form: F.form(order, issueRefund: false))

            #expect(log.commits.count == 1, "\(log.commits)")
            withExtendedLifetime(log) {}
        }
    }
}
