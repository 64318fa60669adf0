import Foundation
import HTTPTypes
import HummingbirdTesting
import SnapshotTesting

extension Snapshotting where Value == String, Format == String {
    /// Whole pages as committed `.html` files, diffed line by line.
    static var html: Snapshotting<String, String> {
        Snapshotting(pathExtension: "html", diffing: .lines)
    }
}

extension Snapshotting where Value == TestResponse, Format == String {
    /// A whole response: status, the headers a reviewer cares about, then the body.
    static var response: Snapshotting<TestResponse, String> {
        Snapshotting<String, String>.html.pullback { (response: TestResponse) in
            var lines = ["<!-- HTTP \(response.status.code)"]
            for name in [HTTPField.Name.contentType, .location] {
                if let value = response.headers[name] { lines.append("\(name): \(value)") }
            }
            lines.append("-->")
            return lines.joined(separator: "\n") + "\n" + String(buffer: response.body)
        }
    }
}
