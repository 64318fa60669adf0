import ArgumentParser
import DeskflowDomain
import DeskflowOperations
import DeskflowStore
import Foundation

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the API tokens storefronts send orders with.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a token and print it, this once only.")

        @OptionGroup var options: DatabaseOptions
        @Option(help: "What the token is for; the timeline says an order was placed by it.") var name: String
        @Option(help: "manager (reads and places orders) or viewer (reads only).") var role: String = StaffRole.manager.rawValue

        func validate() throws {
            guard StaffRole(rawValue: role) != nil else { throw ValidationError("--role must be manager or viewer") }
        }

        func run() async throws {
            let created: (token: String, record: APIToken) = try await options.withDatabase { database in
                do {
                    return try await StorefrontTokens(database: database, clock: .system)
                        .create(name: name, role: StaffRole(rawValue: role)!)
                } catch let errors as FormErrors {
                    throw CommandFailure(errors.errors.first?.message ?? "the name is not valid")
                }
            }
            print(created.token)
            FileHandle.standardError.write(Data("""
                Token \(created.record.id) (\(created.record.name), \(created.record.role.rawValue)) created. \
                It is shown only this once: store it in the storefront's secrets now.

                """.utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens: id, name, role, created, revoked.")

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let tokens = try await options.withDatabase { database in
                try await StorefrontTokens(database: database, clock: .system).list()
            }
            if tokens.isEmpty { print("No API tokens. Make one with: deskflow token create --name storefront") }
            let format = Date.ISO8601FormatStyle()
            for token in tokens {
                let revoked = token.revokedAt.map { "revoked \(format.format($0))" } ?? "active"
                print("\(token.id)\t\(token.name)\t\(token.role.rawValue)\tcreated \(format.format(token.createdAt))\t\(revoked)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: its next request is refused.")

        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The token's id, from `deskflow token list`.") var id: Int64

        func run() async throws {
            let revoked = try await options.withDatabase { database in
                try await StorefrontTokens(database: database, clock: .system).revoke(id: id)
            }
            guard revoked else {
                throw CommandFailure("there is no active token with id \(id)")
            }
            print("Token \(id) revoked.")
        }
    }
}
