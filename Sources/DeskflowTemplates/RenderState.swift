import NIOCore

/// One render in progress: the output, and the values whose names are in scope, innermost last. The compiler knows
/// the type of every frame at every point of a template, so each read treats a frame as that type without a check.
struct RenderState {
    var output: ByteBuffer
    private(set) var frames: [AnyObject] = []

    init(output: ByteBuffer) {
        self.output = output
        frames.reserveCapacity(8)
    }

    /// The frame at `depth`, which the compiler resolved to a `Value`.
    func frame<Value>(_ depth: Int, as _: Value.Type) -> FrameBox<Value> {
        unsafeDowncast(frames[depth], to: FrameBox<Value>.self)
    }

    /// Runs `body` with `value` as the innermost frame.
    mutating func entering<Value>(_ value: Value, _ body: (inout RenderState) -> Void) {
        frames.append(FrameBox(value))
        body(&self)
        frames.removeLast()
    }

    /// Runs `body` once for each element, each the innermost frame in turn.
    mutating func entering<Element>(each elements: [Element], _ body: (inout RenderState) -> Void) {
        for element in elements {
            entering(element, body)
        }
    }
}

/// A frame's value, boxed once as it comes into scope. Reads pass `value` on without copying it, where reading
/// through a pointer copied the whole struct (a page's row) for every name the template read from it.
final class FrameBox<Value> {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}

/// A compiled piece of template: bytes written as they are, or a step that reads the model.
enum TemplateOp: Sendable {
    case bytes([UInt8])
    case step(@Sendable (inout RenderState) -> Void)
    /// Output of a partial shown with indentation: each piece that starts a new line gets the indentation first.
    case indented([UInt8], [TemplateOp])
}

extension [TemplateOp] {
    func run(_ state: inout RenderState) {
        for op in self {
            switch op {
            case .bytes(let bytes): state.output.writeBytes(bytes)
            case .step(let step): step(&state)
            case .indented(let indentation, let ops): ops.runIndented(indentation, &state)
            }
        }
    }

    /// swift-mustache indents a piece when it is not empty and the output of the same template so far ends with a
    /// newline; a section's or partial's output counts as one piece of the template that shows it.
    private func runIndented(_ indentation: [UInt8], _ state: inout RenderState) {
        let start = state.output.writerIndex
        for op in self {
            let outer = state.output
            state.output = ByteBufferAllocator().buffer(capacity: 256)
            [op].run(&state)
            let piece = state.output
            state.output = outer
            guard piece.readableBytes > 0 else { continue }
            if state.output.writerIndex > start, state.output.getInteger(at: state.output.writerIndex - 1, as: UInt8.self) == UInt8(ascii: "\n") {
                state.output.writeBytes(indentation)
            }
            state.output.writeImmutableBuffer(piece)
        }
    }
}
