import DeskflowWeb
import Foundation
import Mustache
import NIOCore

/// Renders every page a second time with swift-mustache, the reference implementation, and fails the request when
/// the compiled templates wrote different bytes: every web test is then a differential test of the renderer.
struct MustacheReference: PageAudit {
    struct Mismatch: Error, CustomStringConvertible {
        var template: String
        var offset: Int
        var compiled: String
        var reference: String

        var description: String {
            "compiled \(template) differs from swift-mustache at byte \(offset): compiled «\(compiled)» reference «\(reference)»"
        }
    }

    let library: MustacheLibrary

    init(templatesDirectory: URL) async throws {
        library = try await MustacheLibrary(directory: templatesDirectory.path)
    }

    func check(template: String, model: Any, html: ByteBuffer) throws {
        let reference = Array((library.render(TemplateContext.of(model) as Any, withTemplate: template) ?? "").utf8)
        let compiled = Array(html.readableBytesView)
        guard compiled != reference else { return }
        let offset = zip(compiled, reference).prefix { $0 == $1 }.count
        func around(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[max(0, offset - 60)..<min(bytes.count, offset + 60)], as: UTF8.self)
        }
        let mismatch = Mismatch(template: template, offset: offset, compiled: around(compiled), reference: around(reference))
        FileHandle.standardError.write(Data("\(mismatch)\n".utf8))
        throw mismatch
    }
}
