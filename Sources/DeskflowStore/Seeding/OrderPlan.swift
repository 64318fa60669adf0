import DeskflowDomain
import Foundation

/// One order the seeder will write: its state, its contents and the story its timeline tells.
package struct OrderPlan: Sendable {
    package var number: Int
    package var placedAt: Date
    package var customerIndex: Int
    package var lines: [(productIndex: Int, quantity: Int)]
    package var state: OrderState
    /// The failure behind the order's issue (or behind a failed charge of a cancelled order).
    package var failure: DemoStoreDefinition.Failure?
    package var card: DemoStoreDefinition.Card?
    package var cityIndex: Int
    package var streetIndex: Int
    package var cancelReason: CancelReason?
}

/// Picks the states of the demo orders: every possible combination at least once, the failures the demo must
/// show, and a believable mix for the rest.
package enum DemoScenario {
    package static let weightedStates: [(OrderState, Int)] = [
        (OrderState(status: .fulfilled, payment: .paid, fulfillment: .fulfilled, issue: nil), 60),
        (OrderState(status: .fulfilled, payment: .partiallyRefunded, fulfillment: .fulfilled, issue: nil), 4),
        (OrderState(status: .fulfilled, payment: .refunded, fulfillment: .fulfilled, issue: nil), 3),
        (OrderState(status: .processing, payment: .paid, fulfillment: .unfulfilled, issue: nil), 12),
        (OrderState(status: .processing, payment: .authorized, fulfillment: .unfulfilled, issue: nil), 5),
        (OrderState(status: .pending, payment: .pending, fulfillment: .unfulfilled, issue: nil), 4),
        (OrderState(status: .cancelled, payment: .refunded, fulfillment: .unfulfilled, issue: nil), 5),
        (OrderState(status: .cancelled, payment: .voided, fulfillment: .unfulfilled, issue: nil), 4),
        (OrderState(status: .cancelled, payment: .partiallyRefunded, fulfillment: .unfulfilled, issue: nil), 1),
        (OrderState(status: .cancelled, payment: .paid, fulfillment: .unfulfilled, issue: nil), 1),
        (OrderState(status: .cancelled, payment: .failed, fulfillment: .unfulfilled, issue: nil), 1),
    ]

    package static func randomState(using generator: inout SeededGenerator) -> OrderState {
        let total = weightedStates.map(\.1).reduce(0, +)
        var pick = Int.random(in: 0..<total, using: &generator)
        for (state, weight) in weightedStates {
            if pick < weight { return state }
            pick -= weight
        }
        return weightedStates[0].0
    }

    /// The states of `count` demo orders: coverage first, then at least five payment failures, then the mix.
    package static func states(count: Int, using generator: inout SeededGenerator) -> [OrderState] {
        var states = OrderState.allPossible
        let paymentFailed = OrderState(status: .pending, payment: .failed, fulfillment: .unfulfilled, issue: .paymentFailed)
        while states.filter({ $0 == paymentFailed }).count < 5 { states.append(paymentFailed) }
        while states.count < count { states.append(randomState(using: &generator)) }
        return states
    }

    /// Whether an order in this state is still open (recent) rather than settled history.
    package static func isOpen(_ state: OrderState) -> Bool {
        state.issue != nil || state.status == .pending || state.status == .processing
    }
}

extension DemoScenario {
    /// The demo store's orders, oldest first and numbered from `definition.firstOrderNumber`.
    package static func plans(
        _ definition: DemoStoreDefinition, now: Date, using generator: inout SeededGenerator
    ) -> [OrderPlan] {
        let states = states(count: definition.orderCount, using: &generator)
        var failureTurn: [String: Int] = [:]
        func nextFailure(_ kind: String) -> DemoStoreDefinition.Failure? {
            guard let options = definition.failures[kind], !options.isEmpty else { return nil }
            defer { failureTurn[kind, default: 0] += 1 }
            return options[failureTurn[kind, default: 0] % options.count]
        }
        let history = Double(definition.daysOfHistory) * 86_400
        let outOfStock = definition.products.indices.filter { definition.products[$0].onHand == 0 }
        var plans: [OrderPlan] = states.map { state in
            let age = isOpen(state)
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
