/// A type a template can read names from: a page view model, or any struct inside one. Its field table says, once,
/// which names exist and how to read each with its type, so templates compile against it at start-up and a page
/// reads its values directly, without reflection or looking names up while it renders.
public protocol TemplateScope: SendableMetatype {
    static var templateFields: TemplateFields<Self> { get }
}

/// The names a template may use on `Root`, each with a typed way to read it.
public struct TemplateFields<Root>: Sendable, ExpressibleByDictionaryLiteral {
    let byName: [String: TemplateField<Root>]

    public init(dictionaryLiteral elements: (String, TemplateField<Root>)...) {
        self.byName = Dictionary(uniqueKeysWithValues: elements)
    }
}

/// How one name of `Root` is read. Pick the factory by the field's type; optional fields read as missing when nil,
/// as they do in swift-mustache.
public struct TemplateField<Root>: Sendable {
    let value: TemplateValue<Root>
    /// A field that can be nil: swift-mustache then keeps looking for the name further out, so the compiled
    /// template does too.
    var mayBeAbsent = false

    /// Text, escaped on output; as a section, present when not nil (even when empty).
    public static func text(_ read: @escaping @Sendable (Root) -> String) -> Self { .init(value: .text { read($0) }) }
    public static func text(_ read: @escaping @Sendable (Root) -> String?) -> Self { .init(value: .text(read), mayBeAbsent: true) }
    /// A whole number, written in decimal.
    public static func number(_ read: @escaping @Sendable (Root) -> Int) -> Self { .init(value: .number { read($0) }) }
    public static func number(_ read: @escaping @Sendable (Root) -> Int?) -> Self { .init(value: .number(read), mayBeAbsent: true) }
    public static func number(_ read: @escaping @Sendable (Root) -> Int64) -> Self { .init(value: .number { Int(read($0)) }) }
    public static func number(_ read: @escaping @Sendable (Root) -> Int64?) -> Self {
        .init(value: .number { read($0).map(Int.init) }, mayBeAbsent: true)
    }
    /// A yes/no that opens a section without entering a new scope; written out as `true` or `false`.
    public static func flag(_ read: @escaping @Sendable (Root) -> Bool) -> Self { .init(value: .flag { read($0) }) }
    /// A struct whose own names a section opens.
    public static func scope<Child: TemplateScope>(_ read: @escaping @Sendable (Root) -> Child) -> Self {
        .init(value: .scope(ScopeRead<Root, Child>(read: { read($0) })))
    }
    public static func scope<Child: TemplateScope>(_ read: @escaping @Sendable (Root) -> Child?) -> Self {
        .init(value: .scope(ScopeRead<Root, Child>(read: read)), mayBeAbsent: true)
    }
    /// A list a section repeats for each element; an empty list is false.
    public static func list<Element: TemplateScope>(_ read: @escaping @Sendable (Root) -> [Element]) -> Self {
        .init(value: .list(ListRead<Root, Element>(read: { read($0) })))
    }
}

/// What a name reads, by kind. Dotted names compose reads, and any step can come out nil.
enum TemplateValue<Root>: Sendable {
    case text(@Sendable (Root) -> String?)
    case number(@Sendable (Root) -> Int?)
    case flag(@Sendable (Root) -> Bool?)
    case scope(any ScopeValue<Root>)
    case list(any ListValue<Root>)

    /// The same value read from `Outer`, through `step`, which gives the `Root` it lives in.
    func reached<Outer>(through step: @escaping @Sendable (Outer) -> Root?) -> TemplateValue<Outer> {
        switch self {
        case .text(let read): .text { step($0).flatMap(read) }
        case .number(let read): .number { step($0).flatMap(read) }
        case .flag(let read): .flag { step($0).flatMap(read) }
        case .scope(let scope): .scope(scope.reached(through: step))
        case .list(let list): .list(list.reached(through: step))
        }
    }
}

/// A read of a `TemplateScope` value, with its type kept so a section's body can compile against it.
protocol ScopeValue<Root>: Sendable {
    associatedtype Root
    associatedtype Child: TemplateScope
    var read: @Sendable (Root) -> Child? { get }
    func reached<Outer>(through step: @escaping @Sendable (Outer) -> Root?) -> any ScopeValue<Outer>
}

struct ScopeRead<Root, Child: TemplateScope>: ScopeValue {
    let read: @Sendable (Root) -> Child?

    func reached<Outer>(through step: @escaping @Sendable (Outer) -> Root?) -> any ScopeValue<Outer> {
        let read = self.read
        return ScopeRead<Outer, Child>(read: { step($0).flatMap(read) })
    }
}

/// A read of a list of `TemplateScope` values.
protocol ListValue<Root>: Sendable {
    associatedtype Root
    associatedtype Element: TemplateScope
    var read: @Sendable (Root) -> [Element]? { get }
    func reached<Outer>(through step: @escaping @Sendable (Outer) -> Root?) -> any ListValue<Outer>
}

struct ListRead<Root, Element: TemplateScope>: ListValue {
    let read: @Sendable (Root) -> [Element]?

    func reached<Outer>(through step: @escaping @Sendable (Outer) -> Root?) -> any ListValue<Outer> {
        let read = self.read
        return ListRead<Outer, Element>(read: { step($0).flatMap(read) })
    }
}

/// Text and numbers can be a section's scope too (`{{#note}}…{{.}}…{{/note}}`), where `.` reads them.
extension String: TemplateScope {
    public static let templateFields: TemplateFields<String> = [".": .text { $0 }]
}

extension Int: TemplateScope {
    public static let templateFields: TemplateFields<Int> = [".": .number { $0 }]
}
