import DeskflowDomain
import DeskflowSimulation
import DeskflowStore
import Foundation
import Testing

@testable import DeskflowOperations

/// A provider that takes the capture, after which the process stops before Deskflow records the answer: the
/// capture is in the provider's ledger and nowhere else.
struct StopsAfterCapture: PaymentGateway {
    struct Stopped: Error {}
    let inner: SimulatedGateway

    var availableMethods: [PaymentMethodChoice] { inner.availableMethods }
    func charge(_ call: GatewayCall) async throws -> GatewayOutcome { try await inner.charge(call) }
    func refund(_ call: GatewayCall) async throws -> GatewayOutcome { try await inner.refund(call) }
    func void(_ call: GatewayCall) async throws -> GatewayOutcome { try await inner.void(call) }
    func capture(_ call: GatewayCall) async throws -> GatewayOutcome {
        _ = try await inner.capture(call)
        throw Stopped()
    }
}

extension DeskflowOperationsTests {
    /// Fulfilling an authorized order captures the payment. Like a refund or a void (DESIGN.md §7), the capture is
    /// recorded as pending before it goes to the provider, so a process that stops in between finishes it at
    /// start-up with the same key, and nothing can cancel the order while the capture is on its way.
    @Suite("Captures left unfinished by a stop")
    struct CaptureRecovery {
        typealias F = ResolutionFixtures
        typealias C = CancelFixtures

        static func startUp(_ database: any DeskflowDatabase) async throws -> Int {
            try await PaymentCalls(database: database, gateway: C.gateway(database), clock: C.afterLease, logger: C.logger).resumePending()
        }

        /// What the provider and Deskflow each say was captured for the order, in that order.
        static func captured(_ database: any DeskflowDatabase, _ number: Int) async throws -> [Int] {
            await [try F.takenAtGateway(database, number), Int(try await F.current(database, number).payment.captured.minorUnits)]
        }

        @Test("a capture the provider made before the process stopped is recorded at start-up; shipping again takes nothing more")
        func captureBeforeStop() async throws {
            // given an authorized order, and a process that stops once the provider has captured
            let database = try await F.demoStore()
            let order = try await F.readyOrder(payment: .authorized)
            let total = Int(order.totals.total.minorUnits)
            await #expect(throws: StopsAfterCapture.Stopped.self) {
                try await F.shipping(database, gateway: StopsAfterCapture(inner: C.gateway(database))).fulfill(
                    number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff, trackingNumber: "")
            }
            await #expect(try Self.captured(database, order.number)[0] == total)

            // when the server starts again
            let resumed = try await Self.startUp(database)

            // then Deskflow knows what the provider took
            #expect(resumed == 1)
            let after = try await F.current(database, order.number)
            #expect(after.paymentStatus == .paid)
            await #expect(try Self.captured(database, order.number) == [total, total])
            await #expect(try F.newEventKinds(database, order.number) == [.paymentCaptured])
            #expect(try await Self.startUp(database) == 0)

            // when the manager fulfills the order again
            let flash = try await F.shipping(database).fulfill(
                number: order.number, version: after.version, key: UUID().uuidString, staff: F.staff, trackingNumber: "")

            // then it ships without a second capture
            #expect(flash.hasPrefix("Order #\(order.number) fulfilled"))
            await #expect(try F.current(database, order.number).status == .fulfilled)
            await #expect(try Self.captured(database, order.number) == [total, total])
        }

        @Test("an order whose capture was interrupted by a stop, cancelled after start-up, gets its money back")
        func cancelAfterInterruptedCapture() async throws {
            // given a capture the provider made but Deskflow never recorded, and a restart
            let database = try await F.demoStore()
            let order = try await F.readyOrder(payment: .authorized)
            _ = try? await F.shipping(database, gateway: StopsAfterCapture(inner: C.gateway(database))).fulfill(
                number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff, trackingNumber: "")
            _ = try await Self.startUp(database)

            // when it is cancelled with the full refund the dialog offers
            let current = try await F.current(database, order.number)
            _ = try await C.cancel(database, current, version: current.version)

            // then the customer is refunded what the provider took
            let cancelled = try await F.current(database, order.number)
            #expect(cancelled.status == .cancelled)
            await #expect(try C.refundedAtGateway(database, order.number) == Int(order.totals.total.minorUnits))
            #expect(cancelled.paymentStatus == .refunded)
        }

        @Test("an authorized order cancelled while the warehouse packs it is not captured")
        func cancelledWhilePackingIsNotCaptured() async throws {
            // given an authorized order being fulfilled, and another manager cancelling it while the warehouse packs
            // it, the void recorded but not yet sent to the provider
            let database = try await F.demoStore()
            let order = try await F.readyOrder(payment: .authorized)
            let warehouse = InterleavingWarehouse(inner: SimulatedWarehouse(database: database, clock: C.clock)) {
                let current = try await F.current(database, order.number)
                _ = try await PaymentRecovery.cancelWithoutSending(database, current, key: UUID().uuidString)
            }

            // when the fulfilment finishes, and the cancellation's void goes out
            _ = try await F.shipping(database, warehouse: warehouse).fulfill(
                number: order.number, version: order.version, key: UUID().uuidString, staff: F.staff, trackingNumber: "")
            _ = try await Self.startUp(database)

            // then nothing was captured for the cancelled order, and its authorization is released
            let after = try await F.current(database, order.number)
            #expect(after.status == .cancelled)
            await #expect(try Self.captured(database, order.number) == [0, 0])
            #expect(after.paymentStatus == .voided)
        }

        @Test("a cancel is refused while a capture is on its way to the provider")
        func cancelRefusedWhileCapturePending() async throws {
            // given a capture recorded as pending
            let database = try await F.demoStore()
            let order = try await F.readyOrder(payment: .authorized)
            let pending = try #require(try await database.recordPendingCapture(orderNumber: order.number, key: "capture-test", now: C.now))
            #expect(pending.kind == .capture)
            #expect(pending.amount == order.totals.total)

            // then cancelling it says why not, and changes nothing
            let current = try await F.current(database, order.number)
            if case .refused(.paymentInProgress) = CancellationPolicy.eligibility(of: current) {} else {
                Issue.record("cancel should be refused while the capture is pending")
            }
            // and a second fulfilment sends the capture already waiting, under its key, instead of a new one
            #expect(try await database.recordPendingCapture(orderNumber: order.number, key: "capture-again", now: C.now) == pending)
        }
    }
}
