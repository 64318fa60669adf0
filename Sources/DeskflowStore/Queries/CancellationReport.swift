import DeskflowDomain
import Foundation

/// The cancellations made in a period, newest first, with counts by reason and what was refunded.
public struct CancellationReport: Hashable, Sendable {
    public struct Row: Hashable, Sendable {
        public var orderNumber: Int
        public var cancelledAt: Date
        public var reason: CancelReason
        public var note: String
        /// The refund the cancellation issued; zero when it issued none.
        public var refund: Money
        /// Where that refund stands now; `nil` when the cancellation issued no refund.
        public var refundState: RefundSummary.State?
        /// The authorization the cancellation voided; zero when it voided none.
        public var voided: Money
        public var restocked: Bool
        public var notified: Bool
        public var staffName: String
        /// Refunds made on the order after it was cancelled (from the refund dialog) that the gateway confirmed.
        public var refundedLater: Money

        package init(
            orderNumber: Int, cancelledAt: Date, reason: CancelReason, note: String, refund: Money,
            refundState: RefundSummary.State? = nil, voided: Money, restocked: Bool, notified: Bool,
            staffName: String, refundedLater: Money
        ) {
            self.orderNumber = orderNumber
            self.cancelledAt = cancelledAt
            self.reason = reason
            self.note = note
            self.refund = refund
            self.refundState = refundState
            self.voided = voided
            self.restocked = restocked
            self.notified = notified
            self.staffName = staffName
            self.refundedLater = refundedLater
        }
    }

    public struct ReasonCount: Hashable, Sendable {
        public var reason: CancelReason
        public var count: Int

        package init(reason: CancelReason, count: Int) {
            self.reason = reason
            self.count = count
        }
    }

    /// The newest cancellations, at most the `limit` asked for.
    public var rows: [Row]
    /// Every cancellation in the period, including any past the limit.
    public var totalCount: Int
    /// Every reason, in the order the cancel form lists them, with how many cancellations gave it (zero included).
    public var byReason: [ReasonCount]
    /// Refunds issued by these cancellations that the gateway confirmed, one sum per currency.
    public var refunded: [Money]
    /// Every cancellation in the period, past the limit too, as the per-day trend counts it.
    public var tallies: [CancellationTally]

    package init(
        rows: [Row], totalCount: Int, byReason: [ReasonCount], refunded: [Money], tallies: [CancellationTally]
    ) {
        self.rows = rows
        self.totalCount = totalCount
        self.byReason = byReason
        self.refunded = refunded
        self.tallies = tallies
    }

    /// Whether some cancellations in the period were left out by the limit.
    public var isTruncated: Bool { rows.count < totalCount }
}
