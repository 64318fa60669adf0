import Foundation

/// The body of one webhook POST, fixed when it is queued: every attempt sends these bytes, with this `id`. Both
/// engines queue it, so the storefront gets the same bytes whichever one it is.
package struct WebhookEnvelope: Encodable {
    package struct Data: Encodable {
        package var order: OrderDocument
    }

    package var id: String
    package var type: String
    package var createdAt: Date
    package var data: Data

    package init(id: String, type: String, createdAt: Date, order: OrderDocument) {
        self.id = id
        self.type = type
        self.createdAt = createdAt
        self.data = Data(order: order)
    }

    /// A new event id: random, so no other event (after a restore, or from another store sending to the same
    /// storefront) can ever share it.
    package static func newID() -> String {
        "evt_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    enum CodingKeys: String, CodingKey {
        case id, type, data
        case createdAt = "created_at"
    }
}
