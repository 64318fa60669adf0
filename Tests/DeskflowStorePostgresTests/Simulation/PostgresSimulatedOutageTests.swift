import DeskflowDomain
import DeskflowOperations
import DeskflowSimulation
import DeskflowStore
import DeskflowStorePostgres
import DeskflowStorePostgresTestSupport
import Foundation
import PostgresNIO
import Testing

/// Outage switches and the warehouse on PostgreSQL, as on SQLite: a switch flipped through one instance (as
/// `deskflow outage` does) is seen by every instance, until it ends or runs out.
@Suite("PostgreSQL: simulated outages and the warehouse", .postgresServer)
struct PostgresSimulatedOutageTests {
    typealias F = PostgresSimulationFixture

    @Test("outages switched on are seen by every instance until they end or run out; the newest switch wins")
    func outagesOnAndOff() async throws {
        try await F.withTwoInstances { first, second, _ in
            let until = F.now.addingTimeInterval(60)
            try await first.outages.start(.gateway, mode: .timeout, until: until)
            try await first.outages.start(.gateway, mode: .fail, until: until)
            try await first.outages.start(.warehouse, mode: .timeout, until: until)

            let running = try await second.outages.running(now: F.now)
            #expect(running.map(\.service) == [.gateway, .warehouse])
            #expect(running.map(\.mode) == [.fail, .timeout])
            #expect(running.map(\.until) == [until, until])
            #expect(try await second.outages.mode(of: .gateway, now: F.now) == .fail)
            #expect(try await second.outages.running(now: until) == [])

            try await second.outages.end(.gateway)
            #expect(try await first.outages.mode(of: .gateway, now: F.now) == nil)
            #expect(try await first.outages.mode(of: .warehouse, now: F.now) == .timeout)
            try await second.outages.end()
            #expect(try await first.outages.running(now: F.now) == [])
        }
    }

    @Test("during a gateway outage, fail does nothing and timeout does the work but loses the answer")
    func gatewayOutage() async throws {
        try await F.withSimulation { simulation, _, client in
            let gateway = simulation.gateway(clock: F.clock)
            try await simulation.outages.start(.gateway, mode: .fail, until: F.now.addingTimeInterval(60))
            let refused = try await gateway.charge(F.call("charge-1", minor: 2_500))
            #expect(!refused.succeeded && refused.failureCode == "gateway_unavailable" && !refused.isTransient)
            #expect(try await F.ledgerRow("charge-1", client) == nil)

            try await simulation.outages.start(.gateway, mode: .timeout, until: F.now.addingTimeInterval(60))
            let lost = try await gateway.charge(F.call("charge-1", minor: 2_500))
            #expect(!lost.succeeded && lost.isTransient && lost.failureCode == OrderIssue.noAnswerCode)
            #expect(try await F.ledgerRow("charge-1", client)?.succeeded == true)

            try await simulation.outages.end(.gateway)
            let retried = try await gateway.charge(F.call("charge-1", minor: 2_500))
            #expect(retried.succeeded && retried.reference == "sim_ch_charge1")
            #expect(try await F.count("SELECT COUNT(*) FROM gateway_transactions", client) == 1)
        }
    }

    @Test("the warehouse ships from the store's stock, refuses what is short, and packs nothing during an outage")
    func warehouse() async throws {
        try await F.withSimulation { simulation, store, client in
            try await PostgresStoreFixture.insertOrder(client)
            try await client.perform("UPDATE orders SET ship_region = 'OR'", logger: F.logger)
            let order = try #require(try await store.orderDetail(number: PostgresStoreFixture.orderNumber)?.order)
            let warehouse = simulation.warehouse(clock: F.clock)

            #expect(try await warehouse.process(order) == .accepted)
            #expect(try await warehouse.fulfill(order) == .shipped(trackingNumber: "1ZDF00001001US"))

            try await client.perform("UPDATE stock_levels SET on_hand = 1 WHERE sku = 'SKU-A'", logger: F.logger)
            #expect(try await warehouse.fulfill(order) == .failed(
                code: "stock_unavailable",
                message: "Not enough stock to pack this order: SKU-A needs 2, 1 on hand (short by 1)."))

            try await simulation.outages.start(.warehouse, mode: .fail, until: F.now.addingTimeInterval(60))
            #expect(try await warehouse.process(order) == .failed(
                code: "warehouse_unavailable", message: "The warehouse system is unavailable. Nothing was packed; try again later."))
            try await simulation.outages.start(.warehouse, mode: .timeout, until: F.now.addingTimeInterval(60))
            if case .failed(let code, _) = try await warehouse.fulfill(order) {
                #expect(code == "warehouse_timeout")
            } else {
                Issue.record("the warehouse shipped during an outage")
            }
        }
    }
}
