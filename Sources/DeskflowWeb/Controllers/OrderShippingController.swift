import DeskflowDomain
import DeskflowOperations
import Hummingbird

/// Resolving processing and fulfillment failures: the address, processing, fulfillment.
struct OrderShippingController {
    let responder: OrderActionResponder
    let shipping: ShippingResolution

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/orders/:number/address", use: showAddressForm)
        router.post("/orders/:number/address", use: updateAddress)
        router.post("/orders/:number/processing/retry", use: retryProcessing)
        router.post("/orders/:number/fulfillment/retry", use: retryFulfillment)
        router.get("/orders/:number/fulfill", use: showFulfillForm)
        router.post("/orders/:number/fulfill", use: fulfill)
    }

    /// GET /orders/{number}/address — the shipping address form, filled in with the address on file.
    @Sendable func showAddressForm(request: Request, context: AppRequestContext) async throws -> Response {
        try await responder.showForm(.fixAddress, context: context) { order, key in
            .form(OrderForms.address(order, AddressForm(order.shippingAddress), nil, csrf: context.csrfToken ?? "", key: key))
        }
    }

    /// POST /orders/{number}/address — saves a checked address.
    @Sendable func updateAddress(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let (detail, fields, change, staff) = try await responder.begin(&request, context: context)
        let form = AddressForm(
            name: fields.text("name"), line1: fields.text("line1"), line2: fields.text("line2"), city: fields.text("city"),
            region: fields.text("region"), postalCode: fields.text("postal_code"), country: fields.text("country"))
        return try await responder.respond(detail, context: context, change: change, dialogOnError: { order, errors, key in
            .form(OrderForms.address(order, form, errors, csrf: context.csrfToken ?? "", key: key))
        }) {
            try await shipping.updateAddress(number: detail.order.number, version: change.version, key: change.idempotencyKey, staff: staff, form: form)
        }
    }

    /// POST /orders/{number}/processing/retry — runs processing again.
    @Sendable func retryProcessing(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let (detail, _, change, staff) = try await responder.begin(&request, context: context)
        return try await responder.respond(detail, context: context, change: change) {
            try await shipping.retryProcessing(number: detail.order.number, version: change.version, key: change.idempotencyKey, staff: staff)
        }
    }

    /// POST /orders/{number}/fulfillment/retry — hands the order to the warehouse again.
    @Sendable func retryFulfillment(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let (detail, _, change, staff) = try await responder.begin(&request, context: context)
        return try await responder.respond(detail, context: context, change: change) {
            try await shipping.retryFulfillment(number: detail.order.number, version: change.version, key: change.idempotencyKey, staff: staff)
        }
    }

    /// GET /orders/{number}/fulfill — the fulfill form.
    @Sendable func showFulfillForm(request: Request, context: AppRequestContext) async throws -> Response {
        try await responder.showForm(.fulfill, context: context) { order, key in
            .form(OrderForms.fulfill(order, tracking: "", nil, csrf: context.csrfToken ?? "", key: key))
        }
    }

    /// POST /orders/{number}/fulfill — ships a ready order.
    @Sendable func fulfill(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let (detail, fields, change, staff) = try await responder.begin(&request, context: context)
        let tracking = String(fields.text("tracking_number").prefix(200))
        return try await responder.respond(detail, context: context, change: change, dialogOnError: { order, errors, key in
            .form(OrderForms.fulfill(order, tracking: tracking, errors, csrf: context.csrfToken ?? "", key: key))
        }) {
            try await shipping.fulfill(
                number: detail.order.number, version: change.version, key: change.idempotencyKey, staff: staff, trackingNumber: tracking)
        }
    }
}
