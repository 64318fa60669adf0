/// The rules a staff password must meet before it is hashed.
public enum PasswordPolicy {
    public static let minimumLength = 8
    public static let maximumLength = 128

    public static func check(_ password: String) -> Result<Void, PasswordPolicyError> {
        if password.count < minimumLength { return .failure(.tooShort) }
        if password.count > maximumLength { return .failure(.tooLong) }
        return .success(())
    }
}

public enum PasswordPolicyError: Error, Equatable, Sendable {
    case tooShort
    case tooLong

    public var message: String {
        switch self {
        case .tooShort: "The password must be at least \(PasswordPolicy.minimumLength) characters."
        case .tooLong: "The password must be at most \(PasswordPolicy.maximumLength) characters."
        }
    }
}
