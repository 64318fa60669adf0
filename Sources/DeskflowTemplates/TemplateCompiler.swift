/// Turns parsed templates into `TemplateOp`s against the field tables of the view models. Every name is resolved
/// here, once, to the frame that holds it and a typed read; a name no frame has stops compilation.
struct TemplateCompiler {
    let templates: TemplateSources
    var frames: [any CompileFrame]
    /// Partials being expanded, innermost last, to refuse a partial that includes itself.
    var expanding: [String] = []

    /// One "render call" in swift-mustache's terms: a template, a section's body, a partial or a block, each indented
    /// as a whole when shown inside an indented partial.
    func compileCall(_ nodes: [TemplateNode], indentation: String, overrides: [String: [TemplateNode]]) throws -> [TemplateOp] {
        var ops: [TemplateOp] = []
        var pending: [UInt8] = []
        func flush() {
            if !pending.isEmpty { ops.append(.bytes(pending)) }
            pending = []
        }
        for node in nodes {
            switch node {
            case .text(let text):
                pending.append(contentsOf: Array(text.utf8))
                // Indentation goes before each piece that starts a line, and each line of text is its own piece.
                if !indentation.isEmpty { flush() }
            case .variable(let tag):
                flush()
                ops.append(try variable(tag))
            case .section(let tag, let inverted, let body):
                flush()
                ops.append(try section(tag, inverted: inverted, body: body, indentation: indentation, overrides: overrides))
            case .partial(let tag, let partialIndentation, let partialOverrides):
                flush()
                ops.append(contentsOf: try partial(
                    tag, indentation: indentation + (partialIndentation ?? ""),
                    overrides: overrides.merging(partialOverrides ?? [:]) { outer, _ in outer }))
            case .block(let tag, let blockIndentation, let fallback):
                flush()
                ops.append(contentsOf: try compileCall(
                    overrides[tag.name] ?? fallback, indentation: indentation + blockIndentation, overrides: overrides))
            case .blockOverride(let tag, _):
                throw TemplateError(tag, "{{$\(tag.name)}} overrides a block but is not inside {{< }}")
            }
        }
        flush()
        if indentation.isEmpty { return ops }
        return [.indented(Array(indentation.utf8), ops)]
    }

    private func partial(
        _ tag: TemplateTag, indentation: String, overrides: [String: [TemplateNode]]
    ) throws -> [TemplateOp] {
        guard !expanding.contains(tag.name) else {
            throw TemplateError(tag, "partial \(tag.name) includes itself")
        }
        let nodes = try templates.nodes(tag.name, includedAt: tag)
        var inner = self
        inner.expanding.append(tag.name)
        return try inner.compileCall(nodes, indentation: indentation, overrides: overrides)
    }

    // MARK: - Names

    private func variable(_ tag: TemplateTag) throws -> TemplateOp {
        let probes = try candidates(tag).map { try $0.variable() }
        return .step { state in
            for probe in probes where probe(&state) { return }
        }
    }

    private func section(
        _ tag: TemplateTag, inverted: Bool, body: [TemplateNode], indentation: String,
        overrides: [String: [TemplateNode]]
    ) throws -> TemplateOp {
        let compileBody = { (entered: (any CompileFrame)?) throws -> [TemplateOp] in
            var inner = self
            if let entered { inner.frames.append(entered) }
            return try inner.compileCall(body, indentation: indentation, overrides: overrides)
        }
        let probes = try candidates(tag).map { try $0.section(inverted: inverted, body: compileBody) }
        // An inverted section shows when the name is found nowhere, as swift-mustache does for a missing value.
        let whenMissing: [TemplateOp] = inverted ? try compileBody(nil) : []
        return .step { state in
            for probe in probes where probe(&state) { return }
            whenMissing.run(&state)
        }
    }

    /// Where a name can come from, innermost first. swift-mustache walks the stack at render time and passes over a
    /// frame whose value is nil; a frame whose field is never nil ends the walk.
    private func candidates(_ tag: TemplateTag) throws -> [any NameCandidate] {
        let path = tag.path
        guard let innermost = frames.indices.last else { throw TemplateError(tag, "no model to read {{\(tag.name)}} from") }
        if path.isEmpty {
            guard let candidate = try frames[innermost].candidate(tag, path: path, depth: innermost) else {
                throw TemplateError(tag, "{{.}} needs text or a number here, not \(frames[innermost].typeName)")
            }
            return [candidate]
        }
        var found: [any NameCandidate] = []
        for depth in frames.indices.reversed() {
            guard let candidate = try frames[depth].candidate(tag, path: path, depth: depth) else { continue }
            found.append(candidate)
            if !candidate.mayBeAbsent { break }
        }
        guard !found.isEmpty else {
            let scopes = frames.reversed().map(\.typeName).joined(separator: ", ")
            throw TemplateError(tag, "no name \(path[0]) in \(scopes)")
        }
        return found
    }
}

/// A frame's type as the compiler sees it.
protocol CompileFrame {
    var typeName: String { get }
    /// How `path` reads from this frame, or nil when the frame has no field named by its first part.
    func candidate(_ tag: TemplateTag, path: [String], depth: Int) throws -> (any NameCandidate)?
}

struct Frame<Value: TemplateScope>: CompileFrame {
    var typeName: String { String(describing: Value.self) }

    func candidate(_ tag: TemplateTag, path: [String], depth: Int) throws -> (any NameCandidate)? {
        guard let field = Value.templateFields.byName[path.first ?? "."] else { return nil }
        var value = field.value
        var typeName = self.typeName
        for part in path.dropFirst() {
            (value, typeName) = try Self.descend(value, into: part, of: typeName, tag: tag)
        }
        return Candidate<Value>(
            tag: tag, depth: depth, presence: field.value.presence, value: value, mayBeAbsent: field.mayBeAbsent)
    }

    private static func descend(
        _ value: TemplateValue<Value>, into part: String, of typeName: String, tag: TemplateTag
    ) throws -> (TemplateValue<Value>, String) {
        guard case .scope(let scope) = value else {
            throw TemplateError(tag, "{{\(tag.name)}}: the part before \(part) is not a group of names")
        }
        func child<Scope: ScopeValue<Value>>(_ scope: Scope) throws -> (TemplateValue<Value>, String) {
            let childName = String(describing: Scope.Child.self)
            guard let field = Scope.Child.templateFields.byName[part] else {
                throw TemplateError(tag, "no name \(part) in \(childName)")
            }
            return (field.value.reached(through: scope.read), childName)
        }
        return try child(scope)
    }
}

extension TemplateValue {
    /// Whether a frame has this value at all: swift-mustache moves on to outer frames when it does not.
    var presence: @Sendable (Root) -> Bool {
        switch self {
        case .text(let read): { read($0) != nil }
        case .number(let read): { read($0) != nil }
        case .flag(let read): { read($0) != nil }
        case .scope(let scope): scope.isPresent
        case .list(let list): list.isPresent
        }
    }
}

extension ScopeValue {
    var isPresent: @Sendable (Root) -> Bool {
        let read = self.read
        return { read($0) != nil }
    }
}

extension ListValue {
    var isPresent: @Sendable (Root) -> Bool {
        let read = self.read
        return { read($0) != nil }
    }
}

/// A run-time check-and-use of one candidate: true when it found its name, so no outer frame is tried.
typealias NameProbe = @Sendable (inout RenderState) -> Bool

protocol NameCandidate {
    var mayBeAbsent: Bool { get }
    func variable() throws -> NameProbe
    func section(inverted: Bool, body: ((any CompileFrame)?) throws -> [TemplateOp]) throws -> NameProbe
}

/// A name read from the frame at `depth`, whose type is `Owner`.
struct Candidate<Owner>: NameCandidate {
    let tag: TemplateTag
    let depth: Int
    let presence: @Sendable (Owner) -> Bool
    let value: TemplateValue<Owner>
    let mayBeAbsent: Bool

    func variable() throws -> NameProbe {
        switch value {
        case .text(let read):
            return checked { owner, state in if let text = read(owner.value) { state.output.writeHTMLEscaped(text) } }
        case .number(let read):
            return checked { owner, state in if let number = read(owner.value) { state.output.writeString(String(number)) } }
        case .flag(let read):
            return checked { owner, state in if let flag = read(owner.value) { state.output.writeString(flag ? "true" : "false") } }
        case .scope, .list:
            throw TemplateError(tag, "{{\(tag.name)}} is a group or a list; open it as a section to show its names")
        }
    }

    func section(inverted: Bool, body compile: ((any CompileFrame)?) throws -> [TemplateOp]) throws -> NameProbe {
        switch (value, inverted) {
        case (.text(let read), false):
            let body = try compile(Frame<String>())
            return checked { owner, state in
                if let text = read(owner.value) { state.entering(text) { body.run(&$0) } }
            }
        case (.number(let read), false):
            let body = try compile(Frame<Int>())
            return checked { owner, state in
                if let number = read(owner.value) { state.entering(number) { body.run(&$0) } }
            }
        case (.flag(let read), false):
            let body = try compile(nil)
            return checked { owner, state in if read(owner.value) == true { body.run(&state) } }
        case (.scope(let scope), false):
            return try enter(scope, compile)
        case (.list(let list), false):
            return try repeatEach(list, compile)
        case (.text(let read), true):
            let body = try compile(nil)
            return checked { owner, state in if read(owner.value) == nil { body.run(&state) } }
        case (.number(let read), true):
            let body = try compile(nil)
            return checked { owner, state in if read(owner.value) == nil { body.run(&state) } }
        case (.flag(let read), true):
            let body = try compile(nil)
            return checked { owner, state in if read(owner.value) != true { body.run(&state) } }
        case (.scope(let scope), true):
            let body = try compile(nil)
            let present = scope.isPresent
            return checked { owner, state in if !present(owner.value) { body.run(&state) } }
        case (.list(let list), true):
            let body = try compile(nil)
            let isEmpty = list.isEmptyOrAbsent
            return checked { owner, state in if isEmpty(owner.value) { body.run(&state) } }
        }
    }

    private func enter<Scope: ScopeValue<Owner>>(
        _ scope: Scope, _ compile: ((any CompileFrame)?) throws -> [TemplateOp]
    ) throws -> NameProbe {
        let body = try compile(Frame<Scope.Child>())
        let read = scope.read
        return checked { owner, state in
            if let child = read(owner.value) { state.entering(child) { body.run(&$0) } }
        }
    }

    private func repeatEach<List: ListValue<Owner>>(
        _ list: List, _ compile: ((any CompileFrame)?) throws -> [TemplateOp]
    ) throws -> NameProbe {
        let body = try compile(Frame<List.Element>())
        let read = list.read
        return checked { owner, state in
            if let elements = read(owner.value) { state.entering(each: elements) { body.run(&$0) } }
        }
    }

    /// Wraps a use of the value: finds the owner frame, and for a field that can be nil first checks it is there.
    private func checked(_ use: @escaping @Sendable (FrameBox<Owner>, inout RenderState) -> Void) -> NameProbe {
        let depth = depth
        if mayBeAbsent {
            let presence = presence
            return { state in
                let owner = state.frame(depth, as: Owner.self)
                guard presence(owner.value) else { return false }
                use(owner, &state)
                return true
            }
        }
        return { state in
            use(state.frame(depth, as: Owner.self), &state)
            return true
        }
    }
}

extension ListValue {
    var isEmptyOrAbsent: @Sendable (Root) -> Bool {
        let read = self.read
        return { read($0)?.isEmpty ?? true }
    }
}
