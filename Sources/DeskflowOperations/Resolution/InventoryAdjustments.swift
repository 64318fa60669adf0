import DeskflowDomain
import DeskflowStore
import Foundation

public enum StockAdjustmentFailure: Error {
    case unknownSKU(String)
    case invalid(FormErrors, StockLevel)
    case keyReused
}

/// Changing a product's units on hand, always with a reason that goes into the inventory ledger.
public struct InventoryAdjustments: Sendable {
    let database: any DeskflowDatabase
    let clock: AppClock

    public init(database: any DeskflowDatabase, clock: AppClock) {
        self.database = database
        self.clock = clock
    }

    public func adjust(sku: String, form: StockAdjustmentForm, key: String, staff: StaffUser) async throws -> String {
        let claim = IdempotencyClaim(
            key: key, staffID: staff.id, action: "stock",
            values: [sku, form.adjustment, form.onHand, form.reason])
        do {
            let result = try await database.adjustStock(sku: sku, actor: staff.name, idempotency: claim, now: clock.now) { level in
                switch form.validate(currentOnHand: level.onHand) {
                case .success(let change): return change
                case .failure(let errors): throw StockAdjustmentFailure.invalid(errors, level)
                }
            }
            if let replayed = result.replayed { return replayed.flash ?? "Stock for \(sku) updated." }
            let flash = "\(sku) now has \(result.level.onHand) on hand, \(result.level.available) available."
            try await database.updateStoredFlash(key: key, flash: flash)
            return flash
        } catch StockAdjustmentError.unknownSKU {
            throw StockAdjustmentFailure.unknownSKU(sku)
        } catch is IdempotencyKeyReused {
            throw StockAdjustmentFailure.keyReused
        }
    }
}
