import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import DeskflowStoreSQLite

/// The embedded warehouse. Its answers follow the data, never chance, so fixing the data fixes the retry:
/// an address without a postal code or street number, or a state that is not a two-letter code, fails processing;
/// a region the carrier does not reach, a PO box, or too few units on the shelf fail fulfillment.
public struct SimulatedWarehouse: Warehouse {
    /// Regions the ground carrier does not deliver to.
    public static let blockedRegions: Set<String> = ["AK", "HI", "PR"]

    let books: any SimulationBooks
    let outages: SimulatedOutages
    let clock: AppClock

    /// On an SQLite database the simulation is set up on (`Simulation.setUp(on:)`).
    public init(database: SQLiteStore, clock: AppClock) {
        self.init(books: SQLiteBooks(store: database), clock: clock)
    }

    init(books: any SimulationBooks, clock: AppClock) {
        self.books = books
        self.outages = SimulatedOutages(books: books)
        self.clock = clock
    }

    public func process(_ order: Order) async throws -> WarehouseOutcome {
        if let outage = try await currentOutage() { return Self.unavailable(outage) }
        return Self.processingOutcome(order.shippingAddress)
    }

    public func fulfill(_ order: Order) async throws -> WarehouseOutcome {
        if let outage = try await currentOutage() { return Self.unavailable(outage) }
        let stock = try await books.stockLevels(skus: order.lines.map(\.sku))
        return Self.fulfillmentOutcome(order, stock: stock)
    }

    /// During an outage (`deskflow outage warehouse …`) nothing is processed or shipped, so a retry afterwards
    /// is the first time the warehouse does the work.
    private func currentOutage() async throws -> OutageMode? {
        try await outages.mode(of: .warehouse, now: clock.now)
    }

    static func unavailable(_ mode: OutageMode) -> WarehouseOutcome {
        switch mode {
        case .timeout:
            .failed(code: "warehouse_timeout", message: "The warehouse did not answer in time. Nothing was packed; try again.")
        case .fail:
            .failed(code: "warehouse_unavailable", message: "The warehouse system is unavailable. Nothing was packed; try again later.")
        }
    }

    public static func processingOutcome(_ address: Address) -> WarehouseOutcome {
        if address.postalCode.isEmpty {
            return .failed(
                code: "missing_postal_code",
                message: "The shipping address has no postal code, so the carrier cannot rate the parcel.")
        }
        if !address.line1.contains(where: \.isNumber), !isPOBox(address.line1) {
            return .failed(
                code: "address_unverified", message: "The address could not be verified: address line 1 has no street number.")
        }
        if address.country == "US", address.region.count != 2 || !address.region.allSatisfy({ $0.isUppercase && $0.isASCII }) {
            return .failed(
                code: "tax_calculation_failed",
                message: "Sales tax could not be calculated: the state must be a two-letter code like OR.")
        }
        return .accepted
    }

    public static func fulfillmentOutcome(_ order: Order, stock: [StockLevel]) -> WarehouseOutcome {
        let address = order.shippingAddress
        if blockedRegions.contains(address.region.uppercased()) {
            return .failed(
                code: "carrier_rejected",
                message: "The carrier cannot deliver to this region with ground shipping: change the address or shipping method.")
        }
        if isPOBox(address.line1) || isPOBox(address.line2) {
            return .failed(code: "address_undeliverable", message: "The carrier does not deliver to PO boxes.")
        }
        let shortfalls = StockShortfall.of(order.lines, stock: stock)
        if !shortfalls.isEmpty {
            return .failed(
                code: "stock_unavailable",
                message: "Not enough stock to pack this order: " + shortfalls.map(\.description).joined(separator: "; ") + ".")
        }
        return .shipped(trackingNumber: "1ZDF\(String(order.number).leftPadded(to: 8))US")
    }

    static func isPOBox(_ line: String) -> Bool {
        let compact = line.lowercased().filter { $0.isLetter || $0.isNumber }
        return compact.hasPrefix("pobox")
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
