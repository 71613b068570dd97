import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// Stored clocks follow the register in the same transaction, and alerts are raised from them.
@Suite struct ClockStoreTests {
    func storedEnd(_ database: Database, _ person: Person.ID) async throws -> String? {
        try await database.read { sql in
            try await sql.raw("SELECT pretrial_ends_on FROM legal_clocks WHERE person_id = \(bind: person.rawValue)").first()?
                .decode(column: "pretrial_ends_on", as: String?.self)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func admissionStoresTheClockAndReleaseRemovesIt(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            // 9 months from the arrest on 2026-03-01 (PP-8): last day 2026-11-30.
            #expect(try await storedEnd(database, file.person.id) == "2026-11-30")

            let day = { (text: String) in CivilDate(iso: text)! }
            let within = try #require(
                try await registry.alerts(
                    asOf: day("2026-11-29"), establishmentCode: nil, severity: nil, kind: nil, after: nil, limit: 10))
            // The clock's alert, and the classification the person never had (CL-4: overdue since day 30).
            #expect(within.items.map(\.alert.kind) == [.pretrialEndsWithin1Day, .classificationOverdue])
            #expect(within.items.first?.establishmentCode == "ep-norte")
            let past = try #require(
                try await registry.alerts(
                    asOf: day("2026-12-05"), establishmentCode: "ep-norte", severity: .critical, kind: nil, after: nil, limit: 10)
            )
            #expect(past.items.map(\.alert.kind) == [.unlawfulDetention])
            #expect(past.items.first?.alert.days == -5)
            #expect(
                try await registry.alertCounts(asOf: day("2026-11-10"), establishmentCode: nil) == [
                    .pretrialEndsWithin30Days: 1, .classificationOverdue: 1,
                ])
            #expect(
                try await registry.alerts(
                    asOf: day("2026-12-05"), establishmentCode: "ep-mujeres", severity: nil, kind: nil, after: nil, limit: 10)?
                    .items.isEmpty == true)
            #expect(
                try await registry.alerts(
                    asOf: day("2026-12-05"), establishmentCode: "nowhere", severity: nil, kind: nil, after: nil, limit: 10) == nil
            )

            // Recomputing everyone gives the same stored dates, and says nothing moved.
            let summary = try await registry.recomputeClocks(asOf: Fixtures.asOf)
            #expect(summary.clocks == 1)
            #expect(try await storedEnd(database, file.person.id) == "2026-11-30")
            #expect(summary.changes == ClockChanges())

            // A clock stored by an earlier version of the rules (its end a day later) is moved back, and the
            // recompute counts the field and the alerts of the day that appeared and vanished.
            try await database.read { sql in
                try await sql.raw("UPDATE legal_clocks SET pretrial_ends_on = '2026-12-01', needs_review = 1").run()
            }
            let moved = try await registry.recomputeClocks(asOf: day("2026-12-01"))
            #expect(try await storedEnd(database, file.person.id) == "2026-11-30")
            #expect(moved.changes.changed == ["pretrial_ends_on": 1, "needs_review": 1])
            #expect(moved.changes.appeared == [.unlawfulDetention: 1])
            #expect(moved.changes.vanished == [.pretrialEndsWithin1Day: 1])
            #expect(moved.changes.report.contains("pretrial_ends_on: 1"))

            let release = ReleaseRequest(
                personID: file.person.id, releasedOn: CivilDate(year: 2026, month: 3, day: 10)!,
                releasedAt: TimeOfDay(hour: 9, minute: 0)!,
                ground: .courtOrder, order: Fixtures.releaseOrder())
            _ = try await registry.release(release, expectedVersion: 1, asOf: Fixtures.asOf, actor: "t")
            #expect(try await storedEnd(database, file.person.id) == nil)
            #expect(try await registry.alertCounts(asOf: day("2026-12-05"), establishmentCode: nil).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func alertPagesWalkEveryAlertOnce(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            for index in 0..<5 {
                var person = Fixtures.newPerson(dni: "4123456\(index)")
                person.aliases = []
                guard
                    case .done = try await registry.admit(
                        Fixtures.admission(subject: .new(person)), asOf: Fixtures.asOf, actor: "t")
                else {
                    Issue.record("admission \(index) refused")
                    return
                }
            }
            let day = CivilDate(year: 2026, month: 12, day: 1)!
            var seen: [Person.ID] = []
            var cursor: String?
            repeat {
                let page = try #require(
                    try await registry.alerts(
                        asOf: day, establishmentCode: nil, severity: nil, kind: nil, after: cursor, limit: 2))
                seen += page.items.map(\.alert.personID)
                cursor = page.nextCursor
            } while cursor != nil
            // Each of the five: its clock's alert and its overdue classification, every one seen once.
            #expect(seen.count == 10)
            #expect(Set(seen).count == 5)
        }
    }

    /// A recompute writes only the rows whose values moved (ADR 0035): nothing on a night when nothing moved, the
    /// one row an earlier rule stored differently, the row of someone no longer held removed, and the whole table
    /// again when most rows move, every value then as a full computation gives it.
    @Test(arguments: TestDatabase.engines)
    func recomputeWritesOnlyWhatMoved(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            var persons: [Person.ID] = []
            for index in 0..<5 {
                var person = Fixtures.newPerson(dni: "4223456\(index)")
                person.aliases = []
                guard
                    case .done(let file) = try await registry.admit(
                        Fixtures.admission(subject: .new(person)), asOf: Fixtures.asOf, actor: "t")
                else {
                    Issue.record("admission \(index) refused")
                    return
                }
                persons.append(file.person.id)
            }
            let rows = { @Sendable () async throws -> [String] in
                try await database.read { sql in
                    try await sql.raw(
                        "SELECT person_id, pretrial_ends_on, needs_review, computed_as_of FROM legal_clocks ORDER BY person_id"
                    ).all().map {
                        "\(try $0.decode(column: "person_id", as: Int64.self)) \(try $0.decode(column: "pretrial_ends_on", as: String?.self) ?? "-") "
                            + "\(try $0.decode(column: "needs_review", as: Int.self)) \(try $0.decode(column: "computed_as_of", as: String.self))"
                    }
                }
            }
            let stored = try await rows()
            #expect(stored.count == 5)
            let (second, fifth) = (persons[1].rawValue, persons[4].rawValue)

            // The next night: nothing moved, no row is written (each keeps the day it was computed on).
            let nextDay = Fixtures.asOf.adding(days: 1)
            let quiet = try await registry.recomputeClocks(asOf: nextDay)
            #expect((quiet.clocks, quiet.rewritten, quiet.removed) == (5, 0, 0))
            #expect(try await rows() == stored)
            #expect(stored.allSatisfy { $0.hasSuffix(" \(Fixtures.asOf)") })

            // One row as an earlier rule stored it, and one person released behind the register's back.
            try await database.read { sql in
                try await sql.raw(
                    "UPDATE legal_clocks SET pretrial_ends_on = '2026-12-01' WHERE person_id = \(bind: second)"
                ).run()
                try await sql.raw(
                    "UPDATE custody_episodes SET released_on = '2026-03-14', released_at = '09:00', release_ground = 'court_order' WHERE person_id = \(bind: fifth)"
                ).run()
            }
            let moved = try await registry.recomputeClocks(asOf: nextDay)
            #expect((moved.clocks, moved.rewritten, moved.removed) == (4, 1, 1))
            #expect(moved.changes.changed == ["pretrial_ends_on": 1])
            let after = try await rows()
            #expect(after.count == 4)
            #expect(try await storedEnd(database, persons[1]) == "2026-11-30")
            #expect(try await storedEnd(database, persons[4]) == nil)
            #expect(Array(after[0...0]) == Array(stored[0...0]) && Array(after[2...3]) == Array(stored[2...3]))

            // Most rows moved (a new rule): the table is written whole, every clock as computed.
            try await database.read { sql in try await sql.raw("UPDATE legal_clocks SET needs_review = 1").run() }
            let law = try await registry.recomputeClocks(asOf: nextDay)
            #expect((law.clocks, law.rewritten, law.removed) == (4, 4, 0))
            #expect(
                try await rows().map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
                    == stored.prefix(4).map { $0.split(separator: " ").prefix(3).joined(separator: " ") })
        }
    }
}
