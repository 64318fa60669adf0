import Foundation

/// Links built from data: only `/`-relative paths, `https:` and `mailto:` ever reach a template.
enum SafeURL {
    static func mailto(_ email: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "@.-_+")
        return "mailto:" + (email.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }

    /// A local path to return to after sign-in; anything else (other hosts, `//evil`, schemes) becomes `/orders`.
    static func localPath(_ candidate: String?) -> String {
        guard let candidate, candidate.hasPrefix("/"), !candidate.hasPrefix("//"), !candidate.hasPrefix("/\\"),
            !candidate.contains(where: { $0.isNewline || $0 == "\\" })
        else { return "/orders" }
        return candidate
    }
}
