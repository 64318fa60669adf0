import DeskflowOperations
import DeskflowStore
import Hummingbird

/// What customers were sent, with delivery state, and resending the ones that failed.
struct NotificationsController {
    let database: any DeskflowDatabase
    let renderer: PageRenderer
    let composer: EmailComposer
    let clock: AppClock
    let makeToken: @Sendable () -> String

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/notifications", use: list)
        router.get("/notifications/:id", use: show)
        router.post("/notifications/:id/resend", use: resend)
    }

    /// GET /notifications — every message, newest first, filterable by state.
    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var state: DeliveryState?
        if let raw = query["state"].map(String.init), !raw.isEmpty, raw != "all" {
            guard let parsed = DeliveryState(rawValue: raw) else {
                throw PageError.badRequest(
                    "There is no delivery state called “\(raw)”. Use one of: all, "
                        + DeliveryState.allCases.map(\.rawValue).joined(separator: ", ") + ".",
                    advice: "Pick a tab on the notifications page.")
            }
            state = parsed
        }
        var before: Int64?
        if let raw = query["before"].map(String.init), !raw.isEmpty {
            guard raw.count <= 18, let cursor = Int64(raw), cursor > 0 else {
                throw PageError.badRequest("The page link is not valid.", advice: "Start again from the first page of notifications.")
            }
            before = cursor
        }
        let page = try await database.notifications(state: state, before: before, limit: 50)
        let model = await NotificationsListPage(
            chrome: PageChrome(title: "Notifications", context: context, navNotifications: true), state: state,
            counts: try database.notificationCounts(), items: page.items, next: page.next, format: renderer.format)
        return try renderer.render("notifications/list", model)
    }

    /// GET /notifications/{id} — the message as the customer sees it (or the event as the storefront gets it), and
    /// what happened to it.
    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        let detail = try await detail(context.parameters.get("id"))
        let email = detail.summary.kind == OutboxMessage.webhookKind ? nil : composer.compose(detail.message)
        let model = NotificationPage(
            chrome: PageChrome(title: detail.summary.subject, context: context, navNotifications: true), detail: detail,
            email: email.map { ($0.from, $0.messageID) }, format: renderer.format, idempotencyKey: makeToken())
        return try renderer.render("notifications/detail", model)
    }

    /// POST /notifications/{id}/resend — queues a failed message again.
    @Sendable func resend(request: Request, context: AppRequestContext) async throws -> Response {
        let detail = try await detail(context.parameters.get("id"))
        guard let staff = context.staff else { throw HTTPError(.unauthorized) }
        var request = request
        let fields = try await FormFields(request: &request, context: context)
        guard let key = fields["idempotency_key"], (8...100).contains(key.count) else {
            throw PageError.badRequest(
                "The form is missing its one-time key, so nothing was changed.", advice: "Reload the message and try again.")
        }
        let id = detail.summary.id
        let flash = "Message to \(detail.summary.recipient) queued to be sent again."
        let claim = IdempotencyClaim(key: key, staffID: staff.id, action: "resend", values: [String(id)])
        let result: ResendResult
        do {
            result = try await database.resendMessage(id: id, idempotency: claim, flash: flash, now: clock.now)
        } catch is IdempotencyKeyReused {
            throw PageError.formAlreadySent(advice: "Go back to the message to see where it stands.")
        }
        switch result {
        case .queued:
            SessionSettings.setFlash(flash, context: context)
        case .replayed(let stored):
            SessionSettings.setFlash(stored ?? flash, context: context)
        case .notFailed:
            throw PageError.conflict(
                "Only a message that failed can be resent; this one is \(detail.summary.state.rawValue).",
                advice: "Go back to the message to see where it stands.")
        }
        return .redirect(to: SitePath.notification(id), type: .normal)
    }

    private func detail(_ text: String?) async throws -> NotificationDetail {
        let notFound = PageError.notFound(
            "There is no notification \(text ?? "").", advice: "Find the message in the notifications list.")
        guard let text, text.count <= 18, let id = Int64(text), id > 0 else { throw notFound }
        guard let detail = try await database.notification(id: id) else { throw notFound }
        return detail
    }
}
