import Foundation
import Testing

extension DeskflowStoreTests {
    /// The store's API is engine-neutral: `DeskflowStore` knows no GRDB, and the modules above it (and their tests,
    /// outside the Support folders that open the store) see only `DeskflowStore`, never an engine.
    @Suite("The store's engine out of sight")
    struct EngineSurface {
        static let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

        /// Every Swift file under `folder`, as a path from the package root, with its `import` lines.
        static func imports(under folder: String) throws -> [(path: String, imports: [String])] {
            let root = packageRoot.appendingPathComponent(folder)
            let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            return try enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.map { url in
                let text = try String(contentsOf: url, encoding: .utf8)
                let imports = text.split(separator: "\n").filter { $0.contains("import ") && !$0.hasPrefix("//") }
                    .compactMap { $0.split(separator: " ").last.map(String.init) }
                return (String(url.path.dropFirst(packageRoot.path.count + 1)), imports)
            }
        }

        @Test("DeskflowStore imports no engine")
        func neutralAPI() throws {
            let engine = try Self.imports(under: "Sources/DeskflowStore").filter { file in
                file.imports.contains { ["GRDB", "GRDBSQLite", "DeskflowStoreSQLite"].contains($0) }
            }
            #expect(engine.map(\.path) == [])
        }

        @Test(
            "Operations, Web, Providers and their tests import no engine; only test Support/ opens one",
            arguments: [
                "Sources/DeskflowOperations", "Sources/DeskflowWeb", "Sources/DeskflowProviders",
                "Tests/DeskflowOperationsTests", "Tests/DeskflowWebTests", "Tests/DeskflowProvidersTests",
            ])
        func noEngineAbove(folder: String) throws {
            let engine = try Self.imports(under: folder).filter { file in
                !file.path.contains("/Support/")
                    && file.imports.contains { ["GRDB", "GRDBSQLite", "DeskflowStoreSQLite"].contains($0) }
            }
            #expect(engine.map(\.path) == [])
        }
    }
}
