import Foundation

public enum ResourceRootError: Error, CustomStringConvertible {
    case notFound(searched: [String])

    public var description: String {
        switch self {
        case .notFound(let searched):
            "cannot find the Templates/ folder (looked in \(searched.joined(separator: ", "))); pass --root with the folder that holds Templates/ and Public/"
        }
    }
}

/// Finds the folder holding `Templates/` and `Public/`: the one given, else the working directory, else the package
/// root above the executable (where `swift run` and `.build/debug/deskflow` live).
public enum ResourceRoot {
    public static func locate(explicit: String?, executablePath: String = CommandLine.arguments.first ?? "") throws -> URL {
        var candidates: [URL] = []
        if let explicit {
            candidates.append(URL(fileURLWithPath: explicit, isDirectory: true))
        } else {
            candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
            var folder = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<6 {
                candidates.append(folder)
                folder = folder.deletingLastPathComponent()
            }
        }
        for candidate in candidates where hasTemplates(candidate) { return candidate.standardizedFileURL }
        throw ResourceRootError.notFound(searched: candidates.map(\.path))
    }

    static func hasTemplates(_ folder: URL) -> Bool {
        var isDirectory: ObjCBool = false
        let templates = folder.appendingPathComponent("Templates/layout.mustache").path
        return FileManager.default.fileExists(atPath: templates, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
