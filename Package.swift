// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "Custodia",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "custodia", targets: ["custodia"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
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
        // PURE: Peru's 2026 figures and the seeded synthetic national population built from them.
        .target(
            name: "NationalDataset",
            dependencies: ["CustodiaCore"],
            resources: [.copy("Resources/peru")],
            swiftSettings: strict
        ),
        .target(
            name: "Store",
            dependencies: [
                "CustodiaCore", "LegalClock",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "API",
            dependencies: [
                "CustodiaCore", "LegalClock",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("openapi.yaml")],
            swiftSettings: strict,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // Staff pages: server-rendered HTML from Mustache templates, Spanish first.
        .target(
            name: "Web",
            dependencies: [
                "CustodiaCore", "LegalClock", "API",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/Templates"), .copy("Resources/strings"), .copy("Resources/static")],
            swiftSettings: strict
        ),
        .target(
            name: "App",
            dependencies: [
                "CustodiaCore", "LegalClock", "NationalDataset", "Store", "API", "Web",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "custodia",
            dependencies: [
                "App", "API", "CustodiaCore", "LegalClock", "NationalDataset", "Store",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CustodiaTestSupport",
            dependencies: ["CustodiaCore", "NationalDataset", "Store", "App"],
            swiftSettings: strict
        ),
        .testTarget(name: "CustodiaCoreTests", dependencies: ["CustodiaCore", "CustodiaTestSupport"]),
        .testTarget(
            name: "LegalClockTests",
            dependencies: ["LegalClock", "CustodiaCore", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Scenarios")]),
        .testTarget(name: "NationalDatasetTests", dependencies: ["NationalDataset", "CustodiaCore"]),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "Store", "CustodiaCore", "CustodiaTestSupport", "NationalDataset", "API", "App",
                .product(name: "SQLKit", package: "sql-kit"),
            ]),
        .testTarget(
            name: "CLITests", dependencies: ["Store", "CustodiaTestSupport", .product(name: "SQLKit", package: "sql-kit")]),
        .testTarget(
            name: "WebTests",
            dependencies: [
                "Web", "API", "App", "CustodiaCore", "CustodiaTestSupport", "Store",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "APITests",
            dependencies: [
                "API", "App", "CustodiaCore", "CustodiaTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
