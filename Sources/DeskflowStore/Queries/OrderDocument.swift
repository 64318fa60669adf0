import DeskflowDomain
import Foundation

/// An order as the storefront sees it: the body of `GET /api/v1/orders/{number}` and the `data.order` of every
/// webhook event. Field names are the contract of DESIGN §4c and `Resources/openapi.yaml`; money is in minor units.
public struct OrderDocument: Codable, Hashable, Sendable {
    public struct Issue: Codable, Hashable, Sendable {
        public var kind: String
        public var code: String
        public var message: String
    }

    public struct Line: Codable, Hashable, Sendable {
        public var sku: String
        public var name: String
        public var quantity: Int
        public var unitPriceMinor: Int64

        enum CodingKeys: String, CodingKey {
            case sku, name, quantity
            case unitPriceMinor = "unit_price_minor"
        }
    }

    public struct Refund: Codable, Hashable, Sendable {
        public var id: Int64
        public var amountMinor: Int64
        public var state: String

        enum CodingKeys: String, CodingKey {
            case id, state
            case amountMinor = "amount_minor"
        }
    }

    public struct Payment: Codable, Hashable, Sendable {
        public var provider: String
        public var reference: String?
    }

    public var number: Int
    public var placedAt: Date
    public var updatedAt: Date
    public var status: String
    public var paymentStatus: String
    public var fulfillmentStatus: String
    public var issue: Issue?
    public var currency: String
    public var customer: StorefrontCustomer
    public var shippingAddress: StorefrontAddress
    public var lines: [Line]
    public var subtotalMinor: Int64
    public var shippingMinor: Int64
    public var taxMinor: Int64
    public var totalMinor: Int64
    public var capturedMinor: Int64
    public var refundedMinor: Int64
    public var refundableMinor: Int64
    public var refunds: [Refund]
    public var payment: Payment
    public var trackingNumber: String?
    public var version: Int

    enum CodingKeys: String, CodingKey {
        case number, status, issue, currency, customer, lines, refunds, payment, version
        case placedAt = "placed_at"
        case updatedAt = "updated_at"
        case paymentStatus = "payment_status"
        case fulfillmentStatus = "fulfillment_status"
        case shippingAddress = "shipping_address"
        case subtotalMinor = "subtotal_minor"
        case shippingMinor = "shipping_minor"
        case taxMinor = "tax_minor"
        case totalMinor = "total_minor"
        case capturedMinor = "captured_minor"
        case refundedMinor = "refunded_minor"
        case refundableMinor = "refundable_minor"
        case trackingNumber = "tracking_number"
    }

    public init(_ snapshot: OrderSnapshot, updatedAt: Date) {
        let order = snapshot.order
        number = order.number
        placedAt = order.placedAt
        self.updatedAt = updatedAt
        status = order.status.rawValue
        paymentStatus = order.paymentStatus.rawValue
        fulfillmentStatus = order.fulfillmentStatus.rawValue
        issue = order.issue.map { Issue(kind: $0.kind.rawValue, code: $0.code, message: $0.message) }
        currency = order.currency.code
        customer = StorefrontCustomer(name: order.customer.name, email: order.customer.email)
        shippingAddress = StorefrontAddress(order.shippingAddress)
        lines = order.lines.map { Line(sku: $0.sku, name: $0.name, quantity: $0.quantity, unitPriceMinor: $0.unitPrice.minorUnits) }
        subtotalMinor = order.totals.subtotal.minorUnits
        shippingMinor = order.totals.shipping.minorUnits
        taxMinor = order.totals.tax.minorUnits
        totalMinor = order.totals.total.minorUnits
        capturedMinor = order.payment.captured.minorUnits
        refundedMinor = order.payment.refunded.minorUnits
        refundableMinor = order.payment.refundable.minorUnits
        refunds = snapshot.refunds.map { Refund(id: $0.id, amountMinor: $0.amount.minorUnits, state: $0.state.rawValue) }
        payment = Payment(provider: order.payment.provider.rawValue, reference: order.payment.reference)
        trackingNumber = order.trackingNumber
        version = order.version
    }

    /// The one JSON form of documents and the envelopes around them: keys sorted, dates in ISO 8601 UTC with
    /// whole seconds, so the same order always encodes to the same bytes.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// Where a listing of changed orders goes on from: the last order of the page before, by when it changed, exactly
/// as stored (a rounded date could skip or repeat an order that changed in the same millisecond).
///
/// `updatedAt` is the engine's own text of the moment; the engine compares it as it stored it.
public struct OrderChangeCursor: Hashable, Sendable {
    package let updatedAt: String
    package let orderID: Int64

    /// The cursor as text a client can hand back.
    public var token: String { "\(updatedAt)|\(orderID)" }

    /// A cursor read back from its `token`, or `nil` when the text is not one.
    public init?(token: String) {
        let parts = token.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 2, let id = Int64(parts[1]), id > 0, Self.isMoment(parts[0]) else { return nil }
        updatedAt = String(parts[0])
        orderID = id
    }

    package init(updatedAt: String, orderID: Int64) {
        self.updatedAt = updatedAt
        self.orderID = orderID
    }

    /// Whether `text` is a moment as the engines write one, "2026-11-27 12:00:00.000" (a `T` for the space and up to
    /// six decimals accepted), naming a real day and time: a made-up cursor is refused here, before any engine
    /// compares it as text or casts it to a timestamp.
    private static func isMoment(_ text: Substring) -> Bool {
        let characters = Array(text.utf8)
        guard (19...26).contains(characters.count), characters.allSatisfy({ $0 < 128 }) else { return false }
        func number(_ range: Range<Int>) -> Int? {
            Int(String(decoding: characters[range], as: UTF8.self)).flatMap { value in
                characters[range].allSatisfy { (48...57).contains($0) } ? value : nil
            }
        }
        guard characters[4] == UInt8(ascii: "-"), characters[7] == UInt8(ascii: "-"),
            characters[10] == UInt8(ascii: " ") || characters[10] == UInt8(ascii: "T"),
            characters[13] == UInt8(ascii: ":"), characters[16] == UInt8(ascii: ":"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), hour < 24, minute < 60, second < 60
        else { return false }
        if characters.count > 19 {
            guard characters[19] == UInt8(ascii: "."), characters.count > 20, number(20..<characters.count) != nil else {
                return false
            }
        }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...daysInMonth).contains(day)
    }
}
