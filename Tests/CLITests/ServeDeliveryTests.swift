import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// `custodia serve` runs the webhook dispatcher beside the server (issue 13 point 4): a subscription created with
/// `custodia subscriptions create`, an event written by another command while the server runs, and the receiver — a
/// plain Python HTTP server on loopback — gets it, signed.
@Suite(.serialized) struct ServeDeliveryTests {
    static let receiverScript = """
        from http.server import BaseHTTPRequestHandler, HTTPServer
        from sys import argv
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["content-length"]))
                with open(argv[2], "ab") as log:
                    log.write(self.headers.get("webhook-signature", "").encode() + b" " + body + b"\\n")
                self.send_response(204)
                self.end_headers()
            def log_message(self, *args):
                pass
        HTTPServer(("127.0.0.1", int(argv[1])), Handler).serve_forever()
        """

    @Test func theServerDeliversWhatAnotherCommandWrote() async throws {
        let path = CLITests.temporaryPath("serve-delivery.sqlite")
        let received = CLITests.temporaryPath("received.log")
        let script = CLITests.temporaryPath("receiver.py")
        let output = CLITests.temporaryPath("serve-delivery.out")
        defer {
            for file in [received, script, output] { try? FileManager.default.removeItem(atPath: file) }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let database = try await Database.open(.sqlite(path: path))
        try await Migrations.migrate(database)
        let directory = SQLAccessDirectory(database: database, now: { Date() })
        _ = try await AccessFixtures.user("ada", roles: [.administrator], scope: .nation, in: directory)
        try await directory.createClient(name: "Corte de Prueba", kind: .court, actor: "test")
        try await database.close()

        try Self.receiverScript.write(toFile: script, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: received, contents: nil)
        let receiverPort = Int.random(in: 20_000...40_000)
        let receiver = Process()
        receiver.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        receiver.arguments = [script, String(receiverPort), received]
        // Not our pipes: a child left behind would keep the test runner waiting for their end.
        receiver.standardOutput = FileHandle.nullDevice
        receiver.standardError = FileHandle.nullDevice
        try receiver.run()
        // SIGKILL: the test runner's blocked signals are inherited, and a blocked SIGTERM would leave it running.
        defer { kill(receiver.processIdentifier, SIGKILL) }

        let url = "sqlite://\(path)"
        let subscribed = try CLITests.run([
            "subscriptions", "create", "--admin", "ada", "--client", "Corte de Prueba", "--url",
            "http://127.0.0.1:\(receiverPort)/eventos", "--types", "custodia.clocks.recomputed.v1", "--database", url,
        ])
        #expect(subscribed.status == 0, "\(subscribed.error)")
        let secret = try #require(
            subscribed.output.split(separator: " ").last.map { String($0).trimmingCharacters(in: .newlines) })

        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let port = Int.random(in: 40_001...60_000)
        let server = Process()
        server.executableURL = try CLITests.executable
        server.arguments = ["serve", "--database", url, "--host", "127.0.0.1", "--port", "\(port)"]
        let key = try CLITests.auditKey()
        defer { try? FileManager.default.removeItem(atPath: key.directory) }
        server.environment = key.environment
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        server.standardOutput = handle
        server.standardError = handle
        try server.run()
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        // Deadlines, not timings: beside the whole parallel suite on two cores the server has taken a minute to start.
        var listening = false
        for _ in 0..<1_800 where !listening {
            try await Task.sleep(for: .milliseconds(100))
            listening = String(decoding: FileManager.default.contents(atPath: output) ?? Data(), as: UTF8.self)
                .contains("Custodia listening")
        }
        try #require(listening, "the server did not start")

        // Another command writes an event; the server's dispatcher delivers it.
        let recomputed = try CLITests.run(["clocks", "recompute", "--as-of", "2026-11-29", "--database", url])
        #expect(recomputed.status == 0, "\(recomputed.error)")
        var lines: [String] = []
        for _ in 0..<900 where lines.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            lines = String(decoding: FileManager.default.contents(atPath: received) ?? Data(), as: UTF8.self)
                .split(separator: "\n").map(String.init)
        }
        let line = try #require(lines.first, "nothing delivered")
        #expect(line.hasPrefix("v1,") && line.contains(#""type":"custodia.clocks.recomputed.v1""#))
        #expect(secret.hasPrefix("whsec_"))
        server.terminate()
    }
}
