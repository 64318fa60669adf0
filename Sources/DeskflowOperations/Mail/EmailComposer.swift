import DeskflowStore
import Foundation
import Mustache

/// Who the store's email comes from.
public struct MailIdentity: Sendable {
    public var storeName: String
    public var fromAddress: String

    public init(storeName: String, fromAddress: String) {
        self.storeName = storeName
        self.fromAddress = fromAddress
    }

    public static let demo = MailIdentity(storeName: "Deskflow Demo Store", fromAddress: "orders@demo.deskflow.test")

    /// `Deskflow Demo Store <orders@demo.deskflow.test>`
    public var from: String { "\(storeName) <\(fromAddress)>" }
}

public enum EmailTemplateError: Error, CustomStringConvertible {
    case missing(String, folder: String)

    public var description: String {
        switch self {
        case .missing(let name, let folder): "email template \(name).mustache is missing from \(folder)"
        }
    }
}

/// Renders an outbox message into the email the customer receives, from `Templates/emails/`.
public struct EmailComposer: Sendable {
    struct Context {
        struct Paragraph { var text: String }
        var storeName: String
        var customerName: String?
        var subject: String
        var body: String
        var paragraphs: [Paragraph]
        var orderNumber: Int?
    }

    let library: MustacheLibrary
    let identity: MailIdentity

    public init(templatesDirectory: URL, identity: MailIdentity) async throws {
        let folder = templatesDirectory.appendingPathComponent("emails").path
        library = try await MustacheLibrary(directory: folder)
        for name in ["message.text", "message.html"] where library.getTemplate(named: name) == nil {
            throw EmailTemplateError.missing(name, folder: folder)
        }
        self.identity = identity
    }

    public func compose(_ message: OutboxMessage) -> Email {
        let context = Context(
            storeName: identity.storeName, customerName: message.customerName, subject: message.subject, body: message.body,
            paragraphs: message.body.components(separatedBy: "\n\n").map { Context.Paragraph(text: $0) },
            orderNumber: message.orderNumber)
        return Email(
            messageID: Self.messageID(message, domain: identity.fromAddress.split(separator: "@").last.map(String.init) ?? "localhost"),
            from: identity.from, to: message.recipient, replyTo: message.replyTo, subject: message.subject,
            date: message.createdAt,
            orderNumber: message.orderNumber,
            text: Self.plainText(library.render(context, withTemplate: "message.text") ?? message.body),
            html: library.render(context, withTemplate: "message.html") ?? "")
    }

    /// Mustache escapes for HTML wherever it prints, and Deskflow's templates never switch that off; the plain-text
    /// part is not HTML, so its five escapes are turned back into the characters the customer typed.
    static func plainText(_ rendered: String) -> String {
        rendered
            .replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The same message always gets the same Message-ID, so a resend after a crash is recognisably the same email.
    static func messageID(_ message: OutboxMessage, domain: String) -> String {
        "outbox-\(message.id).\(Int(message.createdAt.timeIntervalSince1970))@\(domain)"
    }
}
