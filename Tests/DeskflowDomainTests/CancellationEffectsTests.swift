import Testing

@testable import DeskflowDomain

/// What a cancellation does to stock and payment status before the gateway answers, and where the money stands after.
@Suite("Cancellation effects")
struct CancellationEffectsTests {
    static func usd(_ cents: Int64) -> Money { Money(minorUnits: cents, currency: .usd) }

    /// Two lines of the same mug and one of a tee: 4 units in all.
    static func order(payment: PaymentStatus = .paid, status: OrderStatus = .processing) -> Order {
        var order = Order.fixture(status: status, payment: payment)
        order.lines = [
            LineItem(sku: "MUG-01", name: "Mug", quantity: 2, unitPrice: usd(1000)),
            LineItem(sku: "TEE-01", name: "Tee", quantity: 1, unitPrice: usd(2000)),
            LineItem(sku: "MUG-01", name: "Mug (gift)", quantity: 1, unitPrice: usd(1000)),
        ]
        return order
    }

    static func command(_ refund: RefundPlan = .refund(usd(5200)), restock: Bool) -> CancellationCommand {
        CancellationCommand(reason: .customer, note: "", refund: refund, restock: restock, notifyCustomer: true)
    }

    @Test("restock on returns every unit of every line to stock and writes nothing off")
    func restockOn() {
        let effects = CancellationEffects.of(Self.command(restock: true), on: Self.order())

        #expect(effects.restocked == ["MUG-01": 3, "TEE-01": 1])
        #expect(effects.writtenOff.isEmpty)
    }

    @Test("restock off writes every unit off and returns nothing to stock")
    func restockOff() {
        let effects = CancellationEffects.of(Self.command(restock: false), on: Self.order())

        #expect(effects.restocked.isEmpty)
        #expect(effects.writtenOff == ["MUG-01": 3, "TEE-01": 1])
    }

    @Test(
        "only an order still awaiting payment changes payment status at once (to voided)",
        arguments: [
            (PaymentStatus.pending, RefundPlan.nothingToRefund, PaymentStatus.voided),
            (.failed, .nothingToRefund, .failed),
            (.paid, .refund(usd(5200)), .paid),
            (.paid, .refund(usd(100)), .paid),
            (.paid, .noRefund, .paid),
            (.partiallyRefunded, .refund(usd(1000)), .partiallyRefunded),
            (.authorized, .voidAuthorization(usd(5200)), .authorized),
            (.refunded, .nothingToRefund, .refunded),
        ]
    )
    func paymentStatus(current: PaymentStatus, plan: RefundPlan, expected: PaymentStatus) {
        let effects = CancellationEffects.of(Self.command(plan, restock: true), on: Self.order(payment: current))
        #expect(effects.paymentStatus == expected)
    }

    @Test(
        "after refunds the payment is refunded when everything went back, partially refunded otherwise",
        arguments: [
            (5200, 5200, PaymentStatus.paid, PaymentStatus.refunded),
            (5200, 5199, .paid, .partiallyRefunded),
            (5200, 1, .paid, .partiallyRefunded),
            (5200, 1200, .partiallyRefunded, .partiallyRefunded),
            (5200, 5200, .partiallyRefunded, .refunded),
            (5200, 0, .paid, .paid),
            (0, 0, .pending, .pending),
            (0, 0, .voided, .voided),
        ] as [(Int64, Int64, PaymentStatus, PaymentStatus)]
    )
    func settlement(captured: Int64, refunded: Int64, current: PaymentStatus, expected: PaymentStatus) {
        let status = PaymentSettlement.statusAfterRefunds(
            captured: Self.usd(captured), refunded: Self.usd(refunded), current: current)
        #expect(status == expected)
    }
}
