import DeskflowOperations
import Foundation
import Hummingbird
import HummingbirdAuth

/// Staff sign-in and sign-out.
struct SessionController {
    let signIn: SignInService
    let renderer: PageRenderer
    let sessions: SessionSettings

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/login", use: showSignIn)
        router.post("/login", use: signInStaff)
        router.post("/logout", use: signOut)
    }

    /// GET /login — the sign-in form; a signed-in visitor goes straight on.
    @Sendable func showSignIn(request: Request, context: AppRequestContext) async throws -> Response {
        let next = SafeURL.localPath(request.uri.queryParameters["next"].map(String.init))
        if context.staff != nil { return .redirect(to: next, type: .normal) }
        sessions.ensureAnonymousSession(context)
        return try renderForm(context: context, email: "", next: next, failure: nil)
    }

    /// POST /login — checks the password; on success a new session (new id) replaces the anonymous one.
    @Sendable func signInStaff(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await FormFields(request: &request, context: context)
        let email = String((form["email"] ?? "").prefix(254))
        let password = String((form["password"] ?? "").prefix(1024))
        let next = SafeURL.localPath(form["next"])
        switch try await signIn.signIn(email: email, password: password, address: context.clientAddress) {
        case .success(let staff):
            try await sessions.rotate(to: staff, request: request, context: context)
            return .redirect(to: next, type: .normal)
        case .failure(let failure):
            return try renderForm(context: context, email: email, next: next, failure: failure)
        }
    }

    /// POST /logout — deletes the session on the server and expires the cookie.
    @Sendable func signOut(request: Request, context: AppRequestContext) async throws -> Response {
        context.sessions.clearSession()
        return .redirect(to: "/login", type: .normal)
    }

    private func renderForm(context: AppRequestContext, email: String, next: String, failure: SignInFailure?) throws -> Response {
        let page = SignInPage(
            chrome: PageChrome(title: "Sign in", context: context, consumeFlash: false),
            email: email, next: next, error: failure?.message, hasError: failure != nil)
        let status: HTTPResponse.Status = switch failure {
        case nil: .ok
        case .invalidCredentials: .unprocessableContent
        case .throttled: .tooManyRequests
        case .disabled: .forbidden
        }
        return try renderer.render("auth/sign-in", page, status: status)
    }
}
