import Hummingbird

/// Viewers may look at everything but change nothing: any POST of theirs, sign-out aside, is refused.
struct ManagerOnlyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .post, let staff = context.staff, !staff.role.canChangeOrders, request.uri.path != "/logout" {
            context.logger.warning(
                "viewer POST refused", metadata: ["staff": "\(staff.id)", "path": "\(request.uri.path)"])
            throw PageError.forbidden(
                "Your account can view orders but not change them, so nothing was changed.",
                advice: "Ask a manager to make this change, or to give your account the manager role.")
        }
        return try await next(request, context)
    }
}
