import Foundation
import Testing

@testable import DeskflowDomain

/// Contact support: which failures it hands over, the support address, the form, the diagnostics it is prefilled
/// with, and the change that queues it.
@Suite("Contact support")
struct SupportRequestTests {
    static let support = SupportAddress("support@example.com")!
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    /// Minutes after the failure began, as the diagnostics print them in these tests.
    static func at(_ minutes: Double) -> Date { start.addingTimeInterval(minutes * 60) }
    static func time(_ date: Date) -> String { "t+\(Int(date.timeIntervalSince(start) / 60))m" }

    static func event(_ kind: OrderEventKind, _ minutes: Double, _ summary: String, actor: String = "Maria Manager") -> OrderEvent {
        OrderEvent(kind: kind, actor: actor, summary: summary, amount: nil, occurredAt: at(minutes))
    }

    /// An order with a processing error first seen at `start`, after `attempts` attempts.
    static func processingError(attempts: Int = 3) -> Order {
        var order = Order.fixture(number: 1042, status: .processing, payment: .authorized, issue: .processingError)
        order.issue = OrderIssue(
            kind: .processingError, code: "tax_calculation_failed", message: "The tax service could not rate region ZZ.",
            since: start, attempts: attempts)
        order.placedAt = at(-60)
        return order
    }

    /// An order with this failure that is still open: a refund that failed after shipping, not after cancelling.
    static func failed(_ kind: IssueKind) -> Order {
        kind == .refundFailed
            ? .fixture(status: .fulfilled, payment: .paid, fulfillment: .fulfilled, issue: kind)
            : ResolutionRulesTests.failed(kind)
    }

    // MARK: Availability

    @Test(
        "only a processing error or a failed fulfillment is handed to support, and only with an address",
        arguments: [
            (IssueKind?.some(.processingError), true, ActionAvailability.available),
            (.fulfillmentFailed, true, .available),
            (.processingError, false, .unavailable(SupportAddress.notConfigured)),
            (.fulfillmentFailed, false, .unavailable(SupportAddress.notConfigured)),
            (.paymentFailed, true, .unavailable("Only a processing error or a failed fulfillment is handed to support.")),
            (.refundFailed, true, .unavailable("Only a processing error or a failed fulfillment is handed to support.")),
            (nil, true, .unavailable("Only a processing error or a failed fulfillment is handed to support.")),
            // the order's own reason comes first: setting an address would not help
            (nil, false, .unavailable("Only a processing error or a failed fulfillment is handed to support.")),
        ])
    func availability(issue: IssueKind?, configured: Bool, expected: ActionAvailability) {
        let order = issue.map { Self.failed($0) } ?? .fixture()
        #expect(OrderAction.contactSupport.availability(for: order, support: configured ? Self.support : nil) == expected)
    }

    @Test("a cancelled order is not handed to support")
    func cancelled() {
        let order = Order.fixture(status: .cancelled, payment: .refunded)
        #expect(OrderAction.contactSupport.availability(for: order, support: Self.support) == .unavailable("The order is cancelled."))
    }

    @Test("every other action is as the order alone says, with or without an address", arguments: OrderAction.allCases)
    func otherActions(action: OrderAction) {
        guard action != .contactSupport else { return }
        for kind in IssueKind.allCases {
            let order = ResolutionRulesTests.failed(kind)
            #expect(action.availability(for: order, support: nil) == action.availability(for: order))
            #expect(action.availability(for: order, support: Self.support) == action.availability(for: order))
        }
    }

    // MARK: The support address

    @Test(
        "the support address is one plain address",
        arguments: [
            ("support@example.com", true), ("help.desk+orders@mail.example.co.uk", true), ("a@b.io", true),
            ("", false), ("support", false), ("support@", false), ("@example.com", false), ("support@example", false),
            ("support@@example.com", false), ("a@b@example.com", false), ("support@.example.com", false),
            ("support@example.com.", false), ("support@exa..mple.com", false), (".support@example.com", false),
            ("sup port@example.com", false), ("Support <support@example.com>", false),
            ("support@example.com, boss@example.com", false), ("support@example.com\r\nBcc: x@evil.test", false),
            ("support@example.com\n", false), ("suppört@example.com", false), ("support@exam_ple.com", false),
            (String(repeating: "a", count: 243) + "@example.com", false),
        ])
    func address(text: String, valid: Bool) {
        #expect((SupportAddress(text) != nil) == valid, "\(text)")
    }

    // MARK: The form

    @Test(
        "the form needs a subject and a body, each within its length",
        arguments: [
            ("Order 1042: help", "Details", []),
            ("", "Details", ["subject"]),
            ("Subject", "  \n ", ["body"]),
            ("", "", ["subject", "body"]),
            (String(repeating: "s", count: 201), "Details", ["subject"]),
            ("Subject", String(repeating: "b", count: SupportRequestForm.maximumBodyLength + 1), ["body"]),
            ("Subject\twith a tab", "Details", ["subject"]),
            ("Subject", "Line one\n\tindented\r\nline three", []),
        ])
    func validation(subject: String, body: String, failing: [String]) {
        switch SupportRequestForm(subject: subject, body: body).validate() {
        case .success: #expect(failing.isEmpty)
        case .failure(let errors): #expect(errors.errors.map(\.field) == failing)
        }
    }

    @Test("an over-long subject says how long it may be")
    func overLong() throws {
        let errors = try #require(SupportRequestForm(subject: String(repeating: "s", count: 250), body: "x").validate().failure)
        #expect(errors.message(for: "subject") == "The subject must be 200 characters or fewer; it has 250.")
    }

    // MARK: The diagnostics

    @Test(
        "the subject names the order, the failure and its code",
        arguments: [
            (IssueKind?.some(.processingError), "Order 1042: processing error tax_calculation_failed"),
            (.fulfillmentFailed, "Order 1042: fulfillment failed tax_calculation_failed"),
            (nil, "Order 1042: help needed"),
        ])
    func subject(kind: IssueKind?, expected: String) {
        var order = Self.processingError()
        if let kind { order.issue?.kind = kind } else { order.issue = nil }
        #expect(SupportDiagnostics.subject(for: order) == expected)
    }

    @Test("the body: the order, the failure, every attempt with its time, the address, the lines, and what was tried")
    func body() {
        let timeline = [
            Self.event(.orderPlaced, -60, "Order placed online with 1 item.", actor: "Storefront"),
            Self.event(.processingFailed, 0, "The tax service could not rate region ZY.", actor: "Warehouse"),
            Self.event(.addressUpdated, 5, "Shipping address changed to Jane Doe, 1 Main St, Springfield IL 62701, US."),
            Self.event(.processingFailed, 6, "The tax service could not rate region ZZ.", actor: "Warehouse"),
            Self.event(.customerMessaged, 8, "Emailed jane@example.com: “Please check the shipping address”."),
            Self.event(.processingFailed, 9, "The tax service could not rate region ZZ.", actor: "Warehouse"),
        ]
        // newest first, as the order page reads them: the body puts them in the order they happened
        let body = SupportDiagnostics.body(
            for: Self.processingError(), timeline: timeline.reversed(), orderPath: "/orders/1042", time: Self.time)
        #expect(body == """
            The store could not resolve a failure on order #1042 (processing error) and asks for help.

            Order: #1042 (/orders/1042)
            Placed: t+-60m
            Status: processing; payment authorized; fulfillment unfulfilled

            Failure: Processing error (processing_error)
            Code: tax_calculation_failed
            Message: The tax service could not rate region ZZ.
            Since: t+0m
            Attempts: 3

            Attempt history, oldest first:
            - t+0m · Warehouse · The tax service could not rate region ZY.
            - t+6m · Warehouse · The tax service could not rate region ZZ.
            - t+9m · Warehouse · The tax service could not rate region ZZ.

            Shipping address:
            Jane Doe
            1 Main St
            Springfield IL 62701
            US

            Lines:
            - MUG-01 · Mug · 2 × $20.00 = $40.00
            Total: $52.00 (captured $52.00)

            Already tried:
            - Retried 2 times.
            - t+5m · Maria Manager · Shipping address changed to Jane Doe, 1 Main St, Springfield IL 62701, US.
            - t+8m · Maria Manager · Emailed jane@example.com: “Please check the shipping address”.
            """)
    }

    @Test(
        "what was already tried: the retries, then each fix, message and earlier request since the failure began",
        arguments: [
            // one attempt, nothing done yet
            (1, [OrderEvent](), ["- No retries yet.", "- No address edits, messages to the customer or earlier support requests."]),
            (2, [], ["- Retried once.", "- No address edits, messages to the customer or earlier support requests."]),
            // an address edit before the failure began is not something tried against it
            (
                4,
                [
                    SupportRequestTests.event(.addressUpdated, -10, "Shipping address changed to an old one."),
                    SupportRequestTests.event(.supportRequested, 3, "Asked support (support@example.com) for help: “Order 1042”."),
                    SupportRequestTests.event(.paymentMethodRequested, 4, "Asked jane@example.com for a new payment method."),
                ],
                [
                    "- Retried 3 times.", "- t+3m · Maria Manager · Asked support (support@example.com) for help: “Order 1042”.",
                    "- t+4m · Maria Manager · Asked jane@example.com for a new payment method.",
                ]
            ),
        ])
    func alreadyTried(attempts: Int, timeline: [OrderEvent], expected: [String]) {
        let body = SupportDiagnostics.body(
            for: Self.processingError(attempts: attempts), timeline: timeline, orderPath: "/orders/1042", time: Self.time)
        let section = body.components(separatedBy: "\n\n").last ?? ""
        #expect(section == (["Already tried:"] + expected).joined(separator: "\n"))
    }

    @Test("a long history lists the latest attempts and counts the rest; a failure with none recorded says so")
    func history() {
        let attempts = (0..<25).map { Self.event(.processingFailed, Double($0), "Failure \($0).", actor: "Warehouse") }
        let body = SupportDiagnostics.body(for: Self.processingError(attempts: 25), timeline: attempts, orderPath: "/orders/1042", time: Self.time)
        let section = body.components(separatedBy: "\n\n").first { $0.hasPrefix("Attempt history") } ?? ""
        let lines = section.components(separatedBy: "\n")
        #expect(lines.count == 1 + 1 + SupportDiagnostics.maximumHistory)
        #expect(lines[1] == "- (5 earlier entries left out)")
        #expect(lines[2] == "- t+5m · Warehouse · Failure 5.")
        #expect(lines.last == "- t+24m · Warehouse · Failure 24.")

        let none = SupportDiagnostics.body(for: Self.processingError(), timeline: [], orderPath: "/orders/1042", time: Self.time)
        #expect(none.contains("Attempt history, oldest first:\n- none recorded"))
    }

    @Test("a fulfillment failure's history is its fulfillment attempts, and the prefilled form passes its own checks")
    func fulfillment() throws {
        var order = Self.processingError(attempts: 1)
        order.issue?.kind = .fulfillmentFailed
        order.fulfillmentStatus = .failed
        let timeline = [
            Self.event(.processingFailed, -5, "An older processing failure.", actor: "Warehouse"),
            Self.event(.fulfillmentFailed, 0, "The carrier does not deliver to PO boxes.", actor: "Warehouse"),
        ]
        let form = SupportRequestForm.prefilled(for: order, timeline: timeline, orderPath: "/orders/1042", time: Self.time)
        #expect(form.subject == "Order 1042: fulfillment failed tax_calculation_failed")
        #expect(form.body.contains("Attempt history, oldest first:\n- t+0m · Warehouse · The carrier does not deliver to PO boxes.\n\n"))
        #expect(!form.body.contains("An older processing failure."))
        #expect(form.body.contains("Status: processing; payment authorized; fulfillment failed"))
        #expect(try form.validate().get() == form)
    }

    // MARK: The decision

    @Test("sending queues the request for the support address, replies to the manager, and records it on the timeline")
    func decide() throws {
        let form = SupportRequestForm(subject: "Order 1042: processing error", body: "Diagnostics")
        let change = try Decide.contactSupport(
            form, to: Self.support, replyTo: "maria@example.com", on: DecideTests.snapshot(Self.processingError()))
        var expected = OrderChange()
        expected.supportRequest = SupportRequest(
            to: Self.support, replyTo: "maria@example.com", subject: "Order 1042: processing error", body: "Diagnostics")
        expected.events = [
            EventEntry(.supportRequested, "Asked support (support@example.com) for help: “Order 1042: processing error”.")
        ]
        expected.flash = "Sent to support@example.com. The request is on the order's timeline."
        #expect(change == expected)
    }

    @Test("sending is refused for a failure support does not take", arguments: [IssueKind.paymentFailed, .refundFailed])
    func refused(kind: IssueKind) {
        #expect(throws: OrderRefusal.notAllowed("Only a processing error or a failed fulfillment is handed to support.")) {
            try Decide.contactSupport(
                SupportRequestForm(subject: "s", body: "b"), to: Self.support, replyTo: nil,
                on: DecideTests.snapshot(Self.failed(kind)))
        }
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
