import Foundation
import Synchronization

/// The `.mustache` files of a templates folder, by name (`orders/list` for `orders/list.mustache`), each parsed
/// the first time a page needs it.
final class TemplateSources: Sendable {
    private let folder: String
    private let texts: [String: String]
    private let parsed = Mutex<[String: [TemplateNode]]>([:])

    init(folder: String, texts: [String: String]) {
        self.folder = folder
        self.texts = texts
    }

    /// Reads every `.mustache` file under `directory`, in subfolders too.
    convenience init(directory: URL) throws {
        let root = directory.standardizedFileURL
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw TemplateError(file: root.path, problem: "the templates folder cannot be read")
        }
        var texts: [String: String] = [:]
        for case let file as URL in enumerator where file.pathExtension == "mustache" {
            let relative = file.standardizedFileURL.path.dropFirst(root.path.count).drop { $0 == "/" }
            let name = String(relative.dropLast(".mustache".count))
            do {
                texts[name] = try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw TemplateError(file: "\(name).mustache", problem: "cannot be read: \(error.localizedDescription)")
            }
        }
        self.init(folder: root.path, texts: texts)
    }

    func has(_ name: String) -> Bool { texts[name] != nil }

    /// The parsed template `name`; `tag` is the partial tag that asked for it, for the message when it is missing.
    func nodes(_ name: String, includedAt tag: TemplateTag? = nil) throws -> [TemplateNode] {
        if let nodes = parsed.withLock({ $0[name] }) { return nodes }
        guard let text = texts[name] else {
            if let tag { throw TemplateError(tag, "partial \(name).mustache is missing from \(folder)") }
            throw TemplateError(file: "\(name).mustache", problem: "is missing from \(folder)")
        }
        let nodes = try TemplateParser.parse(file: "\(name).mustache", text: text)
        parsed.withLock { $0[name] = nodes }
        return nodes
    }
}
