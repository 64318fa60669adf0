import DeskflowFakes
import DeskflowOperations
import DeskflowProviders
import Foundation
import Testing

/// The webhook sender against a real endpoint on a local port: signed as DESIGN §4c says, and every way an endpoint
/// fails becomes an error the delivery worker can retry and show, never carrying the secret.
@Suite("Webhook sender")
struct WebhookSenderTests {
    static let secret = "whsec_test_0123456789abcdef"
    static let body = #"{"id":"evt_1","type":"order.cancelled"}"#

    @Test("the signature is t=seconds,v1=hex HMAC-SHA256 of \"t.body\" under the secret")
    func signatureVector() {
        // Worked out independently: python3 -c 'import hmac,hashlib; print(hmac.new(b"whsec_test",
        // b"1795780800.{\"id\":\"evt_1\"}", hashlib.sha256).hexdigest())'
        let value = WebhookSignature(secret: "whsec_test").value(for: #"{"id":"evt_1"}"#, at: Date(timeIntervalSince1970: 1_795_780_800.9))
        #expect(value == "t=1795780800,v1=5be601f68ca54c5503ecd3becbf6432cfcfa6c2e42aa97569f4d204fa1b16c65")
    }

    @Test("a delivery arrives as the stored bytes, as JSON, with a signature the storefront can check")
    func delivered() async throws {
        let receiver = WebhookReceiver(secret: Self.secret)
        let url = try await receiver.start()
        try await HTTPWebhookSender.withSender(secret: Self.secret) { sender in
            try await sender.send(Self.body, to: url.absoluteString)
        }
        await receiver.stop()
        let delivery = try #require(receiver.deliveries.first)
        #expect(receiver.deliveries.count == 1)
        #expect(delivery.body == Self.body)
        #expect(delivery.contentType == "application/json")
        #expect(delivery.signatureIsValid)
        #expect(!WebhookReceiver.verify(delivery.signature ?? "", body: Self.body, secret: "another secret"))
    }

    enum Failure: String, CaseIterable, CustomTestStringConvertible {
        case serverError, down, slow
        var testDescription: String { rawValue }
    }

    @Test("an endpoint that fails, is down or is too slow is an error saying so, without the secret", arguments: Failure.allCases)
    func failures(failure: Failure) async throws {
        let receiver = WebhookReceiver(secret: Self.secret)
        let url = try await receiver.start()
        switch failure {
        case .serverError: receiver.answer = .status(500)
        case .down: await receiver.stop()
        case .slow: receiver.answer = .hold
        }
        let error = await #expect(throws: WebhookDeliveryError.self) {
            try await HTTPWebhookSender.withSender(secret: Self.secret, timeout: .seconds(1)) { sender in
                try await sender.send(Self.body, to: url.absoluteString)
            }
        }
        await receiver.stop()
        let description = error?.description ?? ""
        switch failure {
        case .serverError: #expect(description == "The endpoint answered 500: storefront unavailable.")
        case .down: #expect(description.hasPrefix("The endpoint could not be reached"))
        case .slow: #expect(description == "The endpoint did not answer within 1 s.")
        }
        #expect(!description.contains(Self.secret))
    }
}
