/// One problem with one form field: the field's name (also its element id) and the sentence shown beside it
/// and in the error summary.
public struct FieldError: Hashable, Sendable {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// A form that could not be turned into a command; every problem at once, in the order of the fields.
public struct FormErrors: Error, Hashable, Sendable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }

    public func message(for field: String) -> String? {
        errors.first { $0.field == field }?.message
    }
}
