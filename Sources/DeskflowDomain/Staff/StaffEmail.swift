import Foundation

/// A staff member's sign-in email: how a typed address is normalised and when it is accepted.
public enum StaffEmail {
    /// The longest address a mail server accepts (RFC 5321's path limit less its angle brackets).
    public static let maximumLength = 254

    /// Surrounding spaces dropped and letters lowered: sign-in finds an address in any case, so it is kept in one.
    /// A line break is not trimmed but refused, as anything that is not one line is.
    public static func normalised(_ typed: String) -> String {
        typed.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// One `@`, something before it, a dotted domain after it, and no spaces or control characters anywhere.
    /// Deliberately loose beyond that: the only proof an address works is mail arriving at it.
    public static func isValid(_ email: String) -> Bool {
        guard email.count <= maximumLength else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let domain = parts[1]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".") && !domain.contains("..")
            && !email.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
    }
}
