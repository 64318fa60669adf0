import Foundation
import Hummingbird

/// The fields of a URL-encoded form, as typed. A repeated name reads as its first value, or as all of them through
/// `all(_:)` (a list's ticked checkboxes).
struct FormFields: Sendable {
    private var values: [String: String]
    private var repeated: [String: [String]]

    init(encoded: String) {
        var values: [String: String] = [:]
        var repeated: [String: [String]] = [:]
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
            if values[name] == nil { values[name] = value }
            repeated[name, default: []].append(value)
        }
        self.values = values
        self.repeated = repeated
    }

    /// Reads the body once; the request keeps the collected body so later readers see it too.
    init(request: inout Request, context: some RequestContext) async throws {
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        self.init(encoded: String(buffer: buffer))
    }

    subscript(name: String) -> String? { values[name] }

    /// Every value sent under `name`, in the order sent.
    func all(_ name: String) -> [String] { repeated[name] ?? [] }

    /// A one-line text field as typed, cut to a length no form needs more than.
    func text(_ name: String) -> String { String((values[name] ?? "").prefix(1_000)) }

    /// A checkbox is ticked when its field was sent at all.
    func isTicked(_ name: String) -> Bool { values[name] != nil }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
