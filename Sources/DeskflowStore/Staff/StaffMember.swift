import DeskflowDomain
import Foundation

/// One row of the staff page: who a member is, their role and state, and when they last signed in.
public struct StaffMember: Hashable, Sendable {
    public var id: Int64
    public var email: String
    public var name: String
    public var role: StaffRole
    public var state: StaffState
    public var createdAt: Date
    public var lastSignedInAt: Date?

    package init(
        id: Int64, email: String, name: String, role: StaffRole, state: StaffState, createdAt: Date,
        lastSignedInAt: Date? = nil
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.state = state
        self.createdAt = createdAt
        self.lastSignedInAt = lastSignedInAt
    }

    public var standing: StaffStanding { StaffStanding(id: id, name: name, role: role, state: state) }
}

/// What adding a member under an idempotency key did: added them now, or had already done so for this form.
public enum StaffAddition: Hashable, Sendable {
    case added(StaffUser)
    case replayed(StoredResult)
}
