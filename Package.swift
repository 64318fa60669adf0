// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "deskflow",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "deskflow", targets: ["deskflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.7"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .target(name: "DeskflowDomain"),
        // Pages' Mustache templates compiled at start-up against typed view models, rendered into one ByteBuffer.
        .target(name: "DeskflowTemplates", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        // The store as Operations and Web see it, whatever the engine: protocols, read and request types, errors.
        .target(name: "DeskflowStore", dependencies: ["DeskflowDomain"]),
        // The store on SQLite, through GRDB.
        .target(
            name: "DeskflowStoreSQLite",
            dependencies: [
                "DeskflowDomain",
                "DeskflowStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's own functions, for the bulk seeder's binding of values straight into its statements.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The PostgreSQL engine: connection settings, migrations, error mapping, transactions, job coordination.
        .target(
            name: "DeskflowStorePostgres",
            dependencies: [
                "DeskflowDomain",
                "DeskflowStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // Its `ConnectionPoolError`, which postgres-nio lets through when the server stays unreachable.
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A fresh schema per test on the server named by DESKFLOW_TEST_POSTGRES_URL; linked by test targets only.
        .target(
            name: "DeskflowStorePostgresTestSupport",
            dependencies: [
                "DeskflowStorePostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DeskflowOperations",
            dependencies: [
                "DeskflowDomain",
                "DeskflowStore",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                // SHA-256 for API tokens and request fingerprints.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "DeskflowSimulation",
            dependencies: [
                "DeskflowDomain",
                "DeskflowStore",
                // Its own tables live in the store's database, reached through each engine's SharedDatabase SPI.
                "DeskflowStoreSQLite",
                "DeskflowStorePostgres",
                "DeskflowOperations",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DeskflowProviders",
            dependencies: [
                "DeskflowDomain",
                "DeskflowStore",
                "DeskflowOperations",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Stand-ins for outside systems that tests start on a local port: a fake Stripe, a webhook receiver.
        .target(
            name: "DeskflowFakes",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DeskflowWeb",
            dependencies: [
                "DeskflowDomain",
                "DeskflowStore",
                "DeskflowOperations",
                "DeskflowSimulation",
                "DeskflowTemplates",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                // gzip: level 1 for responses, static files once at start-up.
                .product(name: "CompressNIO", package: "compress-nio"),
                // SHA-256 for static files' ETags.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What the executable reads from its command line and environment, where tests can reach it.
        .target(name: "DeskflowCommandLine", dependencies: ["DeskflowWeb", "DeskflowStorePostgres"]),
        .executableTarget(
            name: "deskflow",
            dependencies: [
                "DeskflowCommandLine",
                "DeskflowDomain",
                "DeskflowStore",
                "DeskflowStoreSQLite",
                "DeskflowStorePostgres",
                "DeskflowOperations",
                "DeskflowSimulation",
                "DeskflowProviders",
                "DeskflowWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "DeskflowDomainTests", dependencies: ["DeskflowDomain"]),
        .testTarget(name: "DeskflowCommandLineTests", dependencies: ["DeskflowCommandLine", "DeskflowWeb"]),
        .testTarget(
            name: "DeskflowTemplatesTests",
            dependencies: [
                "DeskflowTemplates",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "DeskflowStoreTests",
            dependencies: [
                "DeskflowDomain", "DeskflowStore", "DeskflowStoreSQLite", .product(name: "GRDB", package: "GRDB.swift"),
                // The store contract: tests over `StoreEngine.available` run one body on SQLite and on PostgreSQL.
                "DeskflowStorePostgres", "DeskflowStorePostgresTestSupport",
            ]
        ),
        .testTarget(
            name: "DeskflowStorePostgresTests",
            dependencies: [
                "DeskflowDomain",
                "DeskflowStore",
                // The simulated provider and warehouse on PostgreSQL, called as the operations call them.
                "DeskflowOperations",
                "DeskflowSimulation",
                "DeskflowStoreSQLite",
                "DeskflowStorePostgres",
                "DeskflowStorePostgresTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                // The SQLite schema the PostgreSQL one is compared with, read through GRDB.
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "DeskflowOperationsTests",
            dependencies: [
                "DeskflowDomain", "DeskflowStore", "DeskflowStoreSQLite", "DeskflowOperations", "DeskflowSimulation",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "DeskflowSimulationTests",
            dependencies: [
                "DeskflowDomain", "DeskflowStore", "DeskflowStoreSQLite", "DeskflowOperations", "DeskflowSimulation",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "DeskflowProvidersTests",
            dependencies: [
                "DeskflowDomain", "DeskflowStore", "DeskflowStoreSQLite", "DeskflowOperations", "DeskflowProviders",
                "DeskflowFakes",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "DeskflowWebTests",
            dependencies: [
                "DeskflowDomain",
                "DeskflowStore",
                // Test support only: the composition root opens the SQLite store the app runs on.
                "DeskflowStoreSQLite",
                .product(name: "GRDB", package: "GRDB.swift"),
                // Test support only: the same app on PostgreSQL, one or several instances on a fresh schema.
                "DeskflowStorePostgres",
                "DeskflowStorePostgresTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                "DeskflowOperations",
                "DeskflowSimulation",
                "DeskflowWeb",
                "DeskflowProviders",
                "DeskflowFakes",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["__Snapshots__"]
        ),
    ]
)
