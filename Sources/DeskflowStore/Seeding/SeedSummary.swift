public struct SeedSummary: Equatable, Sendable {
    public var products: Int
    public var customers: Int
    public var orders: Int

    package init(products: Int, customers: Int, orders: Int) {
        self.products = products
        self.customers = customers
        self.orders = orders
    }
}
