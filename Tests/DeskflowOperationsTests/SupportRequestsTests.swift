import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowOperations

extension DeskflowOperationsTests {
    @Suite("Asking support for help")
    struct SupportRequestsTests {
        typealias F = ResolutionFixtures
        typealias C = CancelFixtures

        static let address = SupportAddress("support@example.com")!

        static func requests(_ database: any DeskflowDatabase, address: SupportAddress? = Self.address) -> SupportRequests {
            SupportRequests(database: database, clock: C.clock, address: address)
        }

        static func form(_ order: Order, _ database: any DeskflowDatabase) async throws -> SupportRequestForm {
            let detail = try await C.detail(database, order.number)
            return SupportRequestForm.prefilled(
                for: order, timeline: detail.events, orderPath: "/orders/\(order.number)", time: { $0.formatted(.iso8601) })
        }

        @Test("a request is queued for the support address, replies to the manager, and is on the timeline", arguments: [
            IssueKind.processingError, .fulfillmentFailed,
        ])
        func sends(kind: IssueKind) async throws {
            // given a failed order and the request prefilled for it
            let database = try await F.demoStore()
            let order = try await F.failed(kind)
            let form = try await Self.form(order, database)

            // when
            let flash = try await Self.requests(database).send(
                number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff, form: form)

            // then
            #expect(flash == "Sent to support@example.com. The request is on the order's timeline.")
            let outbox = try await #require(try await CustomerMessagesTests.lastOutbox(database, order))
            #expect(outbox["kind"] as String == "support_request")
            #expect(outbox["recipient"] as String == "support@example.com")
            #expect(outbox["reply_to"] as String? == F.staff.email)
            #expect(outbox["subject"] as String == form.subject)
            #expect(outbox["body"] as String == form.body)
            #expect(outbox["state"] as String == "queued")
            let events = try await F.newEvents(database, order.number)
            #expect(events.map(\.kind) == [.supportRequested])
            #expect(events.first?.summary == "Asked support (support@example.com) for help: “\(form.subject)”.")
            #expect(events.first?.actor == F.staff.name)
            let after = try await F.current(database, order.number)
            #expect(after.issue == order.issue)
            #expect(after.version == order.version + 1)
        }

        @Test("without a support address nothing is queued, and the refusal says how to set one")
        func notConfigured() async throws {
            let database = try await F.demoStore()
            let order = try await F.failed(.processingError)
            let before = try await C.picture(database, order.number)

            let refusal = await F.refusal {
                try await Self.requests(database, address: nil).send(
                    number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff,
                    form: SupportRequestForm(subject: "Help", body: "Please."))
            }

            #expect(refusal == "notAllowed: Start Deskflow with --support-email ADDRESS to send requests to your support team.")
            await #expect(try C.picture(database, order.number) == before)
        }

        @Test(
            "an empty or overlong subject or body is refused beside the field, and nothing is queued",
            arguments: [
                ("", "Body", ["subject"]), ("Subject", " \n ", ["body"]), ("", "", ["subject", "body"]),
                (String(repeating: "s", count: 201), "Body", ["subject"]),
                ("Subject", String(repeating: "b", count: SupportRequestForm.maximumBodyLength + 1), ["body"]),
            ])
        func invalid(subject: String, body: String, fields: [String]) async throws {
            let database = try await F.demoStore()
            let order = try await F.failed(.fulfillmentFailed)
            let before = try await C.picture(database, order.number)

            let named = await F.invalidFields {
                try await Self.requests(database).send(
                    number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff,
                    form: SupportRequestForm(subject: subject, body: body))
            }

            #expect(named == fields)
            await #expect(try C.picture(database, order.number) == before)
        }

        @Test("a payment failure is not handed to support")
        func paymentFailure() async throws {
            let database = try await F.demoStore()
            let order = try await F.failed(.paymentFailed)
            let refusal = await F.refusal {
                try await Self.requests(database).send(
                    number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff,
                    form: SupportRequestForm(subject: "Help", body: "Please."))
            }
            #expect(refusal == "notAllowed: Only a processing error or a failed fulfillment is handed to support.")
        }

        @Test("a request sent twice under one key is queued once, with the same flash; another request under it is refused")
        func replay() async throws {
            let database = try await F.demoStore()
            let order = try await F.failed(.processingError)
            let key = UUID().uuidString
            let form = SupportRequestForm(subject: "Order help", body: "Diagnostics.")
            let requests = Self.requests(database)

            let first = try await requests.send(number: order.number, version: order.version, key: key, staff: F.staff, form: form)
            let after = try await C.picture(database, order.number)
            let second = try await requests.send(number: order.number, version: order.version, key: key, staff: F.staff, form: form)

            #expect(second == first)
            await #expect(try C.picture(database, order.number) == after)
            await #expect(
                try F.count(database, "SELECT COUNT(*) FROM outbox WHERE order_id = ? AND kind = 'support_request'", [order.id]) == 1)
            #expect(
                await F.refusal {
                    try await requests.send(
                        number: order.number, version: order.version, key: key, staff: F.staff,
                        form: SupportRequestForm(subject: "Order help", body: "Other diagnostics."))
                } == "keyReused")
        }

        @Test("the delivery worker sends the request to the support address, from the store, with Reply-To the manager")
        func delivered() async throws {
            // given a queued request
            let database = try await F.demoStore()
            let order = try await F.failed(.processingError)
            let body = "Order #\(order.number) <failed> & \"stuck\".\n\nAttempt history:\n- one\n- two"
            _ = try await Self.requests(database).send(
                number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff,
                form: SupportRequestForm(subject: "Order \(order.number): processing error", body: body))
            let id = try #require(try await database.notifications(state: .queued, before: nil, limit: 50).items.first {
                $0.kind == SupportRequest.kind
            }).id

            // when the worker delivers through the maildir, as the server does by default
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("support-maildir-\(UUID().uuidString)")
            let worker = try await DeliveryWorkerTests.worker(
                database, MaildirTransport(directory: folder), clock: MovableClock(C.clock.now))
            try await worker.deliverDue()

            // then one .eml, addressed to support, is in the folder, and the request is marked sent
            let summary = try #require(try await database.notification(id: id)?.summary)
            #expect(summary.state == .sent)
            let messageID = try await DeliveryWorkerTests.composer().compose(try #require(try await database.notification(id: id)?.message)).messageID
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("outbox-\(id).") }
            #expect(files.count == 1)
            let raw = try String(contentsOf: folder.appendingPathComponent(try #require(files.first)), encoding: .utf8)
            let parsed = ParsedEmail(raw)
            #expect(parsed.headers["To"] == "support@example.com")
            #expect(parsed.headers["From"] == "Deskflow Demo Store <orders@demo.deskflow.test>")
            #expect(parsed.headers["Reply-To"] == F.staff.email)
            #expect(parsed.headers["Subject"] == "Order \(order.number): processing error")
            #expect(parsed.headers["Message-ID"] == "<\(messageID)>")
            #expect(parsed.headers["X-Deskflow-Order"] == String(order.number))
            #expect(parsed.parts.first?.contains(body) == true, "the text part is exactly what was written")
        }

        @Test("a customer email carries no Reply-To: answers go to the store")
        func customerEmailHasNoReplyTo() {
            let email = Email(
                messageID: "m1@test", from: "Shop <shop@example.com>", to: "jane@example.com", subject: "Hi",
                date: C.clock.now, orderNumber: 1001, text: "Body", html: "<p>Body</p>")
            #expect(!email.rfc5322().contains("Reply-To"))
            var support = email
            support.replyTo = "Maria Manager <maria@example.com>"
            #expect(support.rfc5322().contains("\r\nReply-To: Maria Manager <maria@example.com>\r\n"))
        }
    }
}
