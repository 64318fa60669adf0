/// The rules a staff password must meet before it is hashed. bcrypt reads only the first 72 bytes and stops at a
/// NUL byte, so longer passwords and control characters are refused rather than silently shortened.
public enum PasswordPolicy {
    public static let minimumLength = 8
    public static let maximumBytes = 72

    public static func check(_ password: String) -> Result<Void, PasswordPolicyError> {
        if password.count < minimumLength { return .failure(.tooShort) }
        if password.utf8.count > maximumBytes { return .failure(.tooLong) }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return .failure(.controlCharacters)
        }
        return .success(())
    }
}

public enum PasswordPolicyError: Error, Equatable, Sendable {
    case tooShort
    case tooLong
    case controlCharacters

    public var message: String {
        switch self {
        case .tooShort:
            "The password must be at least \(PasswordPolicy.minimumLength) characters."
        case .tooLong:
            "The password must be at most \(PasswordPolicy.maximumBytes) characters (fewer if it uses accented letters or symbols)."
        case .controlCharacters:
            "The password cannot contain control characters such as tabs or line breaks."
        }
    }
}
