/// The whole store as Operations and Web see it, whatever engine keeps it (`SQLiteStore` today). Each part is a
/// protocol of its own, so an engine is written, and tested, one part at a time.
public typealias DeskflowDatabase = OrderStore & PaymentLedgerStore & OutboxStore & StaffStore & HousekeepingStore
    & StoreAdministration & Sendable
