import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowOperations

extension DeskflowOperationsTests {
    @Suite("Writing to the customer")
    struct CustomerMessagesTests {
        typealias F = ResolutionFixtures
        typealias C = CancelFixtures

        @Test("a message is queued in the outbox and shown on the timeline; the failure stays open", arguments: IssueKind.allCases)
        func sends(kind: IssueKind) async throws {
            // given a failed order and the message prefilled for it
            let database = try await F.demoStore()
            let order = try await C.demoOrder("\(kind)") { $0.issue?.kind == kind }
            let form = CustomerMessageForm.prefilled(for: order)
            let outboxBefore = try await F.count(database, "SELECT COUNT(*) FROM outbox")

            // when
            let flash = try await F.messages(database).send(
                number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff, form: form)

            // then
            #expect(flash == "Message to \(order.customer.email) queued for sending.")
            await #expect(try F.count(database, "SELECT COUNT(*) FROM outbox") == outboxBefore + 1)
            let outbox = try await #require(try Self.lastOutbox(database, order))
            #expect(outbox["kind"] as String == "customer_message")
            #expect(outbox["recipient"] as String == order.customer.email)
            #expect(outbox["subject"] as String == form.subject)
            #expect(outbox["body"] as String == form.body)
            #expect(outbox["state"] as String == "queued")
            let events = try await F.newEvents(database, order.number)
            #expect(events.map(\.kind) == [.customerMessaged])
            #expect(events.first?.summary == "Emailed \(order.customer.email): “\(form.subject)”.")
            #expect(events.first?.actor == F.staff.name)
            let after = try await F.current(database, order.number)
            #expect(after.issue == order.issue)
            #expect(after.status == order.status)
            #expect(after.version == order.version + 1)
        }

        @Test("the subject and body are sent trimmed")
        func trimmed() async throws {
            let database = try await F.demoStore()
            let order = try await F.cancelledOrder()

            _ = try await F.messages(database).send(
                number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff,
                form: CustomerMessageForm(subject: "  Your refund ", body: "\n Hello,\n\nIt is on its way.\n\n"))

            let outbox = try await #require(try Self.lastOutbox(database, order))
            #expect(outbox["subject"] as String == "Your refund")
            #expect(outbox["body"] as String == "Hello,\n\nIt is on its way.")
        }

        @Test(
            "an empty or overlong subject or body is refused beside the field, and nothing is queued",
            arguments: [
                ("", "Body", ["subject"]), ("Subject", "  ", ["body"]), ("", "", ["subject", "body"]),
                (String(repeating: "s", count: 151), "Body", ["subject"]),
                ("Subject", String(repeating: "b", count: 5_001), ["body"]),
            ])
        func invalid(subject: String, body: String, fields: [String]) async throws {
            let database = try await F.demoStore()
            let order = try await F.failed(.processingError)
            let before = try await C.picture(database, order.number)

            let named = await F.invalidFields {
                try await F.messages(database).send(
                    number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff,
                    form: CustomerMessageForm(subject: subject, body: body))
            }

            #expect(named == fields)
            await #expect(try C.picture(database, order.number) == before)
        }

        @Test("a message sent twice is queued once, with the same flash")
        func replay() async throws {
            let database = try await F.demoStore()
            let order = try await F.failed(.fulfillmentFailed)
            let key = UUID().uuidString
            let form = CustomerMessageForm(subject: "Your order", body: "It is delayed.")
            let messages = F.messages(database)

            let first = try await messages.send(number: order.number, version: order.version, key: key, staff: F.staff, form: form)
            let after = try await C.picture(database, order.number)
            let second = try await messages.send(number: order.number, version: order.version, key: key, staff: F.staff, form: form)

            #expect(second == first)
            await #expect(try C.picture(database, order.number) == after)
            await #expect(try F.count(database, "SELECT COUNT(*) FROM outbox WHERE order_id = ? AND kind = 'customer_message'", [order.id]) == 1)

            // and the same key with another message is refused
            #expect(
                await F.refusal {
                    try await messages.send(
                        number: order.number, version: order.version, key: key, staff: F.staff,
                        form: CustomerMessageForm(subject: "Your order", body: "Something else."))
                } == "keyReused")
        }
    }
}
