import Delivery
import Foundation
import Testing

/// The verification steps docs/webhooks.md gives a court's IT team, run as written (issue 13 point 8): its Python block
/// accepts Custodia's signature, refuses a forged one and a stale timestamp; its openssl block computes the very
/// signature Custodia sends.
@Suite struct DocumentedVerificationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The fenced block of `language` in docs/webhooks.md.
    static func block(_ language: String) throws -> String {
        let text = try String(contentsOf: root.appendingPathComponent("docs/webhooks.md"), encoding: .utf8)
        let start = try #require(text.range(of: "```\(language)\n"))
        let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
        return String(text[start.upperBound..<end.lowerBound])
    }

    static func run(_ program: String, _ arguments: [String], environment: [String: String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func theDocumentedChecksAgreeWithCustodiasSignatures() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("webhooks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let body = Data(
            #"{"specversion":"1.0","id":"evt_7","type":"custodia.person.released.v1","data":{"ground":"court_order"}}"#.utf8)
        let bodyFile = directory.appendingPathComponent("body.json")
        try body.write(to: bodyFile)
        let python = directory.appendingPathComponent("verify.py")
        try Self.block("python").write(to: python, atomically: true, encoding: .utf8)
        let shell = directory.appendingPathComponent("sign.sh")
        try Self.block("sh").write(to: shell, atomically: true, encoding: .utf8)

        let secret = WebhookSignature.newSecret()
        let stamp: Int64 = 1_780_000_000
        let signature = WebhookSignature.header(secrets: [secret], id: "evt_7", timestamp: stamp, body: body)
        let base = [
            "SECRET": secret, "WEBHOOK_ID": "evt_7", "WEBHOOK_TIMESTAMP": String(stamp), "BODY_FILE": bodyFile.path,
            "NOW": String(stamp + 30),
        ]
        func verify(_ changes: [String: String]) throws -> Int32 {
            try Self.run(
                "/usr/bin/python3", [python.path],
                environment: base.merging(["WEBHOOK_SIGNATURE": signature]) { $1 }
                    .merging(changes) { $1 }
            ).0
        }
        #expect(try verify([:]) == 0)
        #expect(try verify(["SECRET": WebhookSignature.newSecret()]) == 1)
        #expect(try verify(["NOW": String(stamp + 600)]) == 1)
        #expect(try verify(["WEBHOOK_ID": "evt_8"]) == 1)
        // During a rotation: two signatures, either secret verifies.
        let other = WebhookSignature.newSecret()
        let both = WebhookSignature.header(secrets: [other, secret], id: "evt_7", timestamp: stamp, body: body)
        #expect(try verify(["WEBHOOK_SIGNATURE": both]) == 0 && verify(["WEBHOOK_SIGNATURE": both, "SECRET": other]) == 0)

        let (status, printed) = try Self.run("/bin/bash", [shell.path], environment: base)
        #expect(status == 0 && printed.trimmingCharacters(in: .whitespacesAndNewlines) == signature)
    }
}
