import DeskflowStore

/// The demo seeding's SplitMix64 generator, with the draws the fuzzer needs: the same on every machine, so a fuzz run
/// is replayed exactly from its seed.
struct SeededRandom: RandomNumberGenerator, Sendable {
    private var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < probability
    }

    /// A whole number in `range`, without the standard library's algorithm (which may change between releases).
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func pick<Element>(_ items: [Element]) -> Element {
        items[int(in: 0...(items.count - 1))]
    }

    /// One of `choices`, drawn in proportion to its weight.
    mutating func weighted<Element>(_ choices: [(Int, Element)]) -> Element {
        var roll = int(in: 0...(choices.reduce(0) { $0 + $1.0 } - 1))
        for (weight, element) in choices {
            if roll < weight { return element }
            roll -= weight
        }
        return choices[choices.count - 1].1
    }
}
