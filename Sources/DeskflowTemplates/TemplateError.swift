/// Why a template could not be loaded or compiled. Each message is one line naming the file and line, because it
/// stops start-up and is the first thing an operator reads.
public struct TemplateError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var problem: String

    public init(file: String, line: Int? = nil, problem: String) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    init(_ tag: TemplateTag, _ problem: String) {
        self.init(file: tag.file, line: tag.line, problem: problem)
    }

    public var description: String {
        if let line { return "\(file):\(line): \(problem)" }
        return "\(file): \(problem)"
    }
}
