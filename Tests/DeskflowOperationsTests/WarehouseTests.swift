import DeskflowDomain
import DeskflowSimulation
import Foundation
import Testing

@testable import DeskflowOperations

extension DeskflowOperationsTests {
    /// The simulated warehouse's answers follow the data: the same address and stock always give the same answer.
    @Suite("Simulated warehouse")
    struct WarehouseTests {
        static let good = Address(
            name: "Jane Doe", line1: "1 Main St", city: "Springfield", region: "IL", postalCode: "62701", country: "US")

        static func address(
            line1: String = "1 Main St", line2: String = "", region: String = "IL", postalCode: String = "62701",
            country: String = "US"
        ) -> Address {
            Address(name: "Jane Doe", line1: line1, line2: line2, city: "Springfield", region: region, postalCode: postalCode, country: country)
        }

        static func order(number: Int = 1001, address: Address = good, lines: [(String, Int)] = [("MUG-01", 2)]) -> Order {
            let usd = { (cents: Int64) in Money(minorUnits: cents, currency: .usd) }
            let items = lines.map { LineItem(sku: $0.0, name: "Product \($0.0)", quantity: $0.1, unitPrice: usd(1000)) }
            return Order(
                id: 1, number: number, placedAt: Date(timeIntervalSince1970: 1_790_000_000), status: .processing,
                paymentStatus: .paid, fulfillmentStatus: .unfulfilled, issue: nil,
                customer: Customer(id: 1, name: "Jane Doe", email: "jane@example.com"), shippingAddress: address,
                lines: items, totals: .forLines(items, shipping: usd(0), tax: usd(0)),
                payment: PaymentSummary(
                    method: PaymentMethod(brand: "Visa", last4: "4242"), authorized: usd(2000), captured: usd(2000),
                    refunded: usd(0), pendingRefunds: usd(0)),
                trackingNumber: nil, cancellation: nil, version: 1)
        }

        static func stock(_ levels: [(String, Int)]) -> [StockLevel] {
            levels.map { StockLevel(sku: $0.0, name: "Product \($0.0)", onHand: $0.1, committed: 0) }
        }

        static let missingPostalCode = WarehouseOutcome.failed(
            code: "missing_postal_code", message: "The shipping address has no postal code, so the carrier cannot rate the parcel.")
        static let unverified = WarehouseOutcome.failed(
            code: "address_unverified", message: "The address could not be verified: address line 1 has no street number.")
        static let tax = WarehouseOutcome.failed(
            code: "tax_calculation_failed", message: "Sales tax could not be calculated: the state must be a two-letter code like OR.")
        static let carrier = WarehouseOutcome.failed(
            code: "carrier_rejected",
            message: "The carrier cannot deliver to this region with ground shipping: change the address or shipping method.")
        static let poBox = WarehouseOutcome.failed(code: "address_undeliverable", message: "The carrier does not deliver to PO boxes.")

        @Test(
            "processing fails on a missing postal code, a first line without a street number, or a US state not in two letters",
            arguments: [
                (address(), WarehouseOutcome.accepted),
                (address(postalCode: ""), missingPostalCode),
                (address(line1: "Quarry Hill", postalCode: ""), missingPostalCode),
                (address(line1: "Quarry Hill"), unverified),
                (address(line1: "Quarry Hill", region: "Texas"), unverified),
                (address(line1: "12 Quarry Hill"), .accepted),
                (address(line1: "PO Box"), .accepted),
                (address(region: "Texas"), tax),
                (address(region: "tx"), tax),
                (address(region: "T"), tax),
                (address(region: "TXS"), tax),
                (address(region: "TX"), .accepted),
                (address(region: "Ontario", country: "CA"), .accepted),
                (address(line1: "PO Box 471", region: "HI"), .accepted),
            ]
        )
        func processing(address: Address, expected: WarehouseOutcome) {
            #expect(SimulatedWarehouse.processingOutcome(address) == expected)
        }

        @Test(
            "fulfillment fails for a region the carrier does not reach, a PO box, or too few units on the shelf",
            arguments: [
                (address(), [("MUG-01", 2)], WarehouseOutcome.shipped(trackingNumber: "1ZDF00001001US")),
                (address(region: "HI"), [("MUG-01", 2)], carrier),
                (address(region: "AK"), [("MUG-01", 2)], carrier),
                (address(region: "PR"), [("MUG-01", 2)], carrier),
                (address(line1: "PO Box 471", region: "HI"), [("MUG-01", 2)], carrier),
                (address(region: "HI"), [("MUG-01", 0)], carrier),
                (address(line1: "PO Box 471"), [("MUG-01", 2)], poBox),
                (address(line1: "P.O. Box 12"), [("MUG-01", 2)], poBox),
                (address(line1: "po box 9"), [("MUG-01", 2)], poBox),
                (address(line2: "PO Box 9"), [("MUG-01", 2)], poBox),
                (address(line1: "PO Box 471"), [("MUG-01", 0)], poBox),
                (
                    address(), [("MUG-01", 1)],
                    .failed(
                        code: "stock_unavailable",
                        message: "Not enough stock to pack this order: MUG-01 needs 2, 1 on hand (short by 1).")
                ),
                (
                    address(), [],
                    .failed(
                        code: "stock_unavailable",
                        message: "Not enough stock to pack this order: MUG-01 needs 2, 0 on hand (short by 2).")
                ),
            ]
        )
        func fulfillment(address: Address, stock: [(String, Int)], expected: WarehouseOutcome) {
            #expect(SimulatedWarehouse.fulfillmentOutcome(Self.order(address: address), stock: Self.stock(stock)) == expected)
        }

        @Test("every SKU short is named, in SKU order")
        func severalShortfalls() {
            let order = Self.order(lines: [("TEA-01", 3), ("APR-02", 1), ("MUG-01", 1)])
            #expect(
                SimulatedWarehouse.fulfillmentOutcome(order, stock: Self.stock([("TEA-01", 1), ("APR-02", 0), ("MUG-01", 5)]))
                    == .failed(
                        code: "stock_unavailable",
                        message: "Not enough stock to pack this order: APR-02 needs 1, 0 on hand (short by 1); "
                            + "TEA-01 needs 3, 1 on hand (short by 2)."))
        }

        @Test("the tracking number carries the order number padded to eight digits", arguments: [(7, "1ZDF00000007US"), (123_456_789, "1ZDF123456789US")])
        func trackingNumber(number: Int, tracking: String) {
            #expect(
                SimulatedWarehouse.fulfillmentOutcome(Self.order(number: number), stock: Self.stock([("MUG-01", 2)]))
                    == .shipped(trackingNumber: tracking))
        }

        @Test("a blocked region is blocked however it is typed")
        func blockedRegionCase() {
            #expect(
                SimulatedWarehouse.fulfillmentOutcome(Self.order(address: Self.address(region: "hi")), stock: Self.stock([("MUG-01", 2)]))
                    == Self.carrier)
        }
    }
}
