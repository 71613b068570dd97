// swift-tools-version: 6.1
import PackageDescription

// `scripts/test` sets CUSTODIA_WARNINGS_AS_ERRORS=1: a warning in our own targets fails the test command
// (dependencies are compiled with their warnings suppressed, so the flag cannot reach them).
let ownWarnings: [SwiftSetting] =
    Context.environment["CUSTODIA_WARNINGS_AS_ERRORS"] == "1" ? [.unsafeFlags(["-warnings-as-errors"])] : []
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")] + ownWarnings

let package = Package(
    name: "Custodia",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "custodia", targets: ["custodia"])
    ],
    // PostgreSQL, the production store, is a trait: `swift build -c release --traits PostgreSQL` for a server,
    // and `scripts/test` builds with it. The README's demo runs on the embedded SQLite and builds without it,
    // which spares a newcomer's first run the PostgreSQL driver and its second copy of BoringSSL (ADR 0011).
    traits: [
        .trait(name: "PostgreSQL", description: "The PostgreSQL store (postgres-kit, with TLS through swift-nio-ssl)"),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/pointfreeco/swift-tagged.git", from: "0.10.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // Already in the graph through the packages above; declared because our targets import them.
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/async-kit.git", from: "1.22.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
    ],
    targets: [
        // PURE: the domain.
        .target(
            name: "CustodiaCore",
            dependencies: [.product(name: "Tagged", package: "swift-tagged")],
            swiftSettings: strict
        ),
        // PURE: Peruvian legal time (pretrial limits, sentence end, crediting, redemption, benefits).
        .target(
            name: "LegalClock",
            dependencies: ["CustodiaCore"],
            resources: [.copy("Resources/rules")],
            swiftSettings: strict
        ),
        // PURE: capacity, occupancy and where a person may be placed; separation and the planner come here.
        .target(
            name: "Placement",
            dependencies: ["CustodiaCore"],
            resources: [.copy("Resources/planning")],
            swiftSettings: strict
        ),
        // PURE: identity matching and link analysis (issue 16).
        .target(name: "Intelligence", dependencies: ["CustodiaCore"], swiftSettings: strict),
        // PURE: Peru's 2026 figures and the seeded synthetic national population built from them.
        .target(
            name: "NationalDataset",
            dependencies: ["CustodiaCore", "Placement"],
            resources: [.copy("Resources/peru")],
            swiftSettings: strict
        ),
        .target(
            name: "Store",
            dependencies: [
                "CustodiaCore", "LegalClock", "Placement", "Intelligence",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "AsyncKit", package: "async-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "API",
            dependencies: [
                "CustodiaCore", "LegalClock", "Placement",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            // `Generated/` is written from openapi.yaml by scripts/generate-openapi and committed (ADR 0009).
            exclude: ["openapi-generator-config.yaml", "Generated/contract.sha256"],
            resources: [.copy("openapi.yaml"), .copy("asyncapi.json")],
            swiftSettings: strict
        ),
        // Staff pages: server-rendered HTML from Mustache templates, Spanish first.
        .target(
            name: "Web",
            dependencies: [
                "CustodiaCore", "LegalClock", "Placement", "API",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/Templates"), .copy("Resources/strings"), .copy("Resources/static")],
            swiftSettings: strict
        ),
        // Events out (issue 13 point 4): CloudEvents over HTTPS POST, signed as Standard Webhooks specifies, from the
        // outbox, with retries, back-off and dead letters.
        .target(
            name: "Delivery",
            dependencies: [
                "CustodiaCore", "Store",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "App",
            dependencies: [
                "CustodiaCore", "LegalClock", "Placement", "NationalDataset", "Store", "API", "Web", "Delivery",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "custodia",
            dependencies: [
                "App", "API", "CustodiaCore", "LegalClock", "Placement", "NationalDataset", "Store", "Delivery", "Intelligence",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CustodiaTestSupport",
            dependencies: [
                "CustodiaCore", "LegalClock", "Placement", "NationalDataset", "Store", "App", "API",
                .product(name: "Logging", package: "swift-log"), .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CustodiaCoreTests", dependencies: ["CustodiaCore", "CustodiaTestSupport"], swiftSettings: ownWarnings),
        .testTarget(name: "IntelligenceTests", dependencies: ["Intelligence", "CustodiaCore"], swiftSettings: ownWarnings),
        .testTarget(
            name: "PlacementTests", dependencies: ["Placement", "CustodiaCore", "CustodiaTestSupport"],
            swiftSettings: ownWarnings),
        .testTarget(
            name: "LegalClockTests",
            dependencies: ["LegalClock", "CustodiaCore", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Scenarios")], swiftSettings: ownWarnings),
        .testTarget(
            name: "NationalDatasetTests", dependencies: ["NationalDataset", "CustodiaCore", "LegalClock", "Placement"],
            swiftSettings: ownWarnings),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "Store", "CustodiaCore", "LegalClock", "Placement", "CustodiaTestSupport", "NationalDataset", "API", "App",
                .product(name: "SQLKit", package: "sql-kit"), .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: ownWarnings),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "CustodiaCore", "Placement", "Store", "CustodiaTestSupport", .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: ownWarnings),
        .testTarget(
            name: "WebTests",
            dependencies: [
                "Web", "API", "App", "CustodiaCore", "CustodiaTestSupport", "LegalClock", "Placement", "Store",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: ownWarnings
        ),
        .testTarget(
            name: "DeliveryTests",
            dependencies: [
                "Delivery", "Store", "CustodiaCore", "CustodiaTestSupport", "App",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: ownWarnings
        ),
        .testTarget(
            name: "APITests",
            dependencies: [
                "API", "App", "CustodiaCore", "CustodiaTestSupport", "Placement", "Store",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: ownWarnings
        ),
    ]
)
