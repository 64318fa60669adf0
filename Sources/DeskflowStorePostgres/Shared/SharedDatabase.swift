@_spi(SharedDatabase) import DeskflowStore
import PostgresNIO

// A system that keeps its own tables in Deskflow's database (the simulated payment provider) writes them inside the
// store's transaction through this SPI (`@_spi(SharedDatabase) import DeskflowStorePostgres`); production modules never
// import it.

extension SharedTransaction {
    init(_ connection: PostgresConnection) { self.init(connection: connection) }

    /// The store transaction's connection, inside `BEGIN`: statements on it commit or roll back with the store's rows.
    @_spi(SharedDatabase) public var postgresConnection: PostgresConnection { connection as! PostgresConnection }
}
