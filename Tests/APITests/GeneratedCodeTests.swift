import Crypto
import Foundation
import Testing

/// The API's generated code is committed (Sources/API/Generated, ADR 0009) so that no build compiles the
/// OpenAPI generator. The contract stays the source of truth: `scripts/generate-openapi` writes, next to the
/// code, the SHA-256 of the contract and of the code it generated; this test fails when `openapi.yaml` or the
/// generator's configuration changed without regenerating, or when the generated code was edited by hand.
@Suite struct GeneratedCodeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func digest(_ path: String) throws -> String {
        let data = try Data(contentsOf: root.appendingPathComponent(path))
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    static func stamp() throws -> [(digest: String, path: String)] {
        let text = try String(contentsOf: root.appendingPathComponent("Sources/API/Generated/contract.sha256"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            return (String(parts[0]), String(parts.last!))
        }
    }

    @Test func theStampNamesTheContractAndEveryGeneratedFile() throws {
        let paths = Set(try Self.stamp().map(\.path))
        let generated = try FileManager.default.contentsOfDirectory(
            atPath: Self.root.appendingPathComponent("Sources/API/Generated").path
        ).filter { $0.hasSuffix(".swift") }.map { "Sources/API/Generated/\($0)" }
        #expect(generated.contains("Sources/API/Generated/Server.swift"))
        #expect(generated.contains("Sources/API/Generated/Types.swift"))
        #expect(paths == Set(generated + ["Sources/API/openapi.yaml", "Sources/API/openapi-generator-config.yaml"]))
    }

    @Test func theCommittedCodeWasGeneratedFromTheCurrentContract() throws {
        for entry in try Self.stamp() {
            #expect(
                try Self.digest(entry.path) == entry.digest,
                "\(entry.path) changed since the code was generated: run scripts/generate-openapi and commit the result")
        }
    }
}
