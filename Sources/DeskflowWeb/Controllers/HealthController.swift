import DeskflowStore
import Hummingbird

/// Liveness for load balancers: answers 200 while the database can be read.
struct HealthController {
    let database: any DeskflowDatabase

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/healthz", use: health)
    }

    /// GET /healthz
    @Sendable func health(request: Request, context: AppRequestContext) async throws -> Response {
        try await database.ensureReadable()
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
    }
}
