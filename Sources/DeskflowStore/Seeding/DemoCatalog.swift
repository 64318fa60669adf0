import DeskflowDomain
import Foundation

/// What the demo store sells and to whom, and the stock it opened with.
package enum DemoCatalog {
    /// The demo store's customers, without ids: distinct names drawn from the definition's lists.
    package static func customers(
        _ definition: DemoStoreDefinition, now: Date, using generator: inout SeededGenerator
    ) -> [SeedCustomer] {
        var customers: [SeedCustomer] = []
        var usedNames: Set<String> = []
        while customers.count < definition.customerCount {
            let first = definition.firstNames.randomElement(using: &generator)!
            let last = definition.lastNames.randomElement(using: &generator)!
            guard usedNames.insert("\(first) \(last)").inserted else { continue }
            let domain = ["example.com", "example.org", "example.net"].randomElement(using: &generator)!
            customers.append(
                SeedCustomer(
                    id: nil, name: "\(first) \(last)", email: "\(first.lowercased()).\(last.lowercased())@\(domain)",
                    createdAt: now.addingTimeInterval(-Double(definition.daysOfHistory + 30) * 86_400)))
        }
        return customers
    }

    /// Stock levels that agree with the ledger: opening stock plus what shipped gives today's count on hand. The
    /// levels first, then the ledger's opening counts, product by product in the definition's order.
    package static func openingStock(
        _ definition: DemoStoreDefinition, shipped: [String: Int], committed: [String: Int], openedAt: Date
    ) -> (levels: [SeedStockLevel], counts: [SeedStockMovement]) {
        let levels = definition.products.map { product in
            SeedStockLevel(sku: product.sku, onHand: product.onHand, committed: committed[product.sku] ?? 0)
        }
        let counts = definition.products.map { product in
            SeedStockMovement(
                sku: product.sku, orderID: nil, onHandChange: product.onHand + (shipped[product.sku] ?? 0),
                committedChange: 0, reason: "Opening stock count", actor: OrderSeeder.staffActor,
                createdAt: openedAt.addingTimeInterval(-86_400))
        }
        return (levels, counts)
    }
}
