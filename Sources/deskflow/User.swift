import ArgumentParser
import DeskflowDomain
import DeskflowOperations
import Foundation

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage staff accounts.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a staff member; the password is read from standard input.")

        @OptionGroup var options: DatabaseOptions
        @Option(help: "Sign-in email.") var email: String
        @Option(help: "Full name.") var name: String
        @Option(help: "manager or viewer.") var role: String
        @Flag(help: "Read the password from standard input (required: passwords never go on the command line).")
        var passwordStdin = false

        func validate() throws {
            guard passwordStdin else { throw ValidationError("pass --password-stdin and pipe the password in") }
            guard StaffRole(rawValue: role) != nil else { throw ValidationError("--role must be manager or viewer") }
        }

        func run() async throws {
            guard let line = readLine(strippingNewline: true) else { throw CommandFailure("no password on standard input") }
            let user = try await options.withDatabase { database in
                do {
                    return try await StaffAccounts(database: database, hasher: PasswordHasher(), clock: .system)
                        .addUser(email: email, name: name, role: StaffRole(rawValue: role)!, password: line)
                } catch let error as StaffAccountError {
                    throw CommandFailure(error.description)
                }
            }
            print("Added \(user.role.rawValue) \(user.name) <\(user.email)>.")
        }
    }
}
