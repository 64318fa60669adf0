import ArgumentParser

@main
struct Deskflow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deskflow",
        abstract: "Deskflow: the order admin for cancelling orders and resolving failed ones.",
        subcommands: [Serve.self, Migrate.self, Seed.self, User.self, Token.self, Backup.self, Check.self, Copy.self, Outage.self],
        defaultSubcommand: Serve.self)
}
