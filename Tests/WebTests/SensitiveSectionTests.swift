import API
import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Store
import Testing

/// A person file with every sensitive section filled, read as each role and as an institutional token: exactly
/// the sections the written table allows appear, in the JSON, on the person's page and in the form.
@Suite struct SensitiveSectionTests {
    static let markers = [
        "health": "Salud-marca-7731", "affiliation": "Afiliacion-marca-7732", "intelligence": "Inteligencia-marca-7733",
    ]

    @Test(arguments: TestDatabase.engines)
    func everyRoleSeesExactlyItsSections(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            try await Self.fillEverySection(of: file, in: services.database)
            let number = file.person.number.description
            for role in Role.allCases {
                let readable = Set(AccessExpectations.sensitiveReaders.filter { $0.value.contains(role) }.keys)
                let grants = AccessExpectations.grants[role] ?? []
                let user = try await AccessFixtures.user(
                    "s.\(role.rawValue)", roles: [role], scope: .establishments(["ep-norte"]), in: services.directory)
                var browser = Browser(client: client)
                _ = try await browser.signIn(user, clock: clock)
                let headers: HTTPFields = [.cookie: browser.cookieHeader]

                // JSON.
                let json = try await client.execute(uri: "/api/v1/persons/\(number)", method: .get, headers: headers) {
                    (Int($0.status.code), Data(buffer: $0.body))
                }
                let page = try await browser.get("/persons/\(number)")
                let form = try await browser.get("/persons/\(number)/sensitive")
                guard grants.contains("persons.read") else {
                    #expect(json.0 == 403 && page.status == 403 && form.status == 403, "\(role)")
                    continue
                }
                #expect(json.0 == 200, "\(role)")
                let object = try #require(try JSONSerialization.jsonObject(with: json.1) as? [String: Any])
                let sections = object["sensitive"] as? [String: Any]
                #expect(Set(sections?.keys.map { $0 } ?? []) == readable, "\(role) reads \(sections?.keys.sorted() ?? [])")
                for (section, marker) in Self.markers {
                    #expect((sections?[section] as? String == marker) == readable.contains(section), "\(role) \(section)")
                    // The page.
                    #expect(page.contains(marker) == readable.contains(section), "\(role) page, \(section)")
                    #expect(!String(decoding: json.1, as: UTF8.self).contains(marker) || readable.contains(section))
                }
                // The form: a field for each section the role reads, filled in; none for the others.
                guard grants.contains("persons.sensitive") else {
                    #expect(form.status == 403, "\(role) form")
                    continue
                }
                #expect(form.status == 200, "\(role) form")
                for (section, marker) in Self.markers {
                    #expect(form.contains("id=\"f-\(section)\"") == readable.contains(section), "\(role) form, \(section)")
                    #expect(form.contains(marker) == readable.contains(section), "\(role) form, \(section) filled")
                }
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func tokensSeeNoSectionAndWriteNone(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            try await Self.fillEverySection(of: file, in: services.database)
            let token = try await AccessFixtures.token(
                client: "Corte de prueba", operations: Set(AccessOperation.allCases), scope: .nation, in: services.directory,
                expiresAt: clock.now.addingTimeInterval(3_600))
            let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
            let uri = "/api/v1/persons/\(file.person.number)"
            let (status, body) = try await client.execute(uri: uri, method: .get, headers: bearer) {
                (Int($0.status.code), Data(buffer: $0.body))
            }
            #expect(status == 200)
            let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            #expect(object["sensitive"] == nil && object["identity"] != nil, "\(object.keys.sorted())")
            for marker in Self.markers.values { #expect(!String(decoding: body, as: UTF8.self).contains(marker)) }
            // Nor through the pages, which a token may read as its operations allow.
            let page = try await client.execute(uri: "/persons/\(file.person.number)", method: .get, headers: bearer) {
                (Int($0.status.code), String(buffer: $0.body))
            }
            #expect(page.0 == 200 && page.1.contains(file.person.number.description), "\(page.0)")
            #expect(!Self.markers.values.contains { page.1.contains($0) })
            // Writing a section is refused, and nothing changes.
            var headers = bearer
            headers[.contentType] = "application/json"
            headers[.ifMatch] = "\"\(file.person.version)\""
            let write = try await client.execute(
                uri: "\(uri)/sensitive", method: .put, headers: headers, body: ByteBuffer(string: #"{"health":"Otra"}"#)
            ) { Int($0.status.code) }
            #expect(write == 403)
            #expect(try await services.registry.personFile(file.person.id)?.sensitive.health == Self.markers["health"])
        }
    }

    static func fillEverySection(of file: PersonFile, in database: Database) async throws {
        try await database.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO person_sensitive (person_id, health, affiliation, intelligence) VALUES
                (\(bind: file.person.id.rawValue), \(bind: markers["health"]!), \(bind: markers["affiliation"]!), \(bind: markers["intelligence"]!))
                """
            ).run()
        }
    }
}
