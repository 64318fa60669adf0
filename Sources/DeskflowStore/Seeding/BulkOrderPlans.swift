import DeskflowDomain
import Foundation

/// Generated orders planned batch by batch for bulk seeding: who buys them, what they buy, when they were placed,
/// spread evenly over the two years before `now`.
package struct BulkOrderPlans: Sendable {
    /// How far back the orders go, and when the stock they need was received.
    package static let span: TimeInterval = 2 * 365 * 86_400

    package let count: Int
    let definition: DemoStoreDefinition
    let customerCount: Int
    let productCount: Int
    let firstNumber: Int
    package let start: Date
    let step: TimeInterval
    /// How many orders have been planned so far.
    package private(set) var planned = 0

    /// Orders numbered on from `highestNumber` (or from the definition's first number in a store with none), for
    /// `customerCount` customers and `productCount` products, both more than zero.
    package init(count: Int, definition: DemoStoreDefinition, now: Date, customerCount: Int, productCount: Int, highestNumber: Int?) {
        self.count = count
        self.definition = definition
        self.customerCount = customerCount
        self.productCount = productCount
        firstNumber = (highestNumber ?? definition.firstOrderNumber - 1) + 1
        start = now.addingTimeInterval(-Self.span)
        step = Self.span / Double(max(count, 1))
    }

    /// The next `batch` orders.
    package mutating func next(_ batch: Int, using generator: inout SeededGenerator) -> [OrderPlan] {
        let plans = (planned..<(planned + batch)).map { index in
            let rare = Int.random(in: 0..<100, using: &generator) == 0
            let state = rare
                ? OrderState.allPossible.randomElement(using: &generator)!
                : DemoScenario.randomState(using: &generator)
            let failure = state.issue.flatMap { definition.failures[$0.rawValue]?.randomElement(using: &generator) }
            let lineCount = Int.random(in: 1...3, using: &generator)
            return OrderPlan(
                number: firstNumber + index, placedAt: start.addingTimeInterval(Double(index) * step),
                customerIndex: Int.random(in: 0..<customerCount, using: &generator),
                lines: (0..<lineCount).map { turn in
                    ((index * 7 + turn * 13) % productCount, Int.random(in: 1...3, using: &generator))
                },
                state: state, failure: failure,
                card: state.payment == .pending ? nil : (failure?.card ?? definition.cards.randomElement(using: &generator)),
                cityIndex: Int.random(in: 0..<definition.cities.count, using: &generator),
                streetIndex: Int.random(in: 0..<definition.streets.count, using: &generator),
                cancelReason: state.status == .cancelled ? .customer : nil)
        }
        planned += batch
        return plans
    }

    /// Keeps the ledger adding up: what a batch's orders shipped arrived as stock first, product by product.
    package func stockReceived(shipped: [String: Int]) -> [SeedStockMovement] {
        shipped.sorted(by: { $0.key < $1.key }).map { sku, units in
            SeedStockMovement(
                sku: sku, orderID: nil, onHandChange: units, committedChange: 0, reason: "Stock received",
                actor: OrderSeeder.staffActor, createdAt: start)
        }
    }
}
