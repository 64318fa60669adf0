import ArgumentParser

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and exit.")

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        _ = try options.open()
        print("Database is up to date: \(options.database)")
    }
}
