import Foundation
import Testing

@testable import DeskflowDomain

@Suite("Resolution forms")
struct ResolutionFormsTests {
    // MARK: Mark as paid

    @Test("a payment reference is required, trimmed, and at most 100 characters")
    func markPaidReference() throws {
        #expect(try MarkPaidForm.validate(reference: "  BT-2024-118 ").get() == "BT-2024-118")
        #expect(try MarkPaidForm.validate(reference: String(repeating: "R", count: 100)).get().count == 100)
        let required = [FieldError(field: "reference", message: "Enter the payment reference.")]
        #expect(MarkPaidForm.validate(reference: "") == .failure(FormErrors(required)))
        #expect(MarkPaidForm.validate(reference: " \t ") == .failure(FormErrors(required)))
        #expect(
            MarkPaidForm.validate(reference: String(repeating: "R", count: 101))
                == .failure(FormErrors([FieldError(
                    field: "reference", message: "The payment reference must be 100 characters or fewer; it has 101.")])))
        #expect(
            MarkPaidForm.validate(reference: "BT\u{0}1")
                == .failure(FormErrors([FieldError(
                    field: "reference", message: "The payment reference contains characters that cannot be used.")])))
    }

    // MARK: Writing to the customer

    static func messageErrors(_ form: CustomerMessageForm) -> [FieldError] {
        guard case .failure(let errors) = form.validate() else { return [] }
        return errors.errors
    }

    @Test("a message is trimmed and keeps the line breaks of its body")
    func validMessage() throws {
        let message = try CustomerMessageForm(subject: "  Your order ", body: "\nHello,\n\nIt ships today.\n ").validate().get()
        #expect(message == CustomerMessageForm(subject: "Your order", body: "Hello,\n\nIt ships today."))
    }

    @Test(
        "subject and body are required",
        arguments: [
            ("", "Body", ["subject"]), ("Subject", "", ["body"]), ("", "", ["subject", "body"]), ("  ", "\n\n", ["subject", "body"]),
        ]
    )
    func requiredMessageFields(subject: String, body: String, fields: [String]) {
        let errors = Self.messageErrors(CustomerMessageForm(subject: subject, body: body))
        #expect(errors.map(\.field) == fields)
        #expect(errors.first?.message == (fields.first == "subject" ? "Enter the subject." : "Enter the message."))
    }

    @Test("the subject is at most 150 characters and the body at most 5,000")
    func messageLengths() {
        #expect(Self.messageErrors(CustomerMessageForm(
            subject: String(repeating: "s", count: 150), body: String(repeating: "b", count: 5_000))) == [])
        #expect(
            Self.messageErrors(CustomerMessageForm(
                subject: String(repeating: "s", count: 151), body: String(repeating: "b", count: 5_001)))
                == [
                    FieldError(field: "subject", message: "The subject must be 150 characters or fewer; it has 151."),
                    FieldError(field: "body", message: "The message must be 5000 characters or fewer; it has 5001."),
                ])
    }

    static func order(issue: IssueKind?) -> Order {
        var order = Order.fixture(
            number: 1287, status: issue == .paymentFailed ? .pending : .processing,
            payment: issue == .paymentFailed ? .failed : .paid, issue: issue)
        order.shippingAddress = Address(
            name: "Jane Doe", line1: "Quarry Hill", city: "Denver", region: "CO", postalCode: "80202", country: "US")
        return order
    }

    @Test(
        "the prefilled message greets the customer, names the order and is about its failure",
        arguments: [
            (IssueKind?.some(.paymentFailed), "Action needed: payment for order #1287", ["could not take payment", "$52.00"]),
            (.processingError, "Please check the shipping address for order #1287", ["Quarry Hill", "Denver CO 80202", "correct address"]),
            (.fulfillmentFailed, "An update on your order #1287", ["delayed", "shipping"]),
            (.refundFailed, "About your refund for order #1287", ["refund", "did not go through"]),
            (nil, "About your order #1287", []),
        ]
    )
    func prefilled(issue: IssueKind?, subject: String, mentions: [String]) throws {
        let form = CustomerMessageForm.prefilled(for: Self.order(issue: issue))
        #expect(form.subject == subject)
        #expect(form.body.hasPrefix("Hello Jane Doe,\n\n"))
        #expect(form.body.hasSuffix("If you have any questions, reply to this email."))
        if issue != nil { #expect(form.body.contains("#1287")) }
        for phrase in mentions { #expect(form.body.contains(phrase), "\(phrase)") }
        // and it can be sent as it is
        #expect(try form.validate().get() == form)
    }

    @Test("each failure's prefilled message is about a different topic")
    func prefilledTopicsDiffer() {
        let subjects = Set(IssueKind.allCases.map { CustomerMessageForm.prefilled(for: Self.order(issue: $0)).subject })
        #expect(subjects.count == IssueKind.allCases.count)
    }

    @Test("the payment method request names the order, the amount and the card that failed")
    func paymentMethodRequest() throws {
        let form = CustomerMessageForm.paymentMethodRequest(for: Self.order(issue: .paymentFailed))
        #expect(form.subject == "Please update your payment method for order #1287")
        #expect(form.body.hasPrefix("Hello Jane Doe,\n\n"))
        #expect(form.body.contains("We could not take payment of $52.00 for your order #1287 with Visa •••• 4242."))
        #expect(try form.validate().get() == form)
    }

    @Test("without a card on file, the request speaks of the card the customer gave")
    func paymentMethodRequestWithoutCard() {
        var order = Self.order(issue: .paymentFailed)
        order.payment.method = nil
        #expect(CustomerMessageForm.paymentMethodRequest(for: order).body.contains("with the card you gave us."))
    }
}
