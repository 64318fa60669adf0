import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Foundation
import HTTPTypes
import Hummingbird

/// The storefront's JSON API (DESIGN §4c, `Resources/openapi.yaml`): orders in, and what became of them out.
struct StorefrontAPIController {
    let database: any DeskflowDatabase
    let placeOrder: PlaceStorefrontOrder
    let tokens: StorefrontTokens

    static let pageSize = 50

    func addRoutes(to router: Router<AppRequestContext>) {
        let api = router.group(RouterPath(SitePath.api)).add(middleware: APITokenMiddleware(tokens: tokens))
        api.post("orders", use: create)
        api.get("orders", use: list)
        api.get("orders/:number", use: show)
    }

    /// POST /api/v1/orders
    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        guard let token = context.apiToken else { throw APIError.unauthorized }
        let key = try Self.idempotencyKey(of: request)
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let bytes = Data(buffer: body)
        let placed: Result<StorefrontPlacementResult, StorefrontRefusal>
        if let earlier = try await placeOrder.earlierAnswer(token: token, key: key, body: bytes) {
            placed = .success(earlier)
        } else {
            let order = try Self.decode(StorefrontOrderRequest.self, from: bytes)
            placed = try await placeOrder.place(order, body: bytes, token: token, key: key) { document in
                (201, try OrderDocument.makeEncoder().encode(document))
            }
        }
        switch placed {
        case .failure(let refusal):
            throw APIError(refusal)
        case .success(.placed(let number, let status, let body)):
            context.logger.info("order placed through the API", metadata: ["order": "\(number)", "token": "\(token.id)"])
            var response = APIResponse.json(status: .init(code: status), body: body)
            response.headers[.location] = SitePath.apiOrder(number)
            return response
        case .success(.replayed(let status, let body)):
            var response = APIResponse.json(status: .init(code: status), body: body)
            response.headers[Self.replayedHeader] = "true"
            return response
        case .success(.keyReused):
            throw APIError(
                .unprocessableContent, code: "idempotency_key_reused",
                message: "This Idempotency-Key was used before with a different body; use a new key for a new request.")
        case .success(.numberTaken(let number)):
            throw APIError(.conflict, code: "duplicate_number", message: "Order #\(number) exists already.", field: "number")
        }
    }

    /// GET /api/v1/orders/{number}
    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        guard let number = context.parameters.get("number", as: Int.self),
              let document = try await database.orderDocument(number: number)
        else { throw APIError.notFound("There is no order with that number.") }
        return APIResponse.json(status: .ok, body: try OrderDocument.makeEncoder().encode(document))
    }

    /// GET /api/v1/orders?updated_since=…&cursor=…
    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var since: Date?
        if let text = query["updated_since"].map(String.init) {
            guard let date = ISO8601Time.parse(text) else {
                throw APIError(
                    .badRequest, code: "invalid_parameter", message: "updated_since must be an ISO 8601 time, like 2026-11-30T12:00:00Z.",
                    field: "updated_since")
            }
            since = date
        }
        var cursor: OrderChangeCursor?
        if let text = query["cursor"].map(String.init) {
            guard let decoded = Data(base64URL: text).flatMap({ OrderChangeCursor(token: String(decoding: $0, as: UTF8.self)) }) else {
                throw APIError(.badRequest, code: "invalid_parameter", message: "cursor must be a next_cursor this API gave.", field: "cursor")
            }
            cursor = decoded
        }
        let page = try await database.orderDocuments(changedSince: since, after: cursor, limit: Self.pageSize)
        let next = page.count == Self.pageSize ? page.last.map { Data($0.cursor.token.utf8).base64URLEncoded } : nil
        let body = try OrderDocument.makeEncoder().encode(OrderPage(orders: page.map(\.document), nextCursor: next))
        return APIResponse.json(status: .ok, body: body)
    }

    struct OrderPage: Encodable {
        var orders: [OrderDocument]
        var nextCursor: String?

        enum CodingKeys: String, CodingKey {
            case orders
            case nextCursor = "next_cursor"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(orders, forKey: .orders)
            // Always present: `null` says this was the last page.
            try container.encode(nextCursor, forKey: .nextCursor)
        }
    }

    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!
    static let idempotencyKeyHeader = HTTPField.Name("Idempotency-Key")!

    static func idempotencyKey(of request: Request) throws -> String {
        guard let key = request.headers[idempotencyKeyHeader]?.trimmingCharacters(in: .whitespaces), !key.isEmpty else {
            throw APIError(
                .badRequest, code: "missing_idempotency_key",
                message: "Every POST needs an Idempotency-Key header (a new UUID per order), so a retry never places it twice.",
                field: "Idempotency-Key")
        }
        guard key.count <= 255, key.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }) else {
            throw APIError(
                .badRequest, code: "invalid_idempotency_key", message: "The Idempotency-Key must be 1 to 255 visible ASCII characters.",
                field: "Idempotency-Key")
        }
        return key
    }

    /// The body as `type`, or an answer naming what is wrong: 400 for what is not JSON at all, 422 for a field that
    /// is missing or of the wrong type.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: Data) throws -> T {
        let decoder = OrderDocument.makeDecoder()
        do {
            return try decoder.decode(type, from: bytes)
        } catch let error as DecodingError {
            switch error {
            case .keyNotFound(let key, let context):
                let field = fieldPath(context.codingPath + [key])
                throw APIError(.unprocessableContent, code: "missing_field", message: "\(field) is required.", field: field)
            case .typeMismatch(_, let context) where context.codingPath.isEmpty, .valueNotFound(_, let context) where context.codingPath.isEmpty:
                throw APIError(.badRequest, code: "malformed_json", message: "The body must be a JSON object.")
            case .valueNotFound(_, let context):
                let field = fieldPath(context.codingPath)
                throw APIError(.unprocessableContent, code: "missing_field", message: "\(field) is required.", field: field)
            case .typeMismatch(let expected, let context):
                let field = fieldPath(context.codingPath)
                throw APIError(
                    .unprocessableContent, code: "invalid_field", message: "\(field) must be \(describe(expected)).", field: field)
            case .dataCorrupted(let context) where !context.codingPath.isEmpty:
                let field = fieldPath(context.codingPath)
                throw APIError(.unprocessableContent, code: "invalid_field", message: "\(field) is not valid: \(context.debugDescription)", field: field)
            default:
                throw APIError(.badRequest, code: "malformed_json", message: "The body is not a JSON object this API understands.")
            }
        }
    }

    static func fieldPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "body" : text
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: "a whole number"
        case is String.Type: "text"
        case is Date.Type: "an ISO 8601 time"
        default: "of another type"
        }
    }
}

extension Data {
    /// Base64 with the URL-safe alphabet and no padding: fits in a query string as it is.
    var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
