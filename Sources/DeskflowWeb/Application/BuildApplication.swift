import DeskflowOperations
import DeskflowStore
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore

/// Builds the whole web application. The executable and the tests both come through here.
public func buildApplication(
    configuration: AppConfiguration, database: any DeskflowDatabase, logger: Logger
) async throws -> some ApplicationProtocol {
    // With a storefront endpoint, every order write queues the events it causes in the same transaction.
    let database = configuration.webhooks.map { database.sendingWebhooks(to: $0.endpoint) } ?? database
    let composer = try await EmailComposer(templatesDirectory: configuration.templatesDirectory, identity: configuration.mailIdentity)
    let router = try await buildRouter(configuration: configuration, database: database, composer: composer, logger: logger)
    logger.notice("instance starting", metadata: ["instance": "\(configuration.instance)"])
    let worker = DeliveryWorker(
        database: database, instance: configuration.instance, composer: composer,
        transport: configuration.mailTransport(), webhooks: configuration.webhooks?.sender,
        policy: configuration.deliveryPolicy, clock: configuration.clock, logger: logger)
    let payments = PaymentCalls(
        database: database, gateway: try await configuration.outsideSystems(database, logger: logger).gateway,
        clock: configuration.clock, logger: logger)
    let paymentRecovery = PaymentRecoveryService(payments: payments, jobs: database.jobs, logger: logger)
    var app = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: TimeAmount(configuration.readTimeout))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Deskflow"),
        services: configuration.runsBackgroundServices
            ? [
                DeliveryService(worker: worker, startupRecovery: configuration.startupRecovery), HousekeepingService(database: database, clock: configuration.clock, logger: logger),
                paymentRecovery,
            ]
            : [],
        logger: logger)
    // A payment call recorded as pending but never answered (the process stopped in between) is finished with
    // its original idempotency key before new requests come in (with other instances possibly sharing the database,
    // once its lease has run out).
    app.beforeServerStarts { try await paymentRecovery.resumeAtStart(configuration.startupRecovery) }
    return app
}

func buildRouter(
    configuration: AppConfiguration, database: any DeskflowDatabase, composer: EmailComposer, logger: Logger
) async throws -> Router<AppRequestContext> {
    let format = DisplayFormat(timeZone: configuration.timeZone)
    let renderer = try PageRenderer(
        templatesDirectory: configuration.templatesDirectory, format: format, audit: configuration.pageAudit)
    let persist = SessionPersistDriver(database: database, clock: configuration.clock, logger: logger)
    let sessions = SessionSettings(
        clock: configuration.clock, makeToken: configuration.makeToken,
        idleLifetime: configuration.sessionIdleLifetime, persist: persist)
    let signIn = await SignInService(
        database: database, hasher: configuration.passwordHasher, clock: configuration.clock, logger: logger)

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ClientAddressMiddleware(trustedProxies: configuration.trustedProxies))
    router.add(middleware: LogRequestsMiddleware(.info))
    // Outside everything else, so error pages are compressed too.
    router.add(middleware: ResponseCompressionMiddleware(encoder: GzipEncoder()))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorPageMiddleware(renderer: renderer))
    router.add(middleware: APIErrorMiddleware())
    router.add(middleware: RequestBodyMiddleware(limit: configuration.requestBodyLimit, deadline: configuration.readTimeout))
    router.add(middleware: StaticFilesMiddleware(assets: try StaticAssets.load(from: configuration.publicDirectory)))
    router.add(middleware: AdminOnly(SessionMiddleware(
        storage: persist,
        configuration: .init(
            sessionCookieParameters: .init(
                name: SessionSettings.cookieName, path: "/", secure: configuration.secureCookies, sameSite: .lax),
            keyPrefix: SessionSettings.keyPrefix,
            defaultSessionExpiration: configuration.sessionIdleLifetime))))
    router.add(middleware: AdminOnly(SignedInMiddleware(
        database: database, clock: configuration.clock,
        idleLifetime: configuration.sessionIdleLifetime, absoluteLifetime: configuration.sessionAbsoluteLifetime)))
    // Errors from here on are rendered knowing who is signed in; the outer error page catches the rest.
    router.add(middleware: AdminOnly(ErrorPageMiddleware(renderer: renderer)))
    router.add(middleware: AdminOnly(CSRFMiddleware()))
    router.add(middleware: AdminOnly(ManagerOnlyMiddleware()))

    HealthController(database: database).addRoutes(to: router)
    SessionController(signIn: signIn, renderer: renderer, sessions: sessions).addRoutes(to: router)
    let orderPage = OrderPage(
        database: database, renderer: renderer, makeToken: configuration.makeToken, support: configuration.supportAddress)
    let orders = OrdersController(database: database, renderer: renderer, makeToken: configuration.makeToken, orderPage: orderPage)
    orders.addRoutes(to: router)
    let (gateway, warehouse) = try await configuration.outsideSystems(database, logger: logger)
    let responder = OrderActionResponder(orderPage: orderPage, makeToken: configuration.makeToken)
    let cancelOrder = CancelOrder(database: database, gateway: gateway, clock: configuration.clock, logger: logger)
    OrderCancellationController(
        orderPage: orderPage, responder: responder, cancelOrder: cancelOrder, makeToken: configuration.makeToken
    ).addRoutes(to: router)
    OrderRefundController(
        orderPage: orderPage, responder: responder,
        refundOrder: RefundOrder(database: database, gateway: gateway, clock: configuration.clock, logger: logger)
    ).addRoutes(to: router)
    let payments = PaymentResolution(database: database, gateway: gateway, clock: configuration.clock, logger: logger)
    let retryRefund = RetryRefund(database: database, gateway: gateway, clock: configuration.clock, logger: logger)
    OrderRefundsController(retryRefund: retryRefund, responder: responder, payments: payments).addRoutes(to: router)
    OrderPaymentController(responder: responder, payments: payments, methods: gateway.availableMethods).addRoutes(to: router)
    let shipping = ShippingResolution(
        database: database, warehouse: warehouse, gateway: gateway, clock: configuration.clock, logger: logger)
    OrderShippingController(responder: responder, shipping: shipping).addRoutes(to: router)
    OrdersBulkController(
        list: orders,
        bulk: BulkOrderActions(
            database: database, clock: configuration.clock, payments: payments, shipping: shipping,
            retryRefund: retryRefund, cancelOrder: cancelOrder, logger: logger),
        renderer: renderer
    ).addRoutes(to: router)
    OrderMessagesController(
        responder: responder, messages: CustomerMessages(database: database, clock: configuration.clock)
    ).addRoutes(to: router)
    OrderSupportController(
        responder: responder,
        requests: SupportRequests(database: database, clock: configuration.clock, address: configuration.supportAddress)
    ).addRoutes(to: router)
    NotificationsController(
        database: database, renderer: renderer, composer: composer, clock: configuration.clock,
        makeToken: configuration.makeToken
    ).addRoutes(to: router)
    InventoryController(
        database: database, renderer: renderer,
        adjustments: InventoryAdjustments(database: database, clock: configuration.clock), makeToken: configuration.makeToken
    ).addRoutes(to: router)
    ReportsController(database: database, renderer: renderer, clock: configuration.clock).addRoutes(to: router)
    StaffController(
        database: database, renderer: renderer,
        accounts: StaffAccounts(
            database: database, hasher: configuration.passwordHasher, clock: configuration.clock,
            makePassword: configuration.makePassword),
        makeToken: configuration.makeToken
    ).addRoutes(to: router)
    StorefrontAPIController(
        database: database,
        placeOrder: PlaceStorefrontOrder(
            database: database, clock: configuration.clock, simulatedLedger: try await configuration.simulatedLedger(database)),
        tokens: StorefrontTokens(database: database, clock: configuration.clock)
    ).addRoutes(to: router)
    return router
}
