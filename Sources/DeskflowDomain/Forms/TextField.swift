/// Checks for a typed text field: trimmed, required or not, and a maximum length.
public struct TextField: Sendable {
    public var name: String
    public var label: String
    public var required: Bool
    public var maximumLength: Int
    /// Only a multi-line field (a message body) may hold line breaks and tabs.
    public var multiline: Bool

    public init(_ name: String, label: String, required: Bool = true, maximumLength: Int = 100, multiline: Bool = false) {
        self.name = name
        self.label = label
        self.required = required
        self.maximumLength = maximumLength
        self.multiline = multiline
    }

    /// The trimmed value, or `nil` after adding the field's error to `errors`.
    public func check(_ raw: String, into errors: inout [FieldError]) -> String? {
        let value = raw.trimmingWhitespace()
        if required, value.isEmpty {
            errors.append(FieldError(field: name, message: "Enter the \(label.lowercased())."))
            return nil
        }
        if value.count > maximumLength {
            errors.append(FieldError(
                field: name, message: "The \(label.lowercased()) must be \(maximumLength) characters or fewer; it has \(value.count)."))
            return nil
        }
        let allowed: Set<Unicode.Scalar> = multiline ? ["\n", "\r", "\t"] : []
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }) {
            errors.append(FieldError(field: name, message: "The \(label.lowercased()) contains characters that cannot be used."))
            return nil
        }
        return value
    }

    /// The one field on its own: its trimmed value, or its error.
    public func validate(_ raw: String) -> Result<String, FormErrors> {
        var errors: [FieldError] = []
        guard let value = check(raw, into: &errors) else { return .failure(FormErrors(errors)) }
        return .success(value)
    }
}
