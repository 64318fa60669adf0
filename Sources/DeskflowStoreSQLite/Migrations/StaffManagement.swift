import GRDB

extension Migrations {
    /// Managing staff from the staff page: when a member was disabled (a disabled member cannot sign in), when they
    /// last signed in, and whose each session is, so that disabling a member ends their sessions at once.
    static func addStaffManagement(_ db: Database) throws {
        try db.alter(table: "staff_users") { t in
            t.add(column: "disabled_at", .datetime)
            t.add(column: "last_signed_in_at", .datetime)
        }
        try db.alter(table: "sessions") { t in
            t.add(column: "staff_id", .integer)
        }
        // Sessions from before this migration name their member only inside their data; a row whose data is not
        // JSON is left unnamed and still ends when a disabled member's next request is refused.
        try db.execute(sql: """
            UPDATE sessions SET staff_id = json_extract(CAST(data AS TEXT), '$.staffID')
            WHERE json_valid(CAST(data AS TEXT))
            """)
        try db.create(index: "sessions_by_staff", on: "sessions", columns: ["staff_id"])
    }
}
