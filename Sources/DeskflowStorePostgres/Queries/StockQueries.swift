import DeskflowDomain
import DeskflowStore
import PostgresNIO

extension PostgresStore {
    /// Every product's stock, by SKU.
    public func stockLevels() async throws -> [StockLevel] {
        try await client.queryWhileOpen("""
            SELECT p.sku, p.name, s.on_hand, s.committed FROM products p JOIN stock_levels s ON s.sku = p.sku
            ORDER BY p.sku
            """, logger: logger).readAll(Self.stockLevel)
    }

    /// Stock for the given SKUs only, by SKU.
    public func stockLevels(skus: [String]) async throws -> [StockLevel] {
        guard !skus.isEmpty else { return [] }
        return try await client.queryWhileOpen("""
            SELECT p.sku, p.name, s.on_hand, s.committed FROM products p JOIN stock_levels s ON s.sku = p.sku
            WHERE p.sku = ANY(\(skus)) ORDER BY p.sku
            """, logger: logger).readAll(Self.stockLevel)
    }

    /// The catalog's products among `skus`: those a storefront's lines may name.
    public func catalog(skus: [String]) async throws -> [String: CatalogProduct] {
        guard !skus.isEmpty else { return [:] }
        let products = try await client.queryWhileOpen(
            "SELECT sku, name, price_minor, currency FROM products WHERE sku = ANY(\(Array(Set(skus))))", logger: logger
        ).readAll { row in
            let sku = try row.value("sku", as: String.self)
            let currency = try row.currency("currency", table: "products", key: sku)
            return CatalogProduct(
                sku: sku, name: try row.value("name"),
                price: Money(minorUnits: try row.value("price_minor"), currency: currency))
        }
        return Dictionary(uniqueKeysWithValues: products.map { ($0.sku, $0) })
    }

    /// A `products` row joined with its `stock_levels` row.
    static func stockLevel(_ row: PostgresRandomAccessRow) throws -> StockLevel {
        StockLevel(
            sku: try row.value("sku"), name: try row.value("name"), onHand: try row.int("on_hand"),
            committed: try row.int("committed"))
    }
}
