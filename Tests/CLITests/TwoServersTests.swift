import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// More than one server (issue 17, point 8): two `custodia serve` processes on one PostgreSQL, with requests
/// alternating between them as a round-robin load balancer sends them. A session opened on one is good on the other and
/// ends on both; failed logins count once whichever server checks them; concurrent admissions through both keep one
/// audit chain that verifies against both servers' checkpoints; a stale version is refused whichever server sees it, and
/// of concurrent moves with one version exactly one wins. Request limits are per server, as documented.
@Suite(.serialized) struct TwoServersTests {
    struct Answer {
        var status: Int
        var headers: [String: String]
        var json: [String: Any]
    }

    static func call(
        _ port: Int, _ method: String, _ path: String, json: [String: Any]? = nil, headers: [String: String] = [:]
    ) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpShouldHandleCookies = false
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return Answer(
            status: http.statusCode, headers: fields,
            json: (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    @Test func twoServersOnOnePostgreSQLAgree() async throws {
        guard TestDatabase.postgresRequired || TestDatabase.postgresURL != nil else { return }
        try await CLITests.withDatabase(.postgres) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            let directory = SQLAccessDirectory(database: database, now: { Date() })
            for name in ["registro", "guardia"] {
                try await AccessFixtures.user(
                    name, roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: directory)
            }
            let expires = Date().addingTimeInterval(3_600)
            let token = try await AccessFixtures.token(
                client: "Policía Nacional (sintética)", kind: .police, operations: [.admit, .move, .readPersonFile],
                scope: .nation, in: directory, expiresAt: expires)
            let counted = try await AccessFixtures.token(
                client: "Juzgado sintético", operations: [.listEstablishments], scope: .nation, in: directory,
                expiresAt: expires)
            let key = try CLITests.auditKey()
            defer { try? FileManager.default.removeItem(atPath: key.directory) }
            var environment = key.environment
            environment["CUSTODIA_REQUESTS_PER_MINUTE_PER_TOKEN"] = "200"
            let ports = [try CLITests.freePort(), try CLITests.freePort()]
            let servers = try ports.enumerated().map { index, port in
                try CrashSafetyTests.start(
                    url, port: port, environment: environment, output: key.directory + "/serve-\(index).out")
            }
            defer { for server in servers where server.isRunning { kill(server.processIdentifier, SIGKILL) } }
            for index in servers.indices {
                try #require(try await CrashSafetyTests.listening(key.directory + "/serve-\(index).out"), "server \(index)")
            }
            let (a, b) = (ports[0], ports[1])

            // A session opened on A is good on B, and logging out on B ends it on A.
            let login = try await Self.call(
                a, "POST", "/api/v1/auth/login", json: ["username": "registro", "password": AccessFixtures.password])
            #expect(login.status == 200)
            let cookie = try #require(login.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
            let csrf = try #require(login.json["csrf_token"] as? String)
            #expect(try await Self.call(b, "GET", "/api/v1/auth/me", headers: ["Cookie": cookie]).status == 200)
            #expect(
                try await Self.call(b, "POST", "/api/v1/auth/logout", headers: ["Cookie": cookie, "X-CSRF-Token": csrf]).status
                    < 300)
            #expect(try await Self.call(a, "GET", "/api/v1/auth/me", headers: ["Cookie": cookie]).status == 401)

            // Five wrong passwords, alternating: the account is locked on both, the right password refused on either.
            for attempt in 0..<5 {
                let wrong = try await Self.call(
                    attempt % 2 == 0 ? a : b, "POST", "/api/v1/auth/login",
                    json: ["username": "guardia", "password": "equivocada-\(attempt)"])
                #expect(wrong.status == 401)
            }
            for port in [a, b] {
                let right = try await Self.call(
                    port, "POST", "/api/v1/auth/login", json: ["username": "guardia", "password": AccessFixtures.password])
                #expect(right.status == 401)
            }
            let lockout = try await database.read { sql in
                try await sql.raw("SELECT failed_attempts, locked_until FROM staff_users WHERE username = 'guardia'").first()
            }
            // Locking starts the count again.
            #expect(try lockout?.decode(column: "failed_attempts", as: Int.self) == 0)
            #expect(try lockout?.decode(column: "locked_until", as: String?.self) != nil)

            // Twenty admissions at once through both servers: all acknowledged, one chain.
            let bearer = ["Authorization": "Bearer \(token)"]
            let numbers = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let admitted = try await Self.call(
                            index % 2 == 0 ? a : b, "POST", "/api/v1/admissions",
                            json: Fixtures.admissionBody(dni: String(47_000_000 + index)), headers: bearer)
                        return admitted.status == 201 ? admitted.json["person_number"] as? String : nil
                    }
                }
                return try await group.reduce(into: [String]()) { if let number = $1 { $0.append(number) } }
            }
            #expect(numbers.count == 20)

            // Ten moves of one person with the same version, through both servers at once: exactly one wins, and the
            // stale version is refused by the other server afterwards.
            let number = try #require(numbers.first)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        try await Self.call(
                            index % 2 == 0 ? a : b, "POST", "/api/v1/persons/\(number)/moves", json: Self.move,
                            headers: bearer.merging(["If-Match": "\"1\""]) { $1 }
                        ).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 1 && statuses.filter { $0 == 412 }.count == 9, "\(statuses)")
            for port in [a, b] {
                let stale = try await Self.call(
                    port, "POST", "/api/v1/persons/\(number)/moves", json: Self.move,
                    headers: bearer.merging(["If-Match": "\"1\""]) { $1 })
                #expect(stale.status == 412 && stale.json["code"] as? String == "precondition.stale_version")
                let file = try await Self.call(port, "GET", "/api/v1/persons/\(number)", headers: bearer)
                #expect(file.status == 200 && file.headers["etag"] == "\"2\"")
            }

            // The limit per token is each server's: past 200 a minute on A (and what came back while they were sent), A
            // answers 429 and B still answers. The bucket refills continuously, so the most A may answer is 200 and
            // what refilled in the time the loop took (a loaded machine takes longer).
            let listing = ["Authorization": "Bearer \(counted)"]
            var answered = 0
            var limited: Answer?
            let started = Date()
            while limited == nil, answered < 400 {
                let answer = try await Self.call(a, "GET", "/api/v1/establishments", headers: listing)
                if answer.status == 200 { answered += 1 } else { limited = answer }
            }
            let refilled = Int((Date().timeIntervalSince(started) * 200 / 60).rounded(.up))
            #expect(
                (200...(200 + refilled + 1)).contains(answered),
                "\(answered) answered before the first 429 (at most 200 + \(refilled) refilled)")
            #expect(limited?.status == 429 && limited?.json["code"] as? String == "request.rate_limited")
            #expect(Int(limited?.headers["retry-after"] ?? "") ?? 0 > 0)
            #expect(try await Self.call(b, "GET", "/api/v1/establishments", headers: listing).status == 200)

            // Both stop, each writing its last checkpoint; the chain verifies, and so does every checkpoint of both.
            for server in servers {
                kill(server.processIdentifier, SIGTERM)
                server.waitUntilExit()
            }
            let admissions = try await database.read { sql in
                try await sql.raw(
                    "SELECT COUNT(*) AS n FROM audit_trail WHERE action LIKE 'POST /api/v1/admissions%' AND outcome = 'ok'"
                ).first()?.decode(column: "n", as: Int.self)
            }
            #expect(admissions == 20)
            #expect(try await SQLAuditLog(database: database, now: { Date() }).verify().problem == nil)
            try await database.close()
            let checkpoints = try FileManager.default.contentsOfDirectory(atPath: key.directory).filter {
                $0.hasPrefix("checkpoint-") && $0.hasSuffix(".json")
            }.sorted { (Self.treeSize($0), $0) < (Self.treeSize($1), $1) }.map { key.directory + "/" + $0 }
            #expect(checkpoints.count >= 2)
            let verified = try CLITests.run(
                ["audit", "verify", "--public-key", key.directory + "/checkpoint.key.pub", "--database", url]
                    + checkpoints.flatMap { ["--checkpoint", $0] })
            #expect(verified.status == 0, "\(verified.output)\(verified.error)")
        }
    }

    static var move: [String: Any] { ["pavilion_code": "B", "moved_on": "2026-03-05", "reason": "Seguridad"] }

    /// The tree size in a checkpoint's file name (`checkpoint-SIZE-STAMP.json`): verify takes them oldest first.
    static func treeSize(_ name: String) -> Int { Int(name.split(separator: "-")[1]) ?? 0 }
}
