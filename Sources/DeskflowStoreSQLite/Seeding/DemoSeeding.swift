import DeskflowDomain
import DeskflowStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Whether the database holds no store yet (no products and no orders).
    public func isStoreEmpty() async throws -> Bool {
        try await pool.read { db in
            try ProductRecord.fetchCount(db) == 0 && OrderRecord.fetchCount(db) == 0
        }
    }

    /// Seeds the deterministic demo store into an empty database, in one transaction. The payment calls its
    /// payments and refunds stand for go to `paymentCallLedger`, in the same transaction.
    public func seedDemoStore(
        _ definition: DemoStoreDefinition, now: Date, paymentCallLedger: (any SeededPaymentCallLedger)? = nil
    ) async throws -> SeedSummary {
        try await pool.write { db in
            guard try OrderRecord.fetchCount(db) == 0, try ProductRecord.fetchCount(db) == 0 else {
                throw StoreError.conflict("The database already holds a store; the demo store only goes into an empty one.")
            }
            var generator = SeededGenerator(seed: definition.seed)
            let customers = try Self.insertCatalog(definition, now: now, using: &generator, db)
            var writer = OrderSeedWriter(
                products: definition.products, customers: customers, definition: definition,
                currency: Currency(code: definition.currency) ?? .usd, now: now, paymentCallLedger: paymentCallLedger)
            let plans = Self.demoPlans(definition, now: now, using: &generator)
            for plan in plans { try writer.write(plan, db) }
            try writer.flush(db)
            try Self.insertStockLevels(definition, writer: writer, openedAt: plans.first?.placedAt ?? now, db)
            return SeedSummary(products: definition.products.count, customers: customers.count, orders: plans.count)
        }
    }

    static func insertCatalog(
        _ definition: DemoStoreDefinition, now: Date, using generator: inout SeededGenerator, _ db: Database
    ) throws -> [CustomerRecord] {
        for product in definition.products {
            try ProductRecord(
                sku: product.sku, name: product.name, priceMinor: product.priceMinor,
                currency: Currency(code: definition.currency) ?? .usd
            ).insert(db)
        }
        var customers: [CustomerRecord] = []
        var usedNames: Set<String> = []
        while customers.count < definition.customerCount {
            let first = definition.firstNames.randomElement(using: &generator)!
            let last = definition.lastNames.randomElement(using: &generator)!
            guard usedNames.insert("\(first) \(last)").inserted else { continue }
            let domain = ["example.com", "example.org", "example.net"].randomElement(using: &generator)!
            var customer = CustomerRecord(
                id: nil, name: "\(first) \(last)", email: "\(first.lowercased()).\(last.lowercased())@\(domain)",
                createdAt: now.addingTimeInterval(-Double(definition.daysOfHistory + 30) * 86_400))
            try customer.insert(db)
            customers.append(customer)
        }
        return customers
    }

    /// Stock levels that agree with the ledger: opening stock plus what shipped gives today's count on hand.
    static func insertStockLevels(_ definition: DemoStoreDefinition, writer: OrderSeedWriter, openedAt: Date, _ db: Database) throws {
        for product in definition.products {
            try StockLevelRecord(sku: product.sku, onHand: product.onHand, committed: writer.committed[product.sku] ?? 0).insert(db)
            var opening = InventoryLedgerRecord(
                id: nil, sku: product.sku, orderId: nil, onHandChange: product.onHand + (writer.shipped[product.sku] ?? 0),
                committedChange: 0, reason: "Opening stock count", actor: OrderSeedWriter.staffActor,
                createdAt: openedAt.addingTimeInterval(-86_400))
            try opening.insert(db)
        }
    }

    static func demoPlans(_ definition: DemoStoreDefinition, now: Date, using generator: inout SeededGenerator) -> [OrderPlan] {
        let states = DemoScenario.states(count: definition.orderCount, using: &generator)
        var failureTurn: [String: Int] = [:]
        func nextFailure(_ kind: String) -> DemoStoreDefinition.Failure? {
            guard let options = definition.failures[kind], !options.isEmpty else { return nil }
            defer { failureTurn[kind, default: 0] += 1 }
            return options[failureTurn[kind, default: 0] % options.count]
        }
        let history = Double(definition.daysOfHistory) * 86_400
        let outOfStock = definition.products.indices.filter { definition.products[$0].onHand == 0 }
        var plans: [OrderPlan] = states.map { state in
            let age = DemoScenario.isOpen(state)
                ? Double.random(in: 3_600...(10 * 86_400), using: &generator)
                : Double.random(in: (3 * 86_400)...history, using: &generator)
            var failure: DemoStoreDefinition.Failure?
            if let issue = state.issue { failure = nextFailure(issue.rawValue) }
            if state.status == .cancelled, state.payment == .failed { failure = nextFailure(IssueKind.paymentFailed.rawValue) }
            var card = definition.cards.randomElement(using: &generator)
            if let failureCard = failure?.card { card = failureCard }
            if state.payment == .pending { card = nil }
            let lineCount = Int.random(in: 1...3, using: &generator)
            var productIndices: [Int] = []
            while productIndices.count < lineCount {
                let index = Int.random(in: 0..<definition.products.count, using: &generator)
                if !productIndices.contains(index) { productIndices.append(index) }
            }
            if failure?.code == "stock_unavailable", let missing = outOfStock.first { productIndices[0] = missing }
            let cancelReason: CancelReason? = state.status == .cancelled
                ? (state.payment == .failed ? .declined : CancelReason.allCases.randomElement(using: &generator))
                : nil
            return OrderPlan(
                number: 0, placedAt: now.addingTimeInterval(-age),
                customerIndex: Int.random(in: 0..<definition.customerCount, using: &generator),
                lines: productIndices.map { ($0, Int.random(in: 1...3, using: &generator)) },
                state: state, failure: failure, card: card,
                cityIndex: Int.random(in: 0..<definition.cities.count, using: &generator),
                streetIndex: Int.random(in: 0..<definition.streets.count, using: &generator),
                cancelReason: cancelReason)
        }
        plans.sort { $0.placedAt < $1.placedAt }
        for index in plans.indices { plans[index].number = definition.firstOrderNumber + index }
        return plans
    }
}
