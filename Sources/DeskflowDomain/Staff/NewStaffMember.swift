/// The add-a-member form as typed: `email`, `name` and `role`.
public struct NewStaffMemberForm: Hashable, Sendable {
    public var email: String
    public var name: String
    public var role: String

    public init(email: String, name: String, role: String) {
        self.email = email
        self.name = name
        self.role = role
    }

    static let nameField = TextField("name", label: "Name", maximumLength: 100)

    /// The member to add, or every problem with the form at once, in the order of its fields.
    public func validate() -> Result<NewStaffMember, FormErrors> {
        var errors: [FieldError] = []
        let email = StaffEmail.normalised(self.email)
        if email.isEmpty {
            errors.append(FieldError(field: "email", message: "Enter the new member’s email address."))
        } else if !StaffEmail.isValid(email) {
            errors.append(FieldError(field: "email", message: "Enter an email address like name@example.com."))
        }
        let name = Self.nameField.check(self.name, into: &errors)
        let role = StaffRole(rawValue: self.role)
        if role == nil {
            errors.append(FieldError(field: "role", message: "Choose whether the new member is a manager or a viewer."))
        }
        guard errors.isEmpty, let name, let role else { return .failure(FormErrors(errors)) }
        return .success(NewStaffMember(email: email, name: name, role: role))
    }
}

/// A member ready to be added: a normalised email, a checked name and a role.
public struct NewStaffMember: Hashable, Sendable {
    public var email: String
    public var name: String
    public var role: StaffRole

    public init(email: String, name: String, role: StaffRole) {
        self.email = email
        self.name = name
        self.role = role
    }

    /// The flash once added; the one-time password is shown beside it, never stored with it.
    public var addedSummary: String { "\(name) (\(email)) was added as a \(role.label.lowercased())." }

    /// What a resent form is told: the member exists, and their password was shown only the first time.
    public var alreadyAddedSummary: String {
        "\(name) (\(email)) was already added by this form. Their one-time password was shown only the first time, "
            + "so it is not shown again."
    }
}
