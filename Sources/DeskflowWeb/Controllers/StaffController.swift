import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Hummingbird

/// Managers manage staff: who can sign in, with which role, and disabling someone who left.
struct StaffController {
    let database: any DeskflowDatabase
    let renderer: PageRenderer
    let accounts: StaffAccounts
    let makeToken: @Sendable () -> String

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/staff", use: list)
        router.post("/staff", use: add)
        router.post("/staff/:id/role", use: changeRole)
        router.post("/staff/:id/disable", use: disable)
        router.post("/staff/:id/enable", use: enable)
    }

    /// GET /staff — every member with their role, state and last sign-in.
    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let manager = try Self.manager(context)
        return try await render(context: context, you: manager, attempt: nil, added: nil, status: .ok)
    }

    /// POST /staff — adds a member and shows their one-time password on this answer only.
    @Sendable func add(request: Request, context: AppRequestContext) async throws -> Response {
        let manager = try Self.manager(context)
        var request = request
        let fields = try await FormFields(request: &request, context: context)
        guard let key = fields["idempotency_key"], (8...100).contains(key.count) else {
            throw PageError.badRequest("The form is missing its one-time key, so no one was added.", advice: "Reload the staff page and try again.")
        }
        let form = NewStaffMemberForm(email: fields.text("email"), name: fields.text("name"), role: fields.text("role"))
        do {
            switch try await accounts.add(form, key: key, by: manager) {
            case .added(let user, let password, let summary):
                return try await render(
                    context: context, you: manager, attempt: nil, flash: summary,
                    added: .init(name: user.name, email: user.email, password: password), status: .ok)
            case .alreadyAdded(let summary):
                return try await render(context: context, you: manager, attempt: nil, flash: summary, added: nil, status: .ok)
            }
        } catch StaffAdditionFailure.invalid(let errors) {
            return try await render(
                context: context, you: manager, attempt: .add(form, errors, idempotencyKey: key), added: nil,
                status: .unprocessableContent)
        } catch StaffAdditionFailure.emailTaken(let errors) {
            return try await render(
                context: context, you: manager, attempt: .add(form, errors, idempotencyKey: key), added: nil, status: .conflict)
        } catch StaffAdditionFailure.keyReused {
            throw PageError.formAlreadySent(advice: "Reload the staff page to see who was added.")
        }
    }

    /// POST /staff/{id}/role — makes a member a manager or a viewer.
    @Sendable func changeRole(request: Request, context: AppRequestContext) async throws -> Response {
        let manager = try Self.manager(context)
        let id = try Self.memberID(context)
        var request = request
        let typed = try await FormFields(request: &request, context: context).text("role")
        guard let role = StaffRole(rawValue: typed) else {
            return try await render(
                context: context, you: manager,
                attempt: .role(memberID: id, typed: typed, message: "Choose manager or viewer."),
                added: nil, status: .unprocessableContent)
        }
        return try await apply(.setRole(role), to: id, by: manager, context: context) { message in
            .role(memberID: id, typed: typed, message: message)
        }
    }

    /// POST /staff/{id}/disable — stops a member signing in and ends their sessions at once.
    @Sendable func disable(request: Request, context: AppRequestContext) async throws -> Response {
        let manager = try Self.manager(context)
        let id = try Self.memberID(context)
        return try await apply(.disable, to: id, by: manager, context: context) { .state(memberID: id, message: $0) }
    }

    /// POST /staff/{id}/enable — lets a disabled member sign in again.
    @Sendable func enable(request: Request, context: AppRequestContext) async throws -> Response {
        let manager = try Self.manager(context)
        let id = try Self.memberID(context)
        return try await apply(.enable, to: id, by: manager, context: context) { .state(memberID: id, message: $0) }
    }

    private func apply(
        _ change: StaffChange, to id: Int64, by manager: StaffUser, context: AppRequestContext,
        refused: (String) -> StaffPage.Attempt
    ) async throws -> Response {
        do {
            let decision = try await accounts.change(change, memberID: id, by: manager)
            if decision.changes {
                context.logger.notice(
                    "staff changed", metadata: ["staff": "\(manager.id)", "member": "\(id)", "change": "\(change)"])
            }
            SessionSettings.setFlash(decision.summary, context: context)
            // A manager who made themselves a viewer may no longer open the staff page.
            let stillManages = id != manager.id || decision.member.role.canManageStaff
            return .redirect(to: stillManages ? SitePath.staffMember(id) : SitePath.orders, type: .normal)
        } catch StaffRefusal.unknownMember {
            throw Self.notFound
        } catch let refusal as StaffRefusal {
            return try await render(context: context, you: manager, attempt: refused(refusal.message), added: nil, status: .conflict)
        }
    }

    private func render(
        context: AppRequestContext, you: StaffUser, attempt: StaffPage.Attempt?, flash: String? = nil,
        added: StaffPage.Added?, status: HTTPResponse.Status
    ) async throws -> Response {
        var chrome = PageChrome(title: "Staff", context: context, navStaff: true)
        if let flash { chrome.flash = flash }
        let page = StaffPage(
            chrome: chrome, members: try await database.staffMembers(), you: you, attempt: attempt, added: added,
            format: renderer.format, makeToken: makeToken)
        return try renderer.render("staff/list", page, status: status)
    }

    static let notFound = PageError.notFound("There is no such staff member.", advice: "Find them on the staff page.")

    /// Viewers may not see who has access, let alone change it (their POSTs are already refused before this).
    static func manager(_ context: AppRequestContext) throws -> StaffUser {
        guard let staff = context.staff else { throw HTTPError(.unauthorized) }
        guard staff.role.canManageStaff else {
            context.logger.warning("viewer refused the staff page", metadata: ["staff": "\(staff.id)"])
            throw PageError.forbidden(
                "Only managers can see and manage staff.",
                advice: "Ask a manager if someone needs to be added, changed or disabled.")
        }
        return staff
    }

    static func memberID(_ context: AppRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), text.count <= 18, let id = Int64(text), id > 0 else { throw notFound }
        return id
    }
}
