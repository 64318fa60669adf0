/// What start-up may take over from a stopped run: outbox claims never recorded, payment calls never answered.
public enum StartupRecovery: Sendable, Equatable {
    /// This process is the only one serving the database (the SQLite engine's serve lock proves it): every claim and
    /// pending call was left by a run that stopped, so all of them are settled at once.
    case everythingLeft
    /// Other instances may share the database: only what outlived its lease is taken, so a claim or a call another
    /// live instance is working on now is left to it. The periodic rounds take the rest once their leases run out.
    case pastLease
}
