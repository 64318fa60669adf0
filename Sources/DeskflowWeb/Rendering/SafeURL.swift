import Foundation

/// Links built from data: only `/`-relative paths, `https:` and `mailto:` ever reach a template.
enum SafeURL {
    static func mailto(_ email: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "@.-_+")
        return "mailto:" + (email.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }

    /// A local path to return to after sign-in; anything else (other hosts, `//evil`, schemes) becomes `/orders`.
    /// Whitespace and control characters are refused anywhere: browsers drop tabs and line breaks from a `Location`
    /// before resolving it, so `/<TAB>/evil.example` would leave the site as `//evil.example`.
    static func localPath(_ candidate: String?) -> String {
        guard let candidate, candidate.hasPrefix("/"), !candidate.hasPrefix("//"), !candidate.hasPrefix("/\\"),
            !candidate.contains(where: { $0 == "\\" || $0.isWhitespace || $0.unicodeScalars.contains(where: \.isControl) })
        else { return SitePath.orders }
        return candidate
    }
}

extension Unicode.Scalar {
    fileprivate var isControl: Bool { properties.generalCategory == .control }
}
