import DeskflowStore
import Hummingbird
import Logging

/// Every answer under `/api/` that is not a success is JSON, whatever raised it: the API's own refusals, a body too
/// large or too slow, an unknown address, a database that cannot be used right now, or anything unexpected, which
/// is logged and answered as a plain 500 without detail.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard SitePath.isAPI(request.uri.path) else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response
        } catch let error as HTTPError {
            return Self.apiError(for: error).response
        } catch let damaged as CorruptRow {
            context.logger.error("stored data damaged", metadata: ["row": "\(damaged)", "path": "\(request.uri.path)"])
            return APIError(
                .serviceUnavailable, code: "damaged_data",
                message: "A stored row cannot be read (\(damaged.table).\(damaged.column)); run `deskflow check`.").response
        } catch {
            if let fault = DatabaseFault(error) {
                context.logger.error("database unavailable", metadata: ["fault": "\(fault.rawValue)", "path": "\(request.uri.path)"])
                var response = APIError(
                    .serviceUnavailable, code: "unavailable", message: "Deskflow cannot use its database right now; send the request again later."
                ).response
                response.headers[.retryAfter] = "\(PageError.retryAfterSeconds(fault))"
                return response
            }
            context.logger.error("API request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return APIError(.internalServerError, code: "internal", message: "Deskflow could not finish this request.").response
        }
    }

    static func apiError(for error: HTTPError) -> APIError {
        switch error.status {
        case .notFound: .notFound()
        case .contentTooLarge:
            APIError(.contentTooLarge, code: "too_large", message: "The request body is larger than Deskflow accepts.")
        case .requestTimeout:
            APIError(.requestTimeout, code: "timeout", message: "The request body did not arrive in time.")
        case .methodNotAllowed:
            APIError(.methodNotAllowed, code: "method_not_allowed", message: "This address does not take that method.")
        default:
            APIError(error.status, code: "bad_request", message: error.body ?? "The request could not be served.")
        }
    }
}
