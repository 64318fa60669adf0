import DeskflowStore
import Testing

@Suite("A changed-orders cursor read back from its token")
struct OrderChangeCursorTests {
    @Test(
        "a moment as the engines write it, naming a real day and time, with an order id, is a cursor",
        arguments: [
            "2026-11-27 12:00:00.000|7", "2026-11-27T12:00:00.000|7", "2026-11-27 12:00:00|7",
            "2024-02-29 23:59:59.999999|1", "2000-02-29 00:00:00.000|9223372036854775807",
        ])
    func accepted(token: String) {
        #expect(OrderChangeCursor(token: token)?.token == token)
    }

    @Test(
        "anything else is no cursor, so no engine is asked to compare or cast it",
        arguments: [
            "", "|7", "2026-11-27 12:00:00.000", "2026-11-27 12:00:00.000|0", "2026-11-27 12:00:00.000|-1",
            "2026-11-27 12:00:00.000|x", "2026-13-01 00:00:00.000|1", "2026-00-01 00:00:00.000|1",
            "2026-02-29 00:00:00.000|1", "1900-02-29 00:00:00.000|1", "2026-04-31 00:00:00.000|1",
            "2026-11-27 24:00:00.000|1", "2026-11-27 12:60:00.000|1", "2026-11-27 12:00:60.000|1",
            "2026-11-27 12:00:00.|1", "2026-11-27 12:00:00.1234567|1", "2026-11-27 12:00:00.00a|1",
            "2026-11-27 12:00:00.000+00:00|1", "2026/11/27 12:00:00.000|1", "'; DROP TABLE orders; --|1",
            "２０２６-11-27 12:00:00.000|1", "+026-11-27 12:00:00.000|1", "2026-11-27 12:00:00.000|1|2",
        ])
    func refused(token: String) {
        #expect(OrderChangeCursor(token: token) == nil)
    }
}
