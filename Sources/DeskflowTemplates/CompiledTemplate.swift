import Foundation
import NIOCore
import Synchronization

/// A template compiled against its page view model: pre-encoded bytes and typed reads, run straight into one buffer.
public final class CompiledTemplate<Page: TemplateScope>: Sendable {
    public let name: String
    private let ops: [TemplateOp]
    /// The largest page rendered so far, so the buffer is allocated once at about the right size.
    private let sizeHint = Atomic<Int>(4096)

    init(name: String, ops: [TemplateOp]) {
        self.name = name
        self.ops = ops
    }

    public func render(_ page: Page, allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var state = RenderState(output: allocator.buffer(capacity: sizeHint.load(ordering: .relaxed)))
        state.entering(page) { ops.run(&$0) }
        let size = state.output.readableBytes
        if size > sizeHint.load(ordering: .relaxed) { sizeHint.store(size, ordering: .relaxed) }
        return state.output
    }
}

/// The templates folder, compiled page by page at start-up.
public struct TemplateLibrary: Sendable {
    private let sources: TemplateSources

    public init(directory: URL) throws {
        sources = try TemplateSources(directory: directory)
    }

    /// A library of in-memory templates, for tests.
    public init(templates: [String: String]) {
        sources = TemplateSources(folder: "(memory)", texts: templates)
    }

    public func has(_ name: String) -> Bool { sources.has(name) }

    /// Compiles `name` for `Page`: a syntax error, a missing partial, or a name the view models do not have throws
    /// a `TemplateError` that names the file and line.
    public func compile<Page: TemplateScope>(_ name: String, for _: Page.Type) throws -> CompiledTemplate<Page> {
        let nodes = try sources.nodes(name)
        let compiler = TemplateCompiler(templates: sources, frames: [Frame<Page>()], expanding: [name])
        return CompiledTemplate(name: name, ops: try compiler.compileCall(nodes, indentation: "", overrides: [:]))
    }
}
