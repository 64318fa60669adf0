import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import DeskflowStoreSQLite
import Foundation

/// The embedded payment provider, like a provider's test mode: it keeps its own ledger in the database, refuses
/// to refund more than it captured, replays a repeated key's first answer, and fails on purpose for test cards.
public struct SimulatedGateway: PaymentGateway {
    /// Cards whose behaviour is fixed, so every failure path can be shown and tested.
    public enum TestCard {
        /// Charges are declined.
        public static let declined = "0002"
        public static let insufficientFunds = "9995"
        public static let expired = "0069"
        /// Refunds are declined: the card account is closed.
        public static let refundDeclined = "0341"
        /// The first attempt under each key times out; a retry with the same key goes through.
        public static let flaky = "0119"
    }

    let books: any SimulationBooks
    let outages: SimulatedOutages
    let clock: AppClock

    /// On an SQLite database the simulation is set up on (`Simulation.setUp(on:)`).
    public init(database: SQLiteStore, clock: AppClock) {
        self.init(books: SQLiteBooks(store: database), clock: clock)
    }

    init(books: any SimulationBooks, clock: AppClock) {
        self.books = books
        self.outages = SimulatedOutages(books: books)
        self.clock = clock
    }

    /// The test cards: a manager records one of them as the customer's new payment method.
    public var availableMethods: [PaymentMethodChoice] { Self.testMethods }

    public func charge(_ call: GatewayCall) async throws -> GatewayOutcome {
        try await apply("charge", call) { _, attempts in Self.chargeDecision(call, attempts: attempts, prefix: "ch") }
    }

    public func capture(_ call: GatewayCall) async throws -> GatewayOutcome {
        try await apply("capture", call) { ledger, _ in
            guard call.amount.minorUnits <= ledger.authorized - ledger.voided - ledger.captured else {
                return .final(Self.failure("amount_too_large", "The capture is more than the remaining authorization."))
            }
            return .final(Self.success("cap", call))
        }
    }

    public func refund(_ call: GatewayCall) async throws -> GatewayOutcome {
        try await apply("refund", call) { ledger, attempts in
            if call.cardLast4 == TestCard.flaky, attempts == 0 {
                return .transient(code: OrderIssue.noAnswerCode, message: "The payment provider did not answer in time. Try again.")
            }
            if call.cardLast4 == TestCard.refundDeclined {
                return .final(Self.failure("refund_declined", "The issuer declined the refund: the card account is closed."))
            }
            guard call.amount.isPositive else {
                return .final(Self.failure("invalid_amount", "A refund must be more than zero."))
            }
            guard call.amount.minorUnits <= ledger.captured - ledger.refunded else {
                let left = Money(minorUnits: max(0, ledger.captured - ledger.refunded), currency: call.amount.currency)
                return .final(Self.failure("amount_too_large", "The refund is more than the \(left.formatted) left to refund."))
            }
            return .final(Self.success("re", call))
        }
    }

    public func void(_ call: GatewayCall) async throws -> GatewayOutcome {
        try await apply("void", call) { ledger, _ in
            guard ledger.authorized - ledger.voided - ledger.captured > 0 else {
                return .final(Self.failure("nothing_to_void", "There is no open authorization to void."))
            }
            return .final(Self.success("void", call))
        }
    }

    /// An outage (`deskflow outage gateway …`) comes first: `fail` refuses the call untouched, `timeout` carries it
    /// out and then loses the answer, so only a retry under the same key learns what happened.
    private func apply(
        _ kind: String, _ call: GatewayCall, decide: @escaping @Sendable (GatewayLedgerState, Int) -> GatewayDecision
    ) async throws -> GatewayOutcome {
        let outage = try await outages.mode(of: .gateway, now: clock.now)
        if outage == .fail {
            return GatewayOutcome(
                succeeded: false, reference: nil, failureCode: "gateway_unavailable",
                failureMessage: "The payment provider is unavailable and did nothing. Try again later.")
        }
        let entry = try await books.applyGatewayCall(
            key: call.idempotencyKey, kind: kind, orderNumber: call.orderNumber, amountMinor: call.amount.minorUnits,
            cardLast4: call.cardLast4, now: clock.now, decide: decide)
        if outage == .timeout {
            return GatewayOutcome(
                succeeded: false, reference: nil, failureCode: OrderIssue.noAnswerCode,
                failureMessage: "The payment provider did not answer in time. Try again.", isTransient: true)
        }
        return GatewayOutcome(
            succeeded: entry.succeeded, reference: entry.reference, failureCode: entry.failureCode,
            failureMessage: entry.failureMessage, isTransient: !entry.isFinal)
    }

    private static func chargeDecision(_ call: GatewayCall, attempts: Int, prefix: String) -> GatewayDecision {
        switch call.cardLast4 {
        case TestCard.declined: .final(failure("card_declined", "The card was declined by the issuing bank."))
        case TestCard.insufficientFunds: .final(failure("insufficient_funds", "The card has insufficient funds to complete the purchase."))
        case TestCard.expired: .final(failure("expired_card", "The card has expired."))
        case TestCard.flaky where attempts == 0:
            .transient(code: OrderIssue.noAnswerCode, message: "The payment provider did not answer in time. Try again.")
        default: .final(success(prefix, call))
        }
    }

    private static func success(_ prefix: String, _ call: GatewayCall) -> GatewayEntry {
        let suffix = String(call.idempotencyKey.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.prefix(12))
        return GatewayEntry(succeeded: true, reference: "sim_\(prefix)_\(suffix)", failureCode: nil, failureMessage: nil, attempts: 1)
    }

    private static func failure(_ code: String, _ message: String) -> GatewayEntry {
        GatewayEntry(succeeded: false, reference: nil, failureCode: code, failureMessage: message, attempts: 1)
    }
}

extension SimulatedGateway {
    /// The payment methods a manager can record for a customer: the simulated gateway's test cards, never a raw
    /// card number. The value is what the form sends.
    public static let testMethods: [PaymentMethodChoice] = [
        PaymentMethodChoice("visa-4242", PaymentMethod(brand: "Visa", last4: "4242"), note: "test card: charges succeed"),
        PaymentMethodChoice("mastercard-4444", PaymentMethod(brand: "Mastercard", last4: "4444"), note: "test card: charges succeed"),
        PaymentMethodChoice("amex-8431", PaymentMethod(brand: "Amex", last4: "8431"), note: "test card: charges succeed"),
        PaymentMethodChoice("visa-0119", PaymentMethod(brand: "Visa", last4: TestCard.flaky), note: "test card: first attempt times out"),
        PaymentMethodChoice("visa-0002", PaymentMethod(brand: "Visa", last4: TestCard.declined), note: "test card: always declined"),
        PaymentMethodChoice(
            "mastercard-9995", PaymentMethod(brand: "Mastercard", last4: TestCard.insufficientFunds), note: "test card: insufficient funds"),
        PaymentMethodChoice("visa-0341", PaymentMethod(brand: "Visa", last4: TestCard.refundDeclined), note: "test card: refunds declined"),
    ]
}
