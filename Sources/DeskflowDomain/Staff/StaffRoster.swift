/// Whether a member may sign in.
public enum StaffState: String, CaseIterable, Codable, Sendable {
    case active
    case disabled

    public var label: String {
        switch self {
        case .active: "Active"
        case .disabled: "Disabled"
        }
    }
}

/// What the staff rules need to know about one member.
public struct StaffStanding: Hashable, Sendable {
    public var id: Int64
    public var name: String
    public var role: StaffRole
    public var state: StaffState

    public init(id: Int64, name: String, role: StaffRole, state: StaffState) {
        self.id = id
        self.name = name
        self.role = role
        self.state = state
    }

    var isActiveManager: Bool { role == .manager && state == .active }
}

/// A change a manager asks for on the staff page.
public enum StaffChange: Hashable, Sendable {
    case setRole(StaffRole)
    case disable
    case enable
}

/// Why a staff change was refused; nothing was changed.
public enum StaffRefusal: Error, Hashable, Sendable {
    case unknownMember
    case disableYourself
    /// The change would leave no active manager, and then nobody could manage staff or change orders.
    case lastManager(name: String, change: StaffChange)

    public var message: String {
        switch self {
        case .unknownMember:
            "There is no such staff member."
        case .disableYourself:
            "You can’t disable your own account. Ask another manager to do it."
        case .lastManager(let name, .disable):
            "\(name) is the last active manager, so they can’t be disabled. Make someone else a manager first."
        case .lastManager(let name, _):
            "\(name) is the last active manager, so they must stay a manager. Make someone else a manager first."
        }
    }
}

/// A decided change: the member as they will be, whether their sessions end, and the sentence that says so.
public struct StaffDecision: Hashable, Sendable {
    public var member: StaffStanding
    /// Disabling signs the member out everywhere at once, not at their sessions' expiry.
    public var endsSessions: Bool
    /// False when the member already was as asked (a form sent twice): nothing to write.
    public var changes: Bool
    public var summary: String
}

/// The rules for changing a member's role or state, decided over the whole roster under the write lock: two managers
/// demoting each other at once must not leave the store with no manager.
public enum StaffRules {
    public static func decide(
        _ change: StaffChange, memberID: Int64, actorID: Int64, roster: [StaffStanding]
    ) -> Result<StaffDecision, StaffRefusal> {
        guard let member = roster.first(where: { $0.id == memberID }) else { return .failure(.unknownMember) }
        var after = member
        switch change {
        case .setRole(let role): after.role = role
        case .disable: after.state = .disabled
        case .enable: after.state = .active
        }
        if change == .disable, memberID == actorID, member.state == .active { return .failure(.disableYourself) }
        if member.isActiveManager, !after.isActiveManager,
            !roster.contains(where: { $0.id != memberID && $0.isActiveManager })
        {
            return .failure(.lastManager(name: member.name, change: change))
        }
        let changes = after != member
        return .success(StaffDecision(
            member: after, endsSessions: member.state == .active && after.state == .disabled, changes: changes,
            summary: summary(of: change, for: after, changes: changes)))
    }

    static func summary(of change: StaffChange, for member: StaffStanding, changes: Bool) -> String {
        switch (change, changes) {
        case (.setRole(let role), true): "\(member.name) is now a \(role.label.lowercased())."
        case (.setRole(let role), false): "\(member.name) already was a \(role.label.lowercased())."
        case (.disable, true): "\(member.name) is disabled and was signed out everywhere."
        case (.disable, false): "\(member.name) already was disabled."
        case (.enable, true): "\(member.name) is active again and can sign in."
        case (.enable, false): "\(member.name) already was active."
        }
    }
}
