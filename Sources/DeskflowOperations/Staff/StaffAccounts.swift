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

/// Why the staff page's add-a-member form added no one.
public enum StaffAdditionFailure: Error, Equatable {
    /// A field is empty or not right; each error is beside its field.
    case invalid(FormErrors)
    /// Someone already signs in with that email (the error is beside the email field).
    case emailTaken(FormErrors)
    /// The form's key came back with other values.
    case keyReused
}

/// A member added from the staff page, with the password they first sign in with, or the replay of a form sent twice.
public enum StaffAdditionResult: Equatable, Sendable {
    case added(StaffUser, oneTimePassword: String, summary: String)
    case alreadyAdded(summary: String)
}

/// Adding staff members and changing their role or state. Passwords are checked and hashed before anything is
/// stored; the rules about who may be changed are the domain's, decided under the store's write lock.
public struct StaffAccounts: Sendable {
    let database: any DeskflowDatabase
    let hasher: PasswordHasher
    let clock: AppClock
    let makePassword: @Sendable () -> String

    public init(
        database: any DeskflowDatabase, hasher: PasswordHasher, clock: AppClock,
        makePassword: @escaping @Sendable () -> String = { OneTimePassword.make() }
    ) {
        self.database = database
        self.hasher = hasher
        self.clock = clock
        self.makePassword = makePassword
    }

    /// Adds a member with a password chosen by whoever runs Deskflow (`deskflow user add`, the demo seeding).
    public func addUser(email: String, name: String, role: StaffRole, password: String) async throws -> StaffUser {
        let email = StaffEmail.normalised(email)
        let name = name.trimmingCharacters(in: .whitespaces)
        guard StaffEmail.isValid(email) else { throw StaffAccountError.invalidEmail }
        guard !name.isEmpty else { throw StaffAccountError.missingName }
        if case .failure(let error) = PasswordPolicy.check(password) { throw StaffAccountError.password(error) }
        let hash = await hasher.hash(password)
        do {
            return try await database.addStaffUser(email: email, name: name, role: role, passwordHash: hash, now: clock.now)
        } catch StoreError.conflict {
            throw StaffAccountError.emailTaken(email)
        }
    }

    /// Adds a member from the staff page with a new random password, once per form: the same form sent again adds
    /// no one and shows no password.
    public func add(_ form: NewStaffMemberForm, key: String, by actor: StaffUser) async throws -> StaffAdditionResult {
        let member: NewStaffMember
        switch form.validate() {
        case .success(let valid): member = valid
        case .failure(let errors): throw StaffAdditionFailure.invalid(errors)
        }
        let password = makePassword()
        precondition((try? PasswordPolicy.check(password).get()) != nil, "a generated password must meet the policy")
        let hash = await hasher.hash(password)
        let claim = IdempotencyClaim(
            key: key, staffID: actor.id, action: "staff.add", values: [member.email, member.name, member.role.rawValue])
        do {
            switch try await database.addStaffMember(member, passwordHash: hash, idempotency: claim, now: clock.now) {
            case .added(let user): return .added(user, oneTimePassword: password, summary: member.addedSummary)
            case .replayed(let stored): return .alreadyAdded(summary: stored.flash ?? member.alreadyAddedSummary)
            }
        } catch StoreError.conflict {
            throw StaffAdditionFailure.emailTaken(FormErrors([FieldError(
                field: "email", message: "\(member.email) already has an account. Each member needs their own email address.")]))
        } catch is IdempotencyKeyReused {
            throw StaffAdditionFailure.keyReused
        }
    }

    /// Changes a member's role or state; throws `StaffRefusal` when the rules forbid it, with nothing changed.
    public func change(_ change: StaffChange, memberID: Int64, by actor: StaffUser) async throws -> StaffDecision {
        try await database.changeStaffMember(now: clock.now) { roster in
            try StaffRules.decide(change, memberID: memberID, actorID: actor.id, roster: roster).get()
        }
    }
}
