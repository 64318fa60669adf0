import DeskflowDomain
import DeskflowStore
import Foundation
import Hummingbird

/// An API answer that is not a success, as DESIGN §4c shapes it: `{"error": {"code", "message", "field"}}`.
struct APIError: Error, Equatable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var field: String?

    init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    init(_ refusal: StorefrontRefusal) {
        self.init(.unprocessableContent, code: refusal.code, message: refusal.message, field: refusal.field)
    }

    static let unauthorized = APIError(
        .unauthorized, code: "unauthorized",
        message: "Send a live API token as `Authorization: Bearer <token>`; `deskflow token create` makes one.")

    static func notFound(_ message: String = "There is nothing at this address.") -> APIError {
        APIError(.notFound, code: "not_found", message: message)
    }

    private struct Envelope: Encodable {
        struct Body: Encodable {
            var code: String
            var message: String
            var field: String?
        }

        var error: Body
    }

    var response: Response {
        let body = (try? OrderDocument.makeEncoder().encode(Envelope(error: .init(code: code, message: message, field: field)))) ?? Data()
        var response = APIResponse.json(status: status, body: body)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }
}

enum APIResponse {
    static func json(status: HTTPResponse.Status, body: Data) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
