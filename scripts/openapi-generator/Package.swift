// swift-tools-version: 6.1
// The OpenAPI generator's command-line tool, kept out of the app's package so that no build of Custodia
// compiles it. `scripts/generate-openapi` runs it to write `Sources/API/Generated` from
// `Sources/API/openapi.yaml`; the generated code is committed (ADR 0009).
import PackageDescription

let package = Package(
    name: "CustodiaOpenAPIGenerator",
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator.git", exact: "1.14.3")
    ]
)
