import Foundation

/// The port to whatever carries email out of Deskflow.
public protocol MailTransport: Sendable {
    /// Whether sending the same message twice delivers it once (a maildir file is replaced, not duplicated).
    var isIdempotent: Bool { get }
    func send(_ email: Email) async throws
}

public struct MailTransportError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The embedded default: one RFC 5322 `.eml` file per message, written to a temporary name and renamed into
/// place so a reader never sees half a message. The file is named after the Message-ID, so sending again replaces.
public struct MaildirTransport: MailTransport {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    public var isIdempotent: Bool { true }

    public func send(_ email: Email) async throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw MailTransportError("cannot create the mail folder \(directory.path): \(error.localizedDescription)")
        }
        let name = email.messageID.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" }
        let final = directory.appendingPathComponent(String(name) + ".eml")
        let temporary = directory.appendingPathComponent(".tmp-\(UUID().uuidString)")
        do {
            try Data(email.rfc5322().utf8).write(to: temporary)
            if manager.fileExists(atPath: final.path) { try manager.removeItem(at: final) }
            try manager.moveItem(at: temporary, to: final)
        } catch {
            try? manager.removeItem(at: temporary)
            throw MailTransportError("cannot write to the mail folder \(directory.path): \(error.localizedDescription)")
        }
    }
}

/// Pipes each message to a sendmail-compatible command (`/usr/sbin/sendmail -t -i`, `msmtp -t`) and reads its
/// exit status. It cannot tell whether an interrupted send went out, so it is not idempotent.
public struct SendmailTransport: MailTransport {
    public let command: [String]

    public init(command: [String]) { self.command = command }

    public var isIdempotent: Bool { false }

    public func send(_ email: Email) async throws {
        guard let executable = command.first else { throw MailTransportError("no sendmail command is configured") }
        let message = Data(email.rfc5322().utf8)
        let command = command
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = Array(command.dropFirst())
                let input = Pipe()
                let errors = Pipe()
                process.standardInput = input
                process.standardError = errors
                process.standardOutput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: MailTransportError("cannot run \(executable): \(error.localizedDescription)"))
                    return
                }
                input.fileHandleForWriting.write(message)
                try? input.fileHandleForWriting.close()
                process.waitUntilExit()
                let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                if process.terminationStatus == 0 {
                    continuation.resume()
                } else {
                    let detail = stderr.isEmpty ? "" : ": \(stderr.prefix(300))"
                    continuation.resume(throwing: MailTransportError("\(executable) exited with status \(process.terminationStatus)\(detail)"))
                }
            }
        }
    }
}
