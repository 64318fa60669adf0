import DeskflowDomain
import DeskflowTemplates

extension StaffPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope { $0.chrome },
        "rows": .list { $0.rows },
        "form": .scope { $0.form },
        "added": .scope { $0.added },
        "errors": .list { $0.errors },
        "hasErrors": .flag { $0.hasErrors },
    ]
}

extension StaffPage.Option: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "value": .text { $0.value },
        "label": .text { $0.label },
        "selected": .flag { $0.selected },
    ]
}

extension StaffPage.TimeText: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "iso": .text { $0.iso },
        "text": .text { $0.text },
    ]
}

extension StaffPage.Row: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "id": .number { $0.id },
        "name": .text { $0.name },
        "email": .text { $0.email },
        "role": .text { $0.role },
        "roleLabel": .text { $0.roleLabel },
        "state": .text { $0.state },
        "stateBadge": .scope { $0.stateBadge },
        "lastSignIn": .scope { $0.lastSignIn },
        "isYou": .flag { $0.isYou },
        "isActive": .flag { $0.isActive },
        "roleOptions": .list { $0.roleOptions },
        "roleAction": .text { $0.roleAction },
        "stateAction": .text { $0.stateAction },
        "stateButton": .text { $0.stateButton },
        "roleError": .text { $0.roleError },
        "stateError": .text { $0.stateError },
    ]
}

extension StaffPage.NewMemberForm: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "action": .text { $0.action },
        "idempotencyKey": .text { $0.idempotencyKey },
        "email": .text { $0.email },
        "name": .text { $0.name },
        "roleOptions": .list { $0.roleOptions },
        "emailError": .text { $0.emailError },
        "nameError": .text { $0.nameError },
        "roleError": .text { $0.roleError },
    ]
}

extension StaffPage.Added: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "name": .text { $0.name },
        "email": .text { $0.email },
        "password": .text { $0.password },
    ]
}
