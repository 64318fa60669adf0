/// Why the storefront API refused a request, as its JSON error says it: a stable `code` a storefront can act on,
/// the field it is about (dotted, with list indexes: `lines[0].quantity`), and a sentence for a person.
public struct StorefrontRefusal: Error, Hashable, Sendable {
    public var code: String
    public var field: String?
    public var message: String

    public init(code: String, field: String?, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    static func invalid(_ field: String, _ message: String) -> StorefrontRefusal {
        StorefrontRefusal(code: "invalid_field", field: field, message: message)
    }
}
