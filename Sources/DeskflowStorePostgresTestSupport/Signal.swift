/// A one-time signal between concurrent tasks of a test: one fires it, others wait for it. It orders steps across
/// connections without sleeping and without reading a clock.
public final class Signal: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self)
    }

    public func fire() {
        continuation.finish()
    }

    /// Returns once `fire()` has been called, at once if it already was. One waiter per signal.
    public func wait() async {
        for await _ in stream {}
    }
}
