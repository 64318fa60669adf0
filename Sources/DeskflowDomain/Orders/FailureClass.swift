import Foundation

/// Whether trying a failed step again can work as things stand, or something has to change first.
public enum FailureClass: Hashable, Sendable {
    /// The cause passes by itself (an outage, a timeout, funds or stock that arrive, a rate limit): a retry can work.
    case retryable
    /// The cause stays until someone changes something (a new card, the money paid back another way, the address):
    /// a retry before that repeats the failure.
    case needsFix

    /// The class of a failure's code, from the payment gateways, the warehouse or a storefront's checkout.
    ///
    /// A code not listed here is retryable: an unknown failure is more often passing than permanent, and a retry
    /// costs one attempt while a wrongly demanded fix sends a manager after a problem that is not there.
    public static func of(code: String) -> FailureClass {
        FailureCodes.needingFix.contains(code) ? .needsFix : .retryable
    }
}

/// The failure codes Deskflow knows, by class. Both lists are kept, so a table test can tell a code that is retryable
/// on purpose from one nobody has classed yet.
public enum FailureCodes {
    /// Codes that need a change before a retry can work.
    public static let needingFix: Set<String> = cardUnusable.union(refundRefused).union(addressProblems)
        .union([paidOutsideGateway])

    /// Codes known to pass by themselves.
    public static let retryable: Set<String> = [
        // No answer, or a provider or warehouse that is down: the same call goes again under its key.
        OrderIssue.noAnswerCode, "gateway_unavailable", "warehouse_timeout", "warehouse_unavailable",
        // Stripe's own words for "try again": a processing hiccup, an issuer that was unreachable, a rate limit.
        "processing_error", "issuer_not_available", "try_again_later", "reenter_transaction", "approve_with_id",
        "rate_limit", "card_decline_rate_limit_exceeded", "duplicate_transaction", "payment_processing",
        // Money or limits that come back with time: the same card can be charged once they do.
        "insufficient_funds", "card_velocity_exceeded", "withdrawal_count_limit_exceeded",
        // Stock arrives through Inventory without the order changing; the banner names the shortfall.
        "stock_unavailable",
        // Causes Deskflow cannot see: a checkout's failure, a declined capture, Stripe's unknown refund failure, the
        // fallbacks when a provider gave no code, and Stripe refusals that are about Deskflow rather than the order.
        "checkout_payment_failed", "capture_failed", "unknown", "charge_failed", "refund_failed", "payment_failed",
        "refund_canceled", "unexpected_state", "invalid_request", "stripe_authentication", "amount_too_large",
        "nothing_to_void",
    ]

    /// A card that will not be charged or refunded again as it is: the customer has to give another one.
    /// Stripe's `decline_code`s and card error `code`s whose documented next step is another card or the issuer.
    static let cardUnusable: Set<String> = [
        "card_declined", "generic_decline", "do_not_honor", "do_not_try_again", "call_issuer", "no_action_taken",
        "expired_card", "lost_card", "stolen_card", "pickup_card", "restricted_card", "fraudulent",
        "incorrect_cvc", "invalid_cvc", "incorrect_number", "invalid_number", "incorrect_zip", "incorrect_pin",
        "invalid_pin", "invalid_expiry_month", "invalid_expiry_year", "invalid_account", "invalid_amount",
        "card_not_supported", "currency_not_supported", "not_permitted", "service_not_allowed",
        "transaction_not_allowed", "security_violation", "merchant_blacklist", "new_account_information_available",
        "offline_pin_required", "online_or_offline_pin_required", "pin_try_exceeded", "stop_payment_order",
        "revocation_of_all_authorizations", "revocation_of_authorization", "testmode_decline",
        "authentication_required",
    ]

    /// A refund the card's issuer refused for good (a closed account, a lost card, a disputed charge): the money goes
    /// back another way. The simulator's `refund_declined`, and Stripe's refund `failure_reason`s.
    static let refundRefused: Set<String> = [
        "refund_declined", "declined", "expired_or_canceled_card", "lost_or_stolen_card",
        "charge_for_pending_refund_disputed",
    ]

    /// An address the warehouse or carrier cannot work with until it is edited.
    static let addressProblems: Set<String> = [
        "missing_postal_code", "address_unverified", "tax_calculation_failed", "carrier_rejected",
        "address_undeliverable",
    ]

    /// A payment no gateway moves: Deskflow can neither charge nor refund it (`PaymentGatewayRouter.manualPaymentCode`).
    static let paidOutsideGateway = "manual_payment"
}

extension IssueKind {
    /// The retry of the step that failed.
    public var retry: OrderAction {
        switch self {
        case .paymentFailed: .retryPayment
        case .processingError: .retryProcessing
        case .fulfillmentFailed: .retryFulfillment
        case .refundFailed: .retryRefund
        }
    }
}

extension OrderIssue {
    public var failureClass: FailureClass { .of(code: code) }

    /// Whether a retry is the thing to do now: the failure passes by itself, or its fix has been made.
    public var canRetryNow: Bool { failureClass == .retryable || fixMade }

    /// The action that makes the change a failure that needs a fix waits for.
    public var fix: OrderAction {
        switch kind {
        case .paymentFailed: code == FailureCodes.paidOutsideGateway ? .markPaid : .requestPaymentMethod
        case .refundFailed: .markRefunded
        case .processingError, .fulfillmentFailed: .fixAddress
        }
    }

    /// The one action offered first, in the queue and on the banner: the retry when it can work, otherwise the fix.
    public var primaryAction: OrderAction { canRetryNow ? kind.retry : fix }

    /// The actions that can resolve this failure, the one that can work first.
    public var resolutions: [OrderAction] {
        [primaryAction] + kind.resolutions.filter { $0 != primaryAction }
    }

    /// Why a retry will likely fail again, while the fix it waits for has not been made; `nil` when a retry can work.
    public var retryWarning: String? {
        guard !canRetryNow else { return nil }
        let outcome = kind == .paymentFailed || kind == .refundFailed ? "be declined" : "fail"
        var cause = message.trimmingCharacters(in: .whitespacesAndNewlines)
        if cause.hasSuffix(".") { cause.removeLast() }
        if cause.isEmpty { return "A retry will likely \(outcome) again." }
        // A message of several sentences reads badly with a clause tacked on.
        if cause.contains(". ") { return "\(cause). A retry will likely \(outcome) again." }
        return "\(cause); a retry will likely \(outcome) again."
    }
}
