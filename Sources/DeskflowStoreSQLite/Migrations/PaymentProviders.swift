import GRDB

extension Migrations {
    /// Each order's money moves through its own provider: orders from before this went through the simulation.
    /// The reference is the provider's id for the payment (a Stripe PaymentIntent); the method reference is the payment
    /// method a manager recorded for the next charge (a Stripe PaymentMethod).
    static func addPaymentProviders(_ db: Database) throws {
        try db.alter(table: "orders") { t in
            t.add(column: "payment_provider", .text).notNull().defaults(to: "simulated")
            t.add(column: "payment_reference", .text)
            t.add(column: "payment_method_reference", .text)
        }
    }
}
