import Foundation

extension Decide {
    /// What the payment provider's answer to a pending call does to the order. `nil` when there is nothing to
    /// record: the call was settled before (recording the same answer twice changes nothing).
    ///
    /// - A refund that went through moves the payment status to refunded or partially refunded, and closes a
    ///   refund issue once no refund is failed any more. A refund that failed, or got no answer, opens one, with a
    ///   retry under the same key.
    /// - A charge that went through pays the order and moves it on to processing. A declined charge opens a payment
    ///   issue. A charge that got no answer stays pending, to be sent again under the same key.
    /// - A capture or void records its answer; one that got no answer stays pending under its key.
    public static func settle(_ call: PaymentCall, answer: GatewayOutcome, on snapshot: OrderSnapshot, now: Date) -> OrderChange? {
        let order = snapshot.order
        let amount = call.amount
        var change = OrderChange()
        switch call.kind {
        case .refund:
            guard snapshot.refund(key: call.idempotencyKey)?.state == .pending else { return nil }
            let update = RefundUpdate.settled(idempotencyKey: call.idempotencyKey, outcome: answer)
            change.refundUpdates = [update]
            if answer.succeeded {
                change.paymentStatus = PaymentSettlement.statusAfterRefunds(
                    captured: order.payment.captured, refunded: snapshot.refunded(after: [update]), current: order.paymentStatus)
                if order.issue?.kind == .refundFailed, !snapshot.anyRefundFailed(after: [update]) { change.issue = .clear }
                change.events = [Timeline.refunded(amount, card: call.card)]
            } else {
                change.issue = .open(.opening(
                    .refundFailed, code: answer.failureCode ?? "refund_failed", message: answer.failureMessage ?? "The refund failed.",
                    now: now, replacing: order.issue))
                change.events = [Timeline.refundFailed(amount, message: answer.failureMessage)]
            }

        case .charge:
            guard snapshot.payment(key: call.idempotencyKey)?.state == .pending else { return nil }
            if answer.isTransient {
                change.paymentStatus = .failed
                change.issue = .open(.opening(
                    .paymentFailed, code: answer.failureCode ?? OrderIssue.noAnswerCode,
                    message: answer.failureMessage ?? "The payment provider did not answer.", now: now, replacing: order.issue))
                change.events = [Timeline.chargeUnanswered(amount, message: answer.failureMessage)]
                return change
            }
            change.settledPayments = [SettledCall(idempotencyKey: call.idempotencyKey, outcome: answer)]
            if answer.succeeded {
                let total = order.totals.total
                change.paymentStatus = .paid
                change.authorized = total
                change.captured = total
                if order.status == .pending { change.status = .processing }
                if order.issue?.kind == .paymentFailed { change.issue = .clear }
                change.events = [Timeline.charged(amount, card: call.card)]
            } else {
                let message = answer.failureMessage ?? "The charge was declined."
                change.paymentStatus = .failed
                change.issue = .open(.opening(
                    .paymentFailed, code: answer.failureCode ?? "charge_failed", message: message, now: now, replacing: order.issue))
                change.events = [Timeline.chargeFailed(amount, message: message)]
            }

        case .capture:
            // Only a capture the process stopped before recording gets here (start-up): the live fulfilment records its
            // capture with the shipment. The goods were not recorded as shipped, so the order stays unfulfilled and the
            // next fulfilment ships it without capturing again.
            guard snapshot.payment(key: call.idempotencyKey)?.state == .pending else { return nil }
            if answer.isTransient {
                change.events = [Timeline.captureUnanswered(amount)]
                return change
            }
            change.settledPayments = [SettledCall(idempotencyKey: call.idempotencyKey, outcome: answer)]
            if answer.succeeded {
                change.paymentStatus = .paid
                change.captured = amount
                change.events = [Timeline.captured(amount)]
            } else {
                change.events = [Timeline.captureFailed(amount, message: answer.failureMessage)]
            }

        case .void:
            guard snapshot.payment(key: call.idempotencyKey)?.state == .pending else { return nil }
            if answer.isTransient {
                // The provider may have voided: recording it failed would say the hold is still there when it may not be.
                change.events = [Timeline.voidUnanswered(amount)]
                return change
            }
            change.settledPayments = [SettledCall(idempotencyKey: call.idempotencyKey, outcome: answer)]
            if answer.succeeded {
                change.paymentStatus = .voided
                change.events = [Timeline.voided(amount)]
            } else {
                change.events = [Timeline.voidFailed(amount, message: answer.failureMessage)]
            }
        }
        return change
    }
}
