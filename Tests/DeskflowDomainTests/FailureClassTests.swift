import Foundation
import Testing

@testable import DeskflowDomain

@Suite("The action that can work")
struct FailureClassTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var kind: IssueKind
        var code: String
        var failureClass: FailureClass
        var first: OrderAction

        var testDescription: String { "\(kind.rawValue) \(code)" }
    }

    static func rows(_ rows: [(IssueKind, String, FailureClass, OrderAction)]) -> [Case] {
        rows.map { Case(kind: $0.0, code: $0.1, failureClass: $0.2, first: $0.3) }
    }

    /// Every failure code the simulated gateway and warehouse, Deskflow's own calls, the demo store and Stripe can
    /// leave on an order, with its class and the action offered first.
    static let cases: [Case] = simulatedGateway + warehouse + deskflow + stripeDeclines + stripeCardErrors
        + stripeRefundFailures + stripeOther

    static let simulatedGateway = rows([
        (.paymentFailed, "card_declined", .needsFix, .requestPaymentMethod),
        (.paymentFailed, "insufficient_funds", .retryable, .retryPayment),
        (.paymentFailed, "expired_card", .needsFix, .requestPaymentMethod),
        (.paymentFailed, OrderIssue.noAnswerCode, .retryable, .retryPayment),
        (.paymentFailed, "gateway_unavailable", .retryable, .retryPayment),
        (.refundFailed, OrderIssue.noAnswerCode, .retryable, .retryRefund),
        (.refundFailed, "gateway_unavailable", .retryable, .retryRefund),
        (.refundFailed, "refund_declined", .needsFix, .markRefunded),
        (.refundFailed, "invalid_amount", .needsFix, .markRefunded),
        (.refundFailed, "amount_too_large", .retryable, .retryRefund),
        (.fulfillmentFailed, "amount_too_large", .retryable, .retryFulfillment),
        (.fulfillmentFailed, "nothing_to_void", .retryable, .retryFulfillment),
    ])

    static let warehouse = rows([
        (.processingError, "warehouse_timeout", .retryable, .retryProcessing),
        (.processingError, "warehouse_unavailable", .retryable, .retryProcessing),
        (.processingError, "missing_postal_code", .needsFix, .fixAddress),
        (.processingError, "address_unverified", .needsFix, .fixAddress),
        (.processingError, "tax_calculation_failed", .needsFix, .fixAddress),
        (.fulfillmentFailed, "warehouse_timeout", .retryable, .retryFulfillment),
        (.fulfillmentFailed, "warehouse_unavailable", .retryable, .retryFulfillment),
        (.fulfillmentFailed, "carrier_rejected", .needsFix, .fixAddress),
        (.fulfillmentFailed, "address_undeliverable", .needsFix, .fixAddress),
        (.fulfillmentFailed, "stock_unavailable", .retryable, .retryFulfillment),
    ])

    /// Codes Deskflow sets itself: a capture that failed or got no answer while shipping, a payment no gateway moves,
    /// a storefront's failed checkout, and the fallbacks when a provider gave no code.
    static let deskflow = rows([
        (.fulfillmentFailed, "capture_failed", .retryable, .retryFulfillment),
        (.fulfillmentFailed, OrderIssue.noAnswerCode, .retryable, .retryFulfillment),
        (.paymentFailed, "manual_payment", .needsFix, .markPaid),
        (.refundFailed, "manual_payment", .needsFix, .markRefunded),
        (.paymentFailed, "checkout_payment_failed", .retryable, .retryPayment),
        (.paymentFailed, "charge_failed", .retryable, .retryPayment),
        (.refundFailed, "refund_failed", .retryable, .retryRefund),
    ])

    /// Stripe's documented `decline_code`s, on a charge.
    static let stripeDeclines: [Case] = rows(([
        ("approve_with_id", .retryable), ("call_issuer", .needsFix), ("card_not_supported", .needsFix),
        ("card_velocity_exceeded", .retryable), ("currency_not_supported", .needsFix), ("do_not_honor", .needsFix),
        ("do_not_try_again", .needsFix), ("duplicate_transaction", .retryable), ("expired_card", .needsFix),
        ("fraudulent", .needsFix), ("generic_decline", .needsFix), ("incorrect_number", .needsFix),
        ("incorrect_cvc", .needsFix), ("incorrect_pin", .needsFix), ("incorrect_zip", .needsFix),
        ("insufficient_funds", .retryable), ("invalid_account", .needsFix), ("invalid_amount", .needsFix),
        ("invalid_cvc", .needsFix), ("invalid_expiry_month", .needsFix), ("invalid_expiry_year", .needsFix),
        ("invalid_number", .needsFix), ("invalid_pin", .needsFix), ("issuer_not_available", .retryable),
        ("lost_card", .needsFix), ("merchant_blacklist", .needsFix), ("new_account_information_available", .needsFix),
        ("no_action_taken", .needsFix), ("not_permitted", .needsFix), ("offline_pin_required", .needsFix),
        ("online_or_offline_pin_required", .needsFix), ("pickup_card", .needsFix), ("pin_try_exceeded", .needsFix),
        ("processing_error", .retryable), ("reenter_transaction", .retryable), ("restricted_card", .needsFix),
        ("revocation_of_all_authorizations", .needsFix), ("revocation_of_authorization", .needsFix),
        ("security_violation", .needsFix), ("service_not_allowed", .needsFix), ("stolen_card", .needsFix),
        ("stop_payment_order", .needsFix), ("testmode_decline", .needsFix), ("transaction_not_allowed", .needsFix),
        ("try_again_later", .retryable), ("withdrawal_count_limit_exceeded", .retryable),
    ] as [(String, FailureClass)]).map { (code: String, failureClass: FailureClass) -> (IssueKind, String, FailureClass, OrderAction) in
        (IssueKind.paymentFailed, code, failureClass, failureClass == .retryable ? OrderAction.retryPayment : .requestPaymentMethod)
    })

    /// Stripe's card error `code`s without a decline code, and the codes Deskflow gives Stripe's other answers.
    static let stripeCardErrors = rows([
        (.paymentFailed, "card_declined", .needsFix, .requestPaymentMethod),
        (.paymentFailed, "authentication_required", .needsFix, .requestPaymentMethod),
        (.paymentFailed, "card_decline_rate_limit_exceeded", .retryable, .retryPayment),
        (.paymentFailed, "rate_limit", .retryable, .retryPayment),
        (.paymentFailed, "payment_processing", .retryable, .retryPayment),
        (.paymentFailed, "payment_failed", .retryable, .retryPayment),
        (.paymentFailed, "unexpected_state", .retryable, .retryPayment),
        (.paymentFailed, "stripe_authentication", .retryable, .retryPayment),
        (.paymentFailed, "invalid_request", .retryable, .retryPayment),
    ])

    /// Stripe's refund `failure_reason`s, and a refund Stripe left failed or canceled without one.
    static let stripeRefundFailures = rows([
        (.refundFailed, "charge_for_pending_refund_disputed", .needsFix, .markRefunded),
        (.refundFailed, "declined", .needsFix, .markRefunded),
        (.refundFailed, "expired_or_canceled_card", .needsFix, .markRefunded),
        (.refundFailed, "lost_or_stolen_card", .needsFix, .markRefunded),
        (.refundFailed, "unknown", .retryable, .retryRefund),
        (.refundFailed, "refund_canceled", .retryable, .retryRefund),
        (.refundFailed, "stripe_authentication", .retryable, .retryRefund),
        (.refundFailed, "invalid_request", .retryable, .retryRefund),
        (.refundFailed, "expired_card", .needsFix, .markRefunded),
    ])

    static let stripeOther = rows([
        (.fulfillmentFailed, "stripe_authentication", .retryable, .retryFulfillment),
    ])

    static func issue(_ kind: IssueKind, code: String, message: String = "The card expired in 09/2026.") -> OrderIssue {
        OrderIssue(kind: kind, code: code, message: message, since: Date(timeIntervalSince1970: 1_790_000_000), attempts: 2)
    }

    @Test("each failure code is classed, and the queue's one button is the retry or the fix", arguments: cases)
    func classed(_ row: Case) {
        let issue = Self.issue(row.kind, code: row.code)
        #expect(issue.failureClass == row.failureClass)
        #expect(issue.primaryAction == row.first)
        #expect(issue.resolutions.first == row.first)
        #expect(issue.resolutions.contains(row.kind.retry), "a retry stays available")
        #expect(Set(issue.resolutions) == Set(row.kind.resolutions + [row.first]), "the same actions, reordered")
        #expect((issue.retryWarning != nil) == (row.failureClass == .needsFix))
        #expect(
            FailureCodes.needingFix.contains(row.code) || FailureCodes.retryable.contains(row.code),
            "\(row.code) is classed on purpose, not by default")
    }

    @Test("the action offered first can be taken on an order with that failure", arguments: cases)
    func firstIsAvailable(_ row: Case) {
        var order = ResolutionRulesTests.failed(row.kind, code: row.code)
        order.issue = Self.issue(row.kind, code: row.code)
        #expect(row.first.availability(for: order) == .available)
    }

    @Test("an unknown code is retryable, so a failure nobody has seen before is tried again")
    func unknownIsRetryable() {
        let issue = Self.issue(.paymentFailed, code: "something_new")
        #expect(issue.failureClass == .retryable)
        #expect(issue.primaryAction == .retryPayment)
        #expect(issue.retryWarning == nil)
        #expect(!FailureCodes.retryable.contains("something_new"))
    }

    @Test("no code is in both classes")
    func disjoint() {
        #expect(FailureCodes.needingFix.isDisjoint(with: FailureCodes.retryable))
    }

    @Test(
        "a retry before the fix says why it will likely fail again",
        arguments: [
            (IssueKind.paymentFailed, "expired_card", "The card expired in 09/2026.",
             "The card expired in 09/2026; a retry will likely be declined again."),
            (.refundFailed, "refund_declined", "The issuer declined the refund: the card account is closed.",
             "The issuer declined the refund: the card account is closed; a retry will likely be declined again."),
            (.fulfillmentFailed, "address_undeliverable", "The carrier does not deliver to PO boxes.",
             "The carrier does not deliver to PO boxes; a retry will likely fail again."),
            (.processingError, "missing_postal_code", "", "A retry will likely fail again."),
            (.paymentFailed, "manual_payment",
             "Deskflow cannot charge it. Take the payment the way it was agreed, then record it with “Mark as paid”.",
             "Deskflow cannot charge it. Take the payment the way it was agreed, then record it with “Mark as paid”. A retry will likely be declined again."),
        ])
    func retryWarning(kind: IssueKind, code: String, message: String, warning: String) {
        #expect(Self.issue(kind, code: code, message: message).retryWarning == warning)
    }

    @Test(
        "once the fix is made, the retry comes first again and carries no warning",
        arguments: [
            (IssueKind.paymentFailed, "expired_card"), (.processingError, "missing_postal_code"),
            (.fulfillmentFailed, "address_undeliverable"),
        ])
    func afterTheFix(kind: IssueKind, code: String) {
        var issue = Self.issue(kind, code: code)
        issue.fixMade = true
        #expect(issue.failureClass == .needsFix)
        #expect(issue.primaryAction == kind.retry)
        #expect(issue.resolutions.first == kind.retry)
        #expect(issue.retryWarning == nil)
    }

    @Test("recording a new payment method makes the payment failure's fix")
    func recordingAMethodMakesTheFix() throws {
        var order = Order.fixture(status: .pending, payment: .failed, issue: .paymentFailed, captured: 0)
        order.issue = Self.issue(.paymentFailed, code: "expired_card")
        order.payment.provider = .simulated
        let change = try Decide.recordPaymentMethod(
            "visa-4242", listed: PaymentMethod(brand: "Visa", last4: "4242"), on: OrderSnapshot(order: order))
        var fixed = try #require(order.issue)
        fixed.fixMade = true
        #expect(change.issue == .open(fixed))
    }

    @Test(
        "editing the address makes a processing or fulfillment failure's fix; other orders keep their issue as it is",
        arguments: [IssueKind?.some(.processingError), .fulfillmentFailed, .paymentFailed, nil])
    func editingTheAddressMakesTheFix(kind: IssueKind?) throws {
        var order = Order.fixture(issue: kind)
        order.issue = kind.map { Self.issue($0, code: "missing_postal_code") }
        let change = try Decide.fixAddress(order.shippingAddress, on: OrderSnapshot(order: order))
        if let kind, kind != .paymentFailed {
            var fixed = try #require(order.issue)
            fixed.fixMade = true
            #expect(change.issue == .open(fixed))
        } else {
            #expect(change.issue == .keep)
        }
    }

    @Test("a failure that opens again after the fix needs the fix again")
    func failingAgainAfterTheFix() {
        var issue = Self.issue(.processingError, code: "missing_postal_code")
        issue.fixMade = true
        let again = OrderIssue.opening(
            .processingError, code: "address_unverified", message: "No street number.", now: .now, replacing: issue)
        #expect(!again.fixMade)
        #expect(again.primaryAction == .fixAddress)
    }

    // MARK: Every code the project can produce is in the table

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The failure codes written as literals in the simulator, the warehouse, Operations and the Stripe adapter.
    static func codesInSources() throws -> Set<String> {
        let folders = ["Sources/DeskflowSimulation", "Sources/DeskflowOperations", "Sources/DeskflowProviders/Stripe"]
        var codes: Set<String> = []
        for folder in folders {
            let enumerator = FileManager.default.enumerator(at: root.appending(path: folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard url.pathExtension == "swift" else { continue }
                let source = try String(contentsOf: url, encoding: .utf8)
                for match in source.matches(of: /(?:failure\(|code: |failureCode: |\.failed\(|[cC]ode \?\? )"([a-z_]+)"/) {
                    codes.insert(String(match.1))
                }
            }
        }
        return codes
    }

    @Test("every failure code in the simulator, the warehouse, Operations and the Stripe adapter is in the table")
    func sourcesAreCovered() throws {
        let tabled = Set(Self.cases.map(\.code))
        let found = try Self.codesInSources()
        #expect(found.count > 15, "the search still finds the codes")
        #expect(found.subtracting(tabled).isEmpty, "\(found.subtracting(tabled).sorted())")
    }

    @Test("every failure the demo store seeds is in the table, under its kind")
    func demoStoreIsCovered() throws {
        struct Demo: Decodable { var failures: [String: [Failure]] }
        struct Failure: Decodable { var code: String }
        let data = try Data(contentsOf: Self.root.appending(path: "Resources/demo-store.json"))
        let demo = try JSONDecoder().decode(Demo.self, from: data)
        let tabled = Set(Self.cases.map { "\($0.kind.rawValue) \($0.code)" })
        let seeded = demo.failures.flatMap { kind, failures in failures.map { "\(kind) \($0.code)" } }
        #expect(seeded.count >= 10)
        #expect(Set(seeded).subtracting(tabled).isEmpty, "\(Set(seeded).subtracting(tabled).sorted())")
    }
}
