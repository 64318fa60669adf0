import DeskflowDomain
import DeskflowStore
import Foundation

/// One order the seeder will write: its state, its contents and the story its timeline tells.
struct OrderPlan {
    var number: Int
    var placedAt: Date
    var customerIndex: Int
    var lines: [(productIndex: Int, quantity: Int)]
    var state: OrderState
    /// The failure behind the order's issue (or behind a failed charge of a cancelled order).
    var failure: DemoStoreDefinition.Failure?
    var card: DemoStoreDefinition.Card?
    var cityIndex: Int
    var streetIndex: Int
    var cancelReason: CancelReason?
}

/// Picks the states of the demo orders: every possible combination at least once, the failures the demo must
/// show, and a believable mix for the rest.
enum DemoScenario {
    static let weightedStates: [(OrderState, Int)] = [
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

    static func randomState(using generator: inout SeededGenerator) -> OrderState {
        let total = weightedStates.map(\.1).reduce(0, +)
        var pick = Int.random(in: 0..<total, using: &generator)
        for (state, weight) in weightedStates {
            if pick < weight { return state }
            pick -= weight
        }
        return weightedStates[0].0
    }

    /// The states of `count` demo orders: coverage first, then at least five payment failures, then the mix.
    static func states(count: Int, using generator: inout SeededGenerator) -> [OrderState] {
        var states = OrderState.allPossible
        let paymentFailed = OrderState(status: .pending, payment: .failed, fulfillment: .unfulfilled, issue: .paymentFailed)
        while states.filter({ $0 == paymentFailed }).count < 5 { states.append(paymentFailed) }
        while states.count < count { states.append(randomState(using: &generator)) }
        return states
    }

    /// Whether an order in this state is still open (recent) rather than settled history.
    static func isOpen(_ state: OrderState) -> Bool {
        state.issue != nil || state.status == .pending || state.status == .processing
    }
}
