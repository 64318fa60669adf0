import DeskflowStore
import Hummingbird
import HummingbirdAuth
import NIOCore

public struct AppRequestContext: RequestContext, SessionRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let sessions: SessionContext<StaffSession>
    public let remoteAddress: SocketAddress?
    /// The signed-in staff member, set by `SignedInMiddleware`.
    public var staff: StaffUser?
    /// The address sign-in throttling and the logs know the client by: the peer, or behind a trusted proxy the
    /// address it forwarded (set by `ClientAddressMiddleware`).
    var clientAddress: String
    /// The storefront's API token, set by `APITokenMiddleware` on `/api/v1`.
    public var apiToken: APIToken?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
        remoteAddress = source.channel.remoteAddress
        clientAddress = remoteAddress?.ipAddress ?? "unknown"
        staff = nil
        apiToken = nil
    }

    /// A backstop only: `RequestBodyMiddleware` has already read the body within the configured limit.
    public var maxUploadSize: Int { 4 * 1024 * 1024 }

    var csrfToken: String? { sessions.session?.csrfToken }
}
