import Mustache

/// A page view model turned, once, into the dictionaries and arrays swift-mustache looks names up in directly.
/// Given a struct, swift-mustache reflects it with `Mirror` on every `{{name}}` — and again for each enclosing
/// context when a name lives further out — which made reflection most of the cost of a 50-row page.
enum TemplateContext {
    /// The context for `value`, or nil for an absent optional: a missing name and a nil one read the same.
    static func of(_ value: Any) -> Any? {
        switch value {
        case is String, is Bool, is Int, is Int64, is Double, is MustacheParent, is MustacheLambda:
            return value
        case let optional as any OptionalBox:
            return optional.content.flatMap(of)
        case let array as [Any]:
            return array.compactMap(of)
        default:
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .struct || mirror.displayStyle == .class else { return value }
            var fields: [String: Any] = [:]
            fields.reserveCapacity(Int(mirror.children.count))
            for case (let label?, let child) in mirror.children {
                fields[label] = of(child)
            }
            return fields
        }
    }
}

/// Lets an optional be recognised by a cast, cheaper than asking a `Mirror` for its display style.
private protocol OptionalBox {
    var content: Any? { get }
}

extension Optional: OptionalBox {
    fileprivate var content: Any? { map { $0 } }
}
