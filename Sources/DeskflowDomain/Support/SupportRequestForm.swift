import Foundation

/// Asking support for help with a failed order: a subject and a body, both prefilled from the order.
public struct SupportRequestForm: Hashable, Sendable {
    /// Room for the diagnostics of a large order with a long history, with the manager's own words added.
    public static let maximumBodyLength = 20_000

    public var subject: String
    public var body: String

    public init(subject: String, body: String) {
        self.subject = subject
        self.body = body
    }

    public enum Fields {
        public static let subject = TextField("subject", label: "Subject", maximumLength: 200)
        public static let body = TextField("body", label: "Message", maximumLength: maximumBodyLength, multiline: true)
    }

    public func validate() -> Result<SupportRequestForm, FormErrors> {
        var errors: [FieldError] = []
        let subject = Fields.subject.check(self.subject, into: &errors)
        let body = Fields.body.check(self.body, into: &errors)
        guard let subject, let body else { return .failure(FormErrors(errors)) }
        return .success(SupportRequestForm(subject: subject, body: body))
    }

    /// The form as it opens: the failure in the subject, the diagnostics in the body, for the manager to add to.
    public static func prefilled(
        for order: Order, timeline: [OrderEvent], orderPath: String, time: (Date) -> String
    ) -> SupportRequestForm {
        SupportRequestForm(
            subject: SupportDiagnostics.subject(for: order),
            body: SupportDiagnostics.body(for: order, timeline: timeline, orderPath: orderPath, time: time))
    }
}
