import DeskflowDomain
import DeskflowStore
import Foundation
import Logging

public enum SignInFailure: Error, Equatable {
    /// Wrong email or password; deliberately not saying which.
    case invalidCredentials
    /// Too many recent failures for this account or from this address.
    case throttled
    /// The right password for a member a manager has disabled. Said only after the password checks out, so it
    /// tells nothing to someone guessing.
    case disabled

    public var message: String {
        switch self {
        case .invalidCredentials: "The email or password is not right. Check them and try again."
        case .throttled: "Too many failed sign-in attempts. Wait a few minutes, then try again."
        case .disabled: "This account has been disabled, so it can no longer sign in. Ask a manager if you need access again."
        }
    }
}

/// Checks a staff member's email and password, throttling guessing and logging every attempt (never the password).
public struct SignInService: Sendable {
    let database: any DeskflowDatabase
    let hasher: PasswordHasher
    let clock: AppClock
    let throttle: SignInThrottle
    let logger: Logger
    /// A real bcrypt hash of a random string, verified against when the email is unknown so that
    /// unknown and known accounts take the same time to refuse.
    let decoyHash: String

    public init(database: any DeskflowDatabase, hasher: PasswordHasher, clock: AppClock, throttle: SignInThrottle = .init(), logger: Logger) async {
        self.database = database
        self.hasher = hasher
        self.clock = clock
        self.throttle = throttle
        self.logger = logger
        self.decoyHash = await hasher.hash(UUID().uuidString)
    }

    public func signIn(email: String, password: String, address: String) async throws -> Result<StaffUser, SignInFailure> {
        let email = email.trimmingCharacters(in: .whitespaces)
        let now = clock.now
        let failures = try await database.failedSignIns(email: email, address: address, since: throttle.windowStart(now: now))
        if throttle.isLocked(failuresForAccount: failures.forAccount, failuresFromAddress: failures.fromAddress) {
            // Logged, but not counted as a failure: otherwise anyone who keeps knocking keeps the account locked for good.
            logger.warning("sign-in throttled", metadata: ["email": "\(email)", "address": "\(address)"])
            return .failure(.throttled)
        }
        let credentials = try await database.staffCredentials(email: email)
        let verified = await hasher.verify(password, against: credentials?.passwordHash ?? decoyHash)
        guard let credentials, verified else {
            logger.notice("sign-in refused", metadata: ["email": "\(email)", "address": "\(address)"])
            try await database.recordSignInAttempt(email: email, address: address, succeeded: false, at: now)
            return .failure(.invalidCredentials)
        }
        if credentials.isDisabled {
            logger.notice("sign-in of a disabled member refused", metadata: ["staff": "\(credentials.user.id)", "address": "\(address)"])
            try await database.recordSignInAttempt(email: email, address: address, succeeded: false, at: now)
            return .failure(.disabled)
        }
        logger.info("signed in", metadata: ["staff": "\(credentials.user.id)", "address": "\(address)"])
        try await database.recordSignIn(staffID: credentials.user.id, email: email, address: address, at: now)
        return .success(credentials.user)
    }
}
