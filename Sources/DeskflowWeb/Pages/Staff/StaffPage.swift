import DeskflowDomain
import DeskflowStore

/// The staff page: every member with their role, state and last sign-in, a form per row to change them, and the
/// form to add a member; after adding, the new member's one-time password, shown this once.
struct StaffPage {
    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    struct TimeText {
        var iso: String
        var text: String
    }

    struct Row {
        var id: Int64
        var name: String
        var email: String
        var role: String
        var roleLabel: String
        var state: String
        var stateBadge: Badge
        var lastSignIn: TimeText?
        var isYou: Bool
        var isActive: Bool
        var roleOptions: [Option]
        var roleAction: String
        var stateAction: String
        var stateButton: String
        var roleError: String?
        var stateError: String?
    }

    /// The add-a-member form, as typed when it came back with errors.
    struct NewMemberForm {
        var action: String
        var idempotencyKey: String
        var email: String
        var name: String
        var roleOptions: [Option]
        var emailError: String?
        var nameError: String?
        var roleError: String?
    }

    /// The member just added and the password they first sign in with.
    struct Added {
        var name: String
        var email: String
        var password: String
    }

    /// What came back wrong: the add form with its errors, or one row's change refused.
    enum Attempt {
        case add(NewStaffMemberForm, FormErrors, idempotencyKey: String)
        case role(memberID: Int64, typed: String, message: String)
        case state(memberID: Int64, message: String)
    }

    var chrome: PageChrome
    var rows: [Row]
    var form: NewMemberForm
    var added: Added?
    var errors: [FieldError]
    var hasErrors: Bool

    init(
        chrome: PageChrome, members: [StaffMember], you: StaffUser, attempt: Attempt?, added: Added?,
        format: DisplayFormat, makeToken: () -> String
    ) {
        self.chrome = chrome
        self.added = added
        rows = members.map { member in
            var row = Row(
                id: member.id, name: member.name, email: member.email, role: member.role.rawValue,
                roleLabel: member.role.label, state: member.state.rawValue, stateBadge: Self.badge(member.state),
                lastSignIn: member.lastSignedInAt.map { TimeText(iso: format.iso($0), text: format.dateTime($0)) },
                isYou: member.id == you.id, isActive: member.state == .active,
                roleOptions: Self.roleOptions(selected: member.role.rawValue),
                roleAction: SitePath.staffRole(member.id),
                stateAction: member.state == .active ? SitePath.staffDisable(member.id) : SitePath.staffEnable(member.id),
                stateButton: member.state == .active ? "Disable" : "Enable")
            switch attempt {
            case .role(member.id, let typed, let message):
                row.roleError = message
                row.roleOptions = Self.roleOptions(selected: typed)
            case .state(member.id, let message):
                row.stateError = message
            default:
                break
            }
            return row
        }
        if case .add(let typed, let errors, let key) = attempt {
            form = NewMemberForm(
                action: SitePath.staff, idempotencyKey: key, email: typed.email, name: typed.name,
                roleOptions: Self.roleOptions(selected: typed.role), emailError: errors.message(for: "email"),
                nameError: errors.message(for: "name"), roleError: errors.message(for: "role"))
            self.errors = errors.errors
        } else {
            // Least access first: a new member is a viewer unless a manager says otherwise.
            form = NewMemberForm(
                action: SitePath.staff, idempotencyKey: makeToken(), email: "", name: "",
                roleOptions: Self.roleOptions(selected: StaffRole.viewer.rawValue))
            errors = switch attempt {
            case .role(let id, _, let message): [FieldError(field: "role-\(id)", message: message)]
            case .state(let id, let message): [FieldError(field: "state-\(id)", message: message)]
            case .add, nil: []
            }
        }
        hasErrors = !errors.isEmpty
    }

    static func roleOptions(selected: String) -> [Option] {
        StaffRole.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == selected) }
    }

    static func badge(_ state: StaffState) -> Badge {
        Badge(label: state.label, tone: state == .active ? "done" : "muted")
    }
}
