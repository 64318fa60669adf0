import Foundation

/// Entity-tag comparison for conditional requests (RFC 9110 §8.8.3, §13.1.2).
enum EntityTag {
    /// Whether an `If-None-Match` value names `current`: `*`, or any listed tag under weak comparison, which ignores
    /// the `W/` prefix on either side.
    static func anyMatches(_ ifNoneMatch: String, _ current: String) -> Bool {
        let wanted = opaque(current)
        return ifNoneMatch.split(separator: ",").contains { listed in
            let tag = listed.trimmingCharacters(in: .whitespaces)
            return tag == "*" || opaque(tag) == wanted
        }
    }

    private static func opaque(_ tag: some StringProtocol) -> Substring {
        let text = Substring(tag)
        return text.hasPrefix("W/") ? text.dropFirst(2) : text
    }
}
