/// The PostgreSQL password, kept out of every description: printing, interpolating, `dump` and debug output all show
/// `(hidden)`. Only the engine reads `revealed`, to hand it to the server.
public struct DatabasePassword: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// Where it came from, for messages such as "the server refused the password from PGPASSWORD".
    public enum Origin: String, Sendable, Equatable {
        case databaseURL = "the URL in DESKFLOW_DATABASE"
        case pgpassword = "PGPASSWORD"
    }

    public let revealed: String
    public let origin: Origin

    public init(_ revealed: String, from origin: Origin) {
        self.revealed = revealed
        self.origin = origin
    }

    public var description: String { "(hidden)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["origin": origin]) }
}
