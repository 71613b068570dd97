import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// The candidate search's phonetic blocks (issue 16 point 1), both engines: a person whose surname is written as it
/// sounds ("Bazques" for "Vásquez") and whose given names have a slip shares no exact block with the one the register
/// holds, and is found through the phonetic keys; migration 36 writes those keys for the names admitted before it.
@Suite struct IdentityBlockingTests {
    static let held = NewPerson(
        document: .dni("41111111"),
        name: PersonName(givenNames: "Juan Carlos", paternalSurname: "Vásquez", maternalSurname: "Huamán"), aliases: [],
        sex: .male, birthDate: CivilDate(year: 1985, month: 3, day: 2), nationality: "PER")

    @Test(arguments: TestDatabase.engines)
    func aSurnameWrittenAsItSoundsIsFound(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            guard
                case .done(let file) = try await registry.admit(
                    Fixtures.admission(subject: .new(Self.held)), asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let written = IdentityRecord(
                document: .none,
                name: PersonName(givenNames: "Juan Carlo", paternalSurname: "Bazques", maternalSurname: "Huaman"),
                sex: .male, birthDate: CivilDate(year: 1985, month: 3, day: 2), nationality: "PER")
            let found = try await registry.identityCandidates(written, within: nil, limit: 5)
            #expect(found.map(\.summary.person.id) == [file.person.id], "\(found)")
            // The surnames swapped and spelled as they sound: the swapped phonetic block.
            let swapped = IdentityRecord(
                document: .none,
                name: PersonName(givenNames: "Juan Karlos", paternalSurname: "Huaman", maternalSurname: "Basquez"),
                sex: .male, birthDate: CivilDate(year: 1985, month: 3, day: 2), nationality: "PER")
            #expect(
                try await registry.identityCandidates(swapped, within: nil, limit: 5).map(\.summary.person.id) == [file.person.id]
            )

            // Names admitted before migration 36 get their keys from it.
            try await database.transaction { sql in
                try await sql.raw("DELETE FROM person_search_keys WHERE search_key LIKE '#%'").run()
                try await sql.raw("DELETE FROM schema_migrations WHERE version = 36").run()
            }
            #expect(try await registry.identityCandidates(written, within: nil, limit: 5).isEmpty)
            #expect(try await Migrations.migrate(database) == [36])
            #expect(
                try await registry.identityCandidates(written, within: nil, limit: 5).map(\.summary.person.id) == [file.person.id]
            )
            let keys = try await database.read { sql in
                try await sql.raw("SELECT search_key FROM person_search_keys WHERE search_key LIKE '#%' ORDER BY search_key")
                    .all()
                    .map { try $0.decode(column: "search_key", as: String.self) }
            }
            #expect(keys == ["#baskes uaman juan karlos", "#juan karlos uaman baskes"], "\(keys)")
        }
    }
}
