import DeskflowDomain
import DeskflowTemplates

extension StaffPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope(\.chrome),
        "rows": .list(\.rows),
        "form": .scope(\.form),
        "added": .scope(\.added),
        "errors": .list(\.errors),
        "hasErrors": .flag(\.hasErrors),
    ]
}

extension StaffPage.Option: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "value": .text(\.value),
        "label": .text(\.label),
        "selected": .flag(\.selected),
    ]
}

extension StaffPage.TimeText: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "iso": .text(\.iso),
        "text": .text(\.text),
    ]
}

extension StaffPage.Row: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "id": .number(\.id),
        "name": .text(\.name),
        "email": .text(\.email),
        "role": .text(\.role),
        "roleLabel": .text(\.roleLabel),
        "state": .text(\.state),
        "stateBadge": .scope(\.stateBadge),
        "lastSignIn": .scope(\.lastSignIn),
        "isYou": .flag(\.isYou),
        "isActive": .flag(\.isActive),
        "roleOptions": .list(\.roleOptions),
        "roleAction": .text(\.roleAction),
        "stateAction": .text(\.stateAction),
        "stateButton": .text(\.stateButton),
        "roleError": .text(\.roleError),
        "stateError": .text(\.stateError),
    ]
}

extension StaffPage.NewMemberForm: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "action": .text(\.action),
        "idempotencyKey": .text(\.idempotencyKey),
        "email": .text(\.email),
        "name": .text(\.name),
        "roleOptions": .list(\.roleOptions),
        "emailError": .text(\.emailError),
        "nameError": .text(\.nameError),
        "roleError": .text(\.roleError),
    ]
}

extension StaffPage.Added: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "name": .text(\.name),
        "email": .text(\.email),
        "password": .text(\.password),
    ]
}
