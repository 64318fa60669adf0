import Foundation

/// What was decided when an order was cancelled, kept for the record and the cancellations report.
public struct CancellationRecord: Hashable, Sendable {
    public var reason: CancelReason
    public var note: String
    public var cancelledAt: Date
    public var cancelledBy: String

    public init(reason: CancelReason, note: String, cancelledAt: Date, cancelledBy: String) {
        self.reason = reason
        self.note = note
        self.cancelledAt = cancelledAt
        self.cancelledBy = cancelledBy
    }
}
