import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// The orders that extend a prisión preventiva beyond the ordered term (adecuación, prolongation, prolongation
/// after an appealed conviction) and the appealed conviction itself: stored, read back, and moving the stored clock.
@Suite struct OrderKindStoreTests {
    static func stored(_ database: Database, _ person: Person.ID) async throws -> (end: String?, review: Int) {
        try await database.read { sql in
            let row = try #require(
                try await sql.raw(
                    "SELECT pretrial_ends_on, needs_review FROM legal_clocks WHERE person_id = \(bind: person.rawValue)"
                ).first())
            return (
                try row.decode(column: "pretrial_ends_on", as: String?.self), try row.decode(column: "needs_review", as: Int.self)
            )
        }
    }

    @Test(arguments: TestDatabase.engines)
    func everyExtensionOfTheTermMovesTheStoredEnd(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            // Ordinary case, arrested 2026-03-01, 6 of the 9 months of art. 272 ordered: last day 2026-08-31.
            let admission = Fixtures.admission(order: Fixtures.pretrialOrder(months: 6))
            guard case .done(let file) = try await registry.admit(admission, asOf: Fixtures.asOf, actor: "t") else {
                Issue.record("admission refused")
                return
            }
            let person = file.person.id
            #expect(try await Self.stored(database, person).end == "2026-08-31")
            // Adecuado by the 3 months left to the maximum, then prolonged 9 (art. 274.1), then convicted to 10
            // years at first instance, the conviction appealed, and the term prolonged 6 months on appeal.
            try await Fixtures.insertOrder(database, person: person, kind: "adecuacion", issuedOn: "2026-08-20", months: 3)
            try await Fixtures.insertOrder(database, person: person, kind: "prolongation", issuedOn: "2026-11-20", months: 9)
            try await Fixtures.insertOrder(
                database, person: person, kind: "appealed_conviction", issuedOn: "2027-07-15", years: 10)
            try await Fixtures.insertOrder(
                database, person: person, kind: "appeal_prolongation", issuedOn: "2027-08-25", months: 6)

            let kinds = try #require(try await registry.personFile(person)).orders.map(\.kind)
            #expect(
                kinds.dropFirst()
                    == [
                        .adecuacion(months: 3), .prolongation(months: 9),
                        .appealedConviction(ConvictionTerm(years: 10, months: 0)), .appealProlongation(months: 6),
                    ])

            // Each order counts from the day it is issued on; the conviction under appeal asks for legal review.
            let day = { (text: String) in CivilDate(iso: text)! }
            _ = try await registry.recomputeClocks(asOf: day("2026-08-25"))
            #expect(try await Self.stored(database, person).end == "2026-11-30")
            _ = try await registry.recomputeClocks(asOf: day("2026-11-25"))
            #expect(try await Self.stored(database, person).end == "2027-08-31")
            let beforeAppeal = try await Self.stored(database, person)
            _ = try await registry.recomputeClocks(asOf: day("2027-08-30"))
            let onAppeal = try await Self.stored(database, person)
            #expect(onAppeal.end == "2028-02-29")
            #expect(beforeAppeal.review == 0 && onAppeal.review == 1)
        }
    }

    /// Migration 8 widens the order kinds; on SQLite it rebuilds the table others refer to, and every row, id
    /// and reference an earlier schema held survives it.
    @Test(arguments: TestDatabase.engines)
    func theMigrationKeepsEveryOrderAndReference(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine, migrate: false) { database in
            // Every migration but 8: the schema of today's reads, with the order kinds of before migration 8.
            try await Migrations.migrate(database, skipping: [8])
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            guard case .done(let file) = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t") else {
                Issue.record("admission refused")
                return
            }
            await #expect {
                try await Fixtures.insertOrder(
                    database, person: file.person.id, kind: "adecuacion", issuedOn: "2026-03-10", months: 1)
            } throws: { DatabaseFailure.isConstraintViolation($0) }
            #expect(try await Migrations.migrate(database, upTo: 8) == [8])
            let after = try #require(try await registry.personFile(file.person.id))
            #expect(after.orders == file.orders)
            #expect(after.episodes == file.episodes)
            try await Fixtures.insertOrder(
                database, person: file.person.id, kind: "adecuacion", issuedOn: "2026-03-10", months: 1)
            // The references to the rebuilt table still hold: an episode cannot point at an order that is not there.
            await #expect {
                try await database.read { sql in
                    try await sql.raw("UPDATE custody_episodes SET authorizing_order_id = 999999").run()
                }
            } throws: { DatabaseFailure.isConstraintViolation($0) }
            await #expect {
                try await Fixtures.insertOrder(database, person: file.person.id, kind: "pardon", issuedOn: "2026-03-10")
            } throws: { DatabaseFailure.isConstraintViolation($0) }
        }
    }
}
