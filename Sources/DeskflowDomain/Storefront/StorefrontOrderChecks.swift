import Foundation

extension StorefrontOrderRequest {
    /// The most units one line may hold, and the largest amount in minor units any one figure may be: far beyond a
    /// real basket, small enough that no total can overflow.
    public static let maximumQuantity = 10_000
    public static let maximumLines = 100
    public static let maximumMinorUnits: Int64 = 100_000_000_000

    /// The order, or the first thing wrong with it. `catalog` holds the products of the request's SKUs that exist.
    public func validate(catalog: [String: CatalogProduct]) -> Result<StorefrontOrder, StorefrontRefusal> {
        do {
            return .success(try checked(catalog: catalog))
        } catch {
            return .failure(error)
        }
    }

    private func checked(catalog: [String: CatalogProduct]) throws(StorefrontRefusal) -> StorefrontOrder {
        if let number, number <= 0 || number > 999_999_999 {
            throw .invalid("number", "The order number must be a whole number from 1 to 999999999.")
        }
        guard let currency = Currency(code: currency), currency.code == self.currency else {
            throw .invalid("currency", "The currency must be one of \(Currency.supported.map(\.code).joined(separator: ", ")), in capitals.")
        }
        let customerName = try Self.text(customer.name, TextField("customer.name", label: "Customer name"))
        let customerEmail = try Self.text(customer.email, TextField("customer.email", label: "Customer email", maximumLength: 254))
        guard Self.looksLikeEmail(customerEmail) else {
            throw .invalid("customer.email", "The customer email must be an address like name@example.com.")
        }
        let address = try shippingAddress.validated()

        guard !lines.isEmpty else { throw .invalid("lines", "An order needs at least one line.") }
        guard lines.count <= Self.maximumLines else { throw .invalid("lines", "An order may have at most \(Self.maximumLines) lines.") }
        var items: [LineItem] = []
        for (index, line) in lines.enumerated() {
            let field = "lines[\(index)]"
            guard let product = catalog[line.sku] else {
                throw StorefrontRefusal(code: "unknown_sku", field: "\(field).sku", message: "There is no product with SKU \(line.sku).")
            }
            guard product.price.currency == currency else {
                throw StorefrontRefusal(
                    code: "currency_mismatch", field: "\(field).sku",
                    message: "\(line.sku) is sold in \(product.price.currency.code), but the order is in \(currency.code).")
            }
            guard (1...Self.maximumQuantity).contains(line.quantity) else {
                throw .invalid("\(field).quantity", "The quantity must be a whole number from 1 to \(Self.maximumQuantity).")
            }
            let unitPrice = try Self.amount(line.unitPriceMinor, "\(field).unit_price_minor", currency)
            var name = product.name
            if let given = line.name { name = try Self.text(given, TextField("\(field).name", label: "Line name", maximumLength: 200)) }
            items.append(LineItem(sku: line.sku, name: name, quantity: line.quantity, unitPrice: unitPrice))
        }
        let totals = OrderTotals.forLines(
            items, shipping: try Self.amount(shippingMinor, "shipping_minor", currency), tax: try Self.amount(taxMinor, "tax_minor", currency))
        return StorefrontOrder(
            number: number, placedAt: placedAt, customerName: customerName, customerEmail: customerEmail,
            shippingAddress: address, lines: items, totals: totals, payment: try payment.validated(total: totals.total))
    }

    static func text(_ raw: String, _ field: TextField) throws(StorefrontRefusal) -> String {
        var errors: [FieldError] = []
        guard let value = field.check(raw, into: &errors) else {
            throw .invalid(field.name, errors.first?.message ?? "The \(field.label.lowercased()) is not valid.")
        }
        return value
    }

    static func amount(_ minorUnits: Int64, _ field: String, _ currency: Currency) throws(StorefrontRefusal) -> Money {
        guard minorUnits >= 0 else { throw .invalid(field, "An amount cannot be negative.") }
        guard minorUnits <= maximumMinorUnits else { throw .invalid(field, "The amount is larger than Deskflow accepts.") }
        return Money(minorUnits: minorUnits, currency: currency)
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(where: \.isWhitespace)
    }
}

extension StorefrontOrderRequest.ShippingAddress {
    func validated() throws(StorefrontRefusal) -> Address {
        let form = AddressForm(
            name: name, line1: line1, line2: line2 ?? "", city: city, region: region, postalCode: postalCode, country: country)
        switch form.validate() {
        case .success(let address): return address
        case .failure(let errors):
            let first = errors.errors.first
            throw .invalid("shipping_address.\(first?.field ?? "name")", first?.message ?? "The shipping address is not valid.")
        }
    }
}

extension StorefrontOrderRequest.Payment {
    func validated(total: Money) throws(StorefrontRefusal) -> StorefrontOrder.Payment {
        guard let provider = PaymentProvider(rawValue: provider) else {
            throw .invalid("payment.provider", "The payment provider must be stripe, simulated or manual.")
        }
        guard let status = StorefrontPaymentStatus(rawValue: status) else {
            throw .invalid("payment.status", "The payment status must be authorized, paid, pending or failed.")
        }
        var reference: String?
        if let given = self.reference {
            reference = try StorefrontOrderRequest.text(given, TextField("payment.reference", label: "Payment reference", maximumLength: 255))
        }
        if provider == .stripe, !(reference?.hasPrefix("pi_") ?? false) {
            throw .invalid("payment.reference", "A Stripe payment needs its PaymentIntent id (pi_…) as the reference.")
        }
        if provider == .manual, ![.paid, .pending].contains(status) {
            throw .invalid("payment.status", "A manual payment is either paid or pending: no gateway authorizes or declines it.")
        }
        var card: PaymentMethod?
        if let method {
            let brand = try StorefrontOrderRequest.text(method.brand, TextField("payment.method.brand", label: "Card brand", maximumLength: 30))
            guard method.last4.count == 4, method.last4.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw .invalid("payment.method.last4", "The last four digits must be four digits.")
            }
            card = PaymentMethod(brand: brand, last4: method.last4)
        }
        let amount = try StorefrontOrderRequest.amount(amountMinor, "payment.amount_minor", total.currency)
        guard amount == total else {
            throw StorefrontRefusal(
                code: "totals_mismatch", field: "payment.amount_minor",
                message: "The payment is \(amount.minorUnits), but the lines, shipping and tax add up to \(total.minorUnits).")
        }
        var failure: String?
        if status == .failed {
            guard let failureMessage else {
                throw .invalid("payment.failure_message", "A failed payment needs the failure message the customer saw.")
            }
            failure = try StorefrontOrderRequest.text(failureMessage, TextField("payment.failure_message", label: "Failure message", maximumLength: 500))
        }
        return StorefrontOrder.Payment(
            source: PaymentSource(provider: provider, reference: reference, method: card), status: status, amount: amount,
            failureMessage: failure)
    }
}
