import DeskflowDomain
import DeskflowStore
import Foundation

/// A `role` column read back; an unknown value names its row, as SQLite's records do.
func staffRole(_ text: String, table: String, id: Int64) throws -> StaffRole {
    guard let role = StaffRole(rawValue: text) else {
        throw CorruptRow(table: table, column: "role", value: text, key: String(id), orderNumber: nil)
    }
    return role
}

/// The columns of `staff_users` the store reads, in this order.
let staffUserColumns = "id, email, name, role, password_hash, created_at, disabled_at, last_signed_in_at"

/// One `staff_users` row, as `staffUserColumns` selects it.
struct StaffUserRow {
    typealias Columns = (Int64, String, String, String, String, Date, Date?, Date?)

    var id: Int64
    var email: String
    var name: String
    var role: StaffRole
    var passwordHash: String
    var createdAt: Date
    var disabledAt: Date?
    var lastSignedInAt: Date?

    init(_ columns: Columns) throws {
        (id, email, name, _, passwordHash, createdAt, disabledAt, lastSignedInAt) = columns
        role = try staffRole(columns.3, table: "staff_users", id: columns.0)
    }

    var user: StaffUser { StaffUser(id: id, email: email, name: name, role: role) }

    var member: StaffMember {
        StaffMember(
            id: id, email: email, name: name, role: role, state: disabledAt == nil ? .active : .disabled,
            createdAt: createdAt, lastSignedInAt: lastSignedInAt)
    }
}
