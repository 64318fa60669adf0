import DeskflowDomain
import DeskflowStore
import Foundation

public enum StaffAccountError: Error, Equatable, CustomStringConvertible {
    case invalidEmail
    case missingName
    case password(PasswordPolicyError)
    case emailTaken(String)

    public var description: String {
        switch self {
        case .invalidEmail: "Enter an email address like name@example.com."
        case .missingName: "Enter the staff member's name."
        case .password(let error): error.message
        case .emailTaken(let email): "A staff member with the email \(email) already exists."
        }
    }
}

/// Adding staff members: the password rules are checked and the password hashed before anything is stored.
public struct StaffAccounts: Sendable {
    let database: AppDatabase
    let hasher: PasswordHasher
    let clock: AppClock

    public init(database: AppDatabase, hasher: PasswordHasher, clock: AppClock) {
        self.database = database
        self.hasher = hasher
        self.clock = clock
    }

    public func addUser(email: String, name: String, role: StaffRole, password: String) async throws -> StaffUser {
        let email = email.trimmingCharacters(in: .whitespaces)
        let name = name.trimmingCharacters(in: .whitespaces)
        guard Self.looksLikeEmail(email) else { throw StaffAccountError.invalidEmail }
        guard !name.isEmpty else { throw StaffAccountError.missingName }
        if case .failure(let error) = PasswordPolicy.check(password) { throw StaffAccountError.password(error) }
        let hash = await hasher.hash(password)
        do {
            return try await database.addStaffUser(email: email, name: name, role: role, passwordHash: hash, now: clock.now)
        } catch StoreError.conflict {
            throw StaffAccountError.emailTaken(email)
        }
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(where: \.isWhitespace)
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }
}
