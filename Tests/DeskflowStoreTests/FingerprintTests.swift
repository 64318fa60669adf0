import DeskflowStore
import Testing

@testable import DeskflowStoreSQLite

extension DeskflowStoreTests {
    /// A key sent again with other values must be told apart from a true repeat, whatever the values hold.
    @Suite("Fingerprints of what was sent under an idempotency key")
    struct Fingerprints {
        @Test(
            "different submissions never share a fingerprint",
            arguments: [
                (["a|", "b"], ["a", "|b"]),
                (["a||", "b"], ["a", "||b"]),
                (["a\\", "|b"], ["a\\|", "b"]),
                (["a\\|b"], ["a\\", "b"]),
                (["", "x"], ["x", ""]),
                (["x"], ["x", ""]),
            ])
        func distinct(first: [String], second: [String]) {
            #expect(
                IdempotencyClaim.fingerprint(action: "note", values: first)
                    != IdempotencyClaim.fingerprint(action: "note", values: second))
        }

        @Test("the same submission has the same fingerprint, and the action is part of it")
        func same() {
            #expect(
                IdempotencyClaim.fingerprint(action: "cancel", values: ["1042", "3", "a|b"])
                    == IdempotencyClaim.fingerprint(action: "cancel", values: ["1042", "3", "a|b"]))
            #expect(
                IdempotencyClaim.fingerprint(action: "cancel", values: ["1042"])
                    != IdempotencyClaim.fingerprint(action: "fulfill", values: ["1042"]))
        }
    }
}
