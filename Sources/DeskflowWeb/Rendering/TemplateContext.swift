import Mustache

/// A page view model turned, once, into the dictionaries and arrays swift-mustache looks names up in directly.
/// Given a struct, swift-mustache reflects it with `Mirror` on every `{{name}}` — and again for each enclosing
/// context when a name lives further out — which made reflection most of the cost of a 50-row page.
enum TemplateContext {
    static func of(_ value: Any) -> Any {
        switch value {
        case is String, is Bool, is Int, is Int64, is Double, is MustacheParent, is MustacheLambda:
            return value
        default:
            break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct, .class:
            var fields: [String: Any] = [:]
            for case (let label?, let child) in mirror.children {
                if let present = unwrapped(child) { fields[label] = of(present) }
            }
            return fields
        case .collection, .set:
            return mirror.children.compactMap { unwrapped($0.value) }.map(of)
        case .optional:
            return unwrapped(value).map(of) as Any
        default:
            return value
        }
    }

    /// The value an optional holds, or nil; a missing name and a nil one read the same in a template.
    private static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map(\.value)
    }
}
