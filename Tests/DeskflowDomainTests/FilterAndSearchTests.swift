import Testing

@testable import DeskflowDomain

@Suite("Orders list filters and search")
struct FilterAndSearchTests {
    @Test(
        "every contract filter value parses and prints back",
        arguments: [
            "all", "needs_attention", "payment_failed", "processing_error", "fulfillment_failed", "refund_failed",
            "pending", "processing", "fulfilled", "cancelled",
        ]
    )
    func roundTrip(value: String) throws {
        let filter = try OrderFilter.parse(value).get()
        #expect(filter.value == value)
    }

    @Test("no value means all; an unknown value is refused with the valid ones", arguments: [nil, ""] as [String?])
    func missingMeansAll(value: String?) {
        #expect(OrderFilter.parse(value) == .success(.all))
    }

    @Test("unknown filter")
    func unknown() {
        let result = OrderFilter.parse("shipped")
        #expect(result == .failure(OrderFilterError(given: "shipped")))
        #expect(OrderFilterError(given: "shipped").message.contains("needs_attention, payment_failed"))
    }

    @Test(
        "filters include the right orders",
        arguments: [
            (OrderFilter.all, OrderStatus.cancelled, nil as IssueKind?, true),
            (.needsAttention, .processing, .processingError, true),
            (.needsAttention, .processing, nil, false),
            (.issue(.refundFailed), .cancelled, .refundFailed, true),
            (.issue(.refundFailed), .cancelled, nil, false),
            (.status(.pending), .pending, .paymentFailed, true),
            (.status(.pending), .processing, nil, false),
        ]
    )
    func includes(filter: OrderFilter, status: OrderStatus, issue: IssueKind?, expected: Bool) {
        #expect(filter.includes(status: status, issue: issue) == expected)
    }

    @Test(
        "search text is trimmed and may be an order number",
        arguments: [
            ("1001", 1001 as Int?), ("#1001", 1001), (" jane ", nil), ("10a", nil), ("#", nil),
            ("1234567890123", nil),
        ]
    )
    func search(raw: String, number: Int?) throws {
        let search = try #require(OrderSearch(raw))
        #expect(search.orderNumber == number)
    }

    @Test(
        "a whole email address is searched as that customer's address; anything less is text",
        arguments: [
            ("jane@example.com", "jane@example.com" as String?), (" Jane.Doe@Example.COM ", "jane.doe@example.com"),
            ("jane@", nil), ("@example.com", nil), ("example.com", nil), ("jane@example", nil),
            ("jane@example.", nil), ("jane@.com", nil), ("a@b@c.com", nil), ("jane doe@example.com", nil),
            ("jane", nil), ("1001", nil),
        ]
    )
    func emailAddress(raw: String, address: String?) throws {
        #expect(try #require(OrderSearch(raw)).emailAddress == address)
    }

    @Test("empty search is no search; long text is cut")
    func emptyAndLong() {
        #expect(OrderSearch("   ") == nil)
        #expect(OrderSearch(nil) == nil)
        #expect(OrderSearch(String(repeating: "a", count: 500))?.text.count == OrderSearch.maximumLength)
    }

    @Test(
        "password policy",
        arguments: [
            ("short", false), ("exactly8", true), (String(repeating: "x", count: 72), true),
            (String(repeating: "x", count: 73), false), (String(repeating: "é", count: 36), true),
            (String(repeating: "é", count: 37), false), ("with\u{0}nul!", false), ("tab\there!", false),
            ("spaces are fine", true),
        ]
    )
    func passwordPolicy(password: String, accepted: Bool) async {
        #expect((try? await PasswordPolicy.check(password).get()) != nil ? accepted : !accepted)
    }
}
