/// A refusal of what the command line asked for, printed as one line; never holds a password.
public struct CommandLineError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
