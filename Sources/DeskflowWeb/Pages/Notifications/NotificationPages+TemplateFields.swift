import DeskflowTemplates

extension NotificationsListPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope(\.chrome),
        "tabs": .list(\.tabs),
        "rows": .list(\.rows),
        "hasRows": .flag(\.hasRows),
        "nextURL": .text(\.nextURL),
    ]
}

extension NotificationsListPage.Tab: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "value": .text(\.value),
        "label": .text(\.label),
        "count": .text(\.count),
        "url": .text(\.url),
        "isCurrent": .flag(\.isCurrent),
    ]
}

extension NotificationsListPage.Row: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "id": .number(\.id),
        "url": .text(\.url),
        "orderNumber": .text(\.orderNumber),
        "orderHook": .text(\.orderHook),
        "orderURL": .text(\.orderURL),
        "kind": .text(\.kind),
        "kindLabel": .text(\.kindLabel),
        "recipient": .text(\.recipient),
        "subject": .text(\.subject),
        "state": .text(\.state),
        "badge": .scope(\.badge),
        "attempts": .number(\.attempts),
        "createdAt": .text(\.createdAt),
        "lastError": .text(\.lastError),
    ]
}

extension NotificationPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope(\.chrome),
        "id": .number(\.id),
        "subject": .text(\.subject),
        "recipient": .text(\.recipient),
        "orderNumber": .text(\.orderNumber),
        "orderURL": .text(\.orderURL),
        "kindLabel": .text(\.kindLabel),
        "badge": .scope(\.badge),
        "state": .text(\.state),
        "attempts": .number(\.attempts),
        "createdAt": .text(\.createdAt),
        "sentAt": .text(\.sentAt),
        "nextAttemptAt": .text(\.nextAttemptAt),
        "lastError": .text(\.lastError),
        "email": .scope(\.email),
        "webhook": .scope(\.webhook),
        "canResend": .flag(\.canResend),
        "resendURL": .text(\.resendURL),
        "idempotencyKey": .text(\.idempotencyKey),
    ]
}

extension NotificationPage.Paragraph: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "text": .text(\.text),
    ]
}

extension NotificationPage.Email: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "from": .text(\.from),
        "replyTo": .text(\.replyTo),
        "paragraphs": .list(\.paragraphs),
        "messageID": .text(\.messageID),
    ]
}

extension NotificationPage.Webhook: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "eventID": .text(\.eventID),
        "json": .text(\.json),
    ]
}
