import DeskflowDomain
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowOperations

extension DeskflowOperationsTests {
    /// Two tabs, a double click, a retried request: many cancels of one order at once end in one cancellation and at
    /// most one refund.
    @Suite("Cancelling the same order from many tasks at once")
    struct CancelConcurrency {
        typealias F = CancelFixtures
        static let tasks = 20

        enum Answer: Sendable, Equatable {
            case flash(String)
            case stale
            case refused
            case other(String)
        }

        static func fire(
            _ database: any DeskflowDatabase, _ order: Order, tasks: Int = tasks, keys: @escaping @Sendable (Int) -> String
        ) async -> [Answer] {
            let operation = F.cancelOrder(database)
            let form = F.form(order)
            return await withTaskGroup(of: Answer.self) { group in
                for index in 0..<tasks {
                    group.addTask {
                        do {
                            return .flash(
                                try await operation.run(
                                    number: order.number, form: form, version: order.version,
                                    idempotencyKey: keys(index),
                                    staff: F.staff))
                        } catch OrderActionError.stale {
                            return .stale
                        } catch OrderActionError.notAllowed {
                            return .refused
                        } catch {
                            return .other("\(error)")
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }

        @Test("the same key from 20 tasks: one cancellation, one refund, and everyone is told the same")
        func sameKey() async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.paidOrder()
            let key = UUID().uuidString

            // when
            let answers = await Self.fire(database, order) { _ in key }

            // then exactly one of everything was done
            #expect(answers.count == Self.tasks)
            await #expect(try F.count(database, "SELECT COUNT(*) FROM cancellations WHERE order_id = ?", [order.id]) == 1)
            await #expect(try F.count(database, "SELECT COUNT(*) FROM refunds WHERE order_id = ?", [order.id]) == 1)
            await #expect(try F.count(database, "SELECT COUNT(*) FROM outbox WHERE order_id = ?", [order.id]) == 1)
            await #expect(
                try F.count(
                    database, "SELECT COUNT(*) FROM gateway_transactions WHERE order_number = ? AND kind = 'refund'",
                    [order.number]) == 1)
            await #expect(try F.refundedAtGateway(database, order.number) == Int(order.payment.captured.minorUnits))
            #expect(try await F.detail(database, order.number).order.paymentStatus == .refunded)

            // and every request got an answer, all of them a flash
            let flashes = answers.compactMap { answer -> String? in
                if case .flash(let flash) = answer { return flash }
                return nil
            }
            #expect(flashes.count == Self.tasks, "\(answers)")
            let final =
                "Order #\(order.number) cancelled. Refunded \(order.payment.captured.formatted) to "
                + "\(order.payment.method!.label). Customer notified."
            #expect(flashes.contains(final))
            // A repeat that arrives while the first is still waiting for the gateway is told the refund is being
            // processed; every later one gets the final answer. Nothing else is ever said.
            let provisional =
                "Order #\(order.number) cancelled. The refund of \(order.payment.captured.formatted) is being processed. "
                + "Customer notified."
            #expect(Set(flashes).isSubset(of: [final, provisional]), "\(Set(flashes))")
            // Once the gateway has answered, a repeat is told exactly what happened.
            let replay = await Self.fire(database, order, tasks: 1) { _ in key }
            #expect(replay.count == 1)
            if case .flash(let flash) = replay.first { #expect(flash == final) } else { Issue.record("\(replay)") }
            #expect(try await F.checkProblems(database) == [])
        }

        @Test("20 tasks with their own keys on the same version: one cancels, the rest are told it changed")
        func differentKeys() async throws {
            // given
            let database = try await F.demoStore()
            let order = try await F.paidOrder()

            // when
            let answers = await Self.fire(database, order) { _ in UUID().uuidString }

            // then
            let succeeded = answers.filter { if case .flash = $0 { true } else { false } }
            #expect(succeeded.count == 1, "\(answers)")
            #expect(answers.allSatisfy { $0 == .stale || $0 == .refused || succeeded.contains($0) }, "\(answers)")
            await #expect(try F.count(database, "SELECT COUNT(*) FROM cancellations WHERE order_id = ?", [order.id]) == 1)
            await #expect(try F.count(database, "SELECT COUNT(*) FROM refunds WHERE order_id = ?", [order.id]) == 1)
            await #expect(
                try F.count(
                    database, "SELECT COUNT(*) FROM gateway_transactions WHERE order_number = ? AND kind = 'refund'",
                    [order.number]) == 1)
            await #expect(try F.refundedAtGateway(database, order.number) == Int(order.payment.captured.minorUnits))
            await #expect(try F.count(database, "SELECT COUNT(*) FROM idempotency_keys") == 1)
        }
    }
}
