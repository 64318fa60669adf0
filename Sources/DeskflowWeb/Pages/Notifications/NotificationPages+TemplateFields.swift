import DeskflowTemplates

extension NotificationsListPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope { $0.chrome },
        "tabs": .list { $0.tabs },
        "rows": .list { $0.rows },
        "hasRows": .flag { $0.hasRows },
        "nextURL": .text { $0.nextURL },
    ]
}

extension NotificationsListPage.Tab: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "value": .text { $0.value },
        "label": .text { $0.label },
        "count": .text { $0.count },
        "url": .text { $0.url },
        "isCurrent": .flag { $0.isCurrent },
    ]
}

extension NotificationsListPage.Row: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "id": .number { $0.id },
        "url": .text { $0.url },
        "orderNumber": .text { $0.orderNumber },
        "orderHook": .text { $0.orderHook },
        "orderURL": .text { $0.orderURL },
        "kind": .text { $0.kind },
        "kindLabel": .text { $0.kindLabel },
        "recipient": .text { $0.recipient },
        "subject": .text { $0.subject },
        "state": .text { $0.state },
        "badge": .scope { $0.badge },
        "attempts": .number { $0.attempts },
        "createdAt": .text { $0.createdAt },
        "lastError": .text { $0.lastError },
    ]
}

extension NotificationPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope { $0.chrome },
        "id": .number { $0.id },
        "subject": .text { $0.subject },
        "recipient": .text { $0.recipient },
        "orderNumber": .text { $0.orderNumber },
        "orderURL": .text { $0.orderURL },
        "kindLabel": .text { $0.kindLabel },
        "badge": .scope { $0.badge },
        "state": .text { $0.state },
        "attempts": .number { $0.attempts },
        "createdAt": .text { $0.createdAt },
        "sentAt": .text { $0.sentAt },
        "nextAttemptAt": .text { $0.nextAttemptAt },
        "lastError": .text { $0.lastError },
        "email": .scope { $0.email },
        "webhook": .scope { $0.webhook },
        "canResend": .flag { $0.canResend },
        "resendURL": .text { $0.resendURL },
        "idempotencyKey": .text { $0.idempotencyKey },
    ]
}

extension NotificationPage.Paragraph: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "text": .text { $0.text },
    ]
}

extension NotificationPage.Email: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "from": .text { $0.from },
        "replyTo": .text { $0.replyTo },
        "paragraphs": .list { $0.paragraphs },
        "messageID": .text { $0.messageID },
    ]
}

extension NotificationPage.Webhook: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "eventID": .text { $0.eventID },
        "json": .text { $0.json },
    ]
}
