import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// The event log (outbox): every change writes exactly one typed event in its own transaction, at a position
/// that only grows; a refused change writes none; readers page by position and see only their scope.
@Suite struct EventLogTests {
    func withRegistry(_ engine: TestDatabase.Engine, _ body: (SQLRegistry, Database) async throws -> Void) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            try await body(
                SQLRegistry(
                    database: database, environment: Fixtures.environment(now: { Date(timeIntervalSince1970: 1_773_000_000) })),
                database)
        }
    }

    static func eventCount(_ database: Database) async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM events").first()!.decode(column: "n", as: Int.self)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func everyChangeWritesExactlyOneTypedEvent(_ engine: TestDatabase.Engine) async throws {
        try await withRegistry(engine) { registry, database in
            let start = try await registry.events(after: 0, limit: 100, within: nil)
            #expect(start.map(\.type) == ["custodia.register.loaded.v1"])
            var count = try await Self.eventCount(database)
            /// Runs a change and checks that it wrote one event, of `type`, for the person.
            func expectOneEvent(_ type: String, _ change: () async throws -> ChangeOutcome<PersonFile>) async throws
                -> PersonFile?
            {
                let outcome = try await change()
                guard case .done(let file) = outcome else {
                    Issue.record("\(type): change refused \(outcome)")
                    return nil
                }
                let after = try await Self.eventCount(database)
                #expect(after == count + 1, "\(type) wrote \(after - count) events")
                count = after
                let last = try await registry.events(after: 0, limit: 1_000, within: nil).last
                #expect(last?.type == type)
                #expect(last?.personID == file.person.id)
                #expect(last?.actor == "clerk")
                return file
            }
            guard
                let file = try await expectOneEvent(
                    "custodia.person.admitted.v1",
                    { try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "clerk") })
            else { throw MissingEvent() }
            let id = file.person.id
            _ = try await expectOneEvent("custodia.person.moved.v1") {
                try await registry.move(
                    MoveRequest(
                        personID: id, pavilionCode: "B", movedOn: CivilDate(year: 2026, month: 3, day: 5)!, reason: "Seguridad"),
                    expectedVersion: 1, asOf: Fixtures.asOf, actor: "clerk")
            }
            _ = try await expectOneEvent("custodia.person.work_recorded.v1") {
                try await registry.recordRedemption(
                    RedemptionRequest(
                        personID: id, activity: .work, fromDate: CivilDate(year: 2026, month: 3, day: 2)!,
                        toDate: CivilDate(year: 2026, month: 3, day: 14)!, days: 10, evaluationPassed: true,
                        certifiedBy: "Área de Trabajo"), expectedVersion: 2, asOf: Fixtures.asOf, actor: "clerk")
            }
            _ = try await expectOneEvent("custodia.person.suspension_recorded.v1") {
                try await registry.recordSuspension(
                    SuspensionRequest(
                        personID: id, fromDate: CivilDate(year: 2026, month: 3, day: 5)!,
                        toDate: CivilDate(year: 2026, month: 3, day: 7)!, resolution: "Resolución N.º 5"),
                    expectedVersion: 3, asOf: Fixtures.asOf, actor: "clerk")
            }
            _ = try await expectOneEvent("custodia.person.notes_changed.v1") {
                try await registry.recordSensitive(
                    SensitiveUpdate(personID: id, changes: [.health: "Hipertensión"]), expectedVersion: 4, asOf: Fixtures.asOf,
                    actor: "clerk")
            }
            _ = try await expectOneEvent("custodia.person.classified.v1") {
                try await registry.classify(
                    ClassificationRequest(
                        personID: id, regime: .rcoMaxima, decidedOn: CivilDate(year: 2026, month: 3, day: 9)!,
                        body: "Junta Técnica de Clasificación", resolution: "Resolución N.º 8", reason: "", leader: false),
                    expectedVersion: 5, asOf: Fixtures.asOf, actor: "clerk")
            }
            _ = try await expectOneEvent("custodia.person.released.v1") {
                try await registry.release(
                    ReleaseRequest(
                        personID: id, releasedOn: CivilDate(year: 2026, month: 3, day: 10)!,
                        releasedAt: TimeOfDay(hour: 18, minute: 5)!, ground: .courtOrder, order: Fixtures.releaseOrder()),
                    expectedVersion: 6, asOf: Fixtures.asOf, actor: "clerk")
            }
            _ = try await registry.recomputeClocks(asOf: Fixtures.asOf, actor: "clerk")
            #expect(try await Self.eventCount(database) == count + 1)

            // Positions grow by one in commit order, and every payload reads back as its typed event.
            let all = try await registry.events(after: 0, limit: 1_000, within: nil)
            #expect(all.map(\.position) == Array(1...Int64(all.count)))
            let typed = try all.map { try DomainEvent(type: $0.type, payload: $0.payload) }
            #expect(typed.allSatisfy { $0 != nil })
            #expect(Set(all.map(\.type)).isSubset(of: Set(DomainEvent.types)))
            guard case .admitted(let admitted) = typed[1] else {
                Issue.record("the second event is not the admission")
                return
            }
            #expect(admitted.establishmentCode == "ep-norte")
            #expect(admitted.newPerson)
            guard case .moved(let moved) = typed[2] else { throw MissingEvent() }
            #expect(moved.fromPavilionCode == "A" && moved.pavilionCode == "B")
            guard case .notesChanged(let notes) = typed[5] else { throw MissingEvent() }
            #expect(notes.sections == ["health"])
            #expect(!all[5].payload.contains("Hipertensión"), "the event names the section, never the note")
            guard case .clocksRecomputed(let recomputed) = typed.last else { throw MissingEvent() }
            #expect(recomputed.asOf == Fixtures.asOf)
        }
    }

    /// Issue 17, point 3: the same notes recorded again are answered with the record as it is: no new version,
    /// no event; a real change after it still needs the version it had.
    @Test(arguments: TestDatabase.engines)
    func anUpdateThatChangesNothingWritesNothing(_ engine: TestDatabase.Engine) async throws {
        try await withRegistry(engine) { registry, database in
            let file = try await admittedFile(registry)
            let id = file.person.id
            let notes = SensitiveUpdate(personID: id, changes: [.health: "Hipertensión", .affiliation: nil])
            guard
                case .done(let first) = try await registry.recordSensitive(
                    notes, expectedVersion: 1, asOf: Fixtures.asOf, actor: "t")
            else {
                Issue.record("notes refused")
                return
            }
            #expect(first.person.version == 2)
            let events = try await Self.eventCount(database)
            for again in [
                notes, SensitiveUpdate(personID: id, changes: [.health: "  Hipertensión "]),
                SensitiveUpdate(personID: id, changes: [:]),
            ] {
                guard
                    case .done(let same) = try await registry.recordSensitive(
                        again, expectedVersion: 2, asOf: Fixtures.asOf, actor: "t")
                else {
                    Issue.record("a no-op refused")
                    return
                }
                #expect(same.person.version == 2 && same.sensitive.health == "Hipertensión")
            }
            #expect(try await Self.eventCount(database) == events)
            let changed = SensitiveUpdate(personID: id, changes: [.health: "Diabetes"])
            guard
                case .done(let after) = try await registry.recordSensitive(
                    changed, expectedVersion: 2, asOf: Fixtures.asOf, actor: "t")
            else {
                Issue.record("a real change refused")
                return
            }
            #expect(after.person.version == 3)
            #expect(try await Self.eventCount(database) == events + 1)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aRefusedChangeWritesNoEvent(_ engine: TestDatabase.Engine) async throws {
        try await withRegistry(engine) { registry, database in
            let file = try await admittedFile(registry)
            let before = try await Self.eventCount(database)
            // Invalid (a pavilion that does not exist), stale, and unknown person: nothing written.
            let move = MoveRequest(
                personID: file.person.id, pavilionCode: "Z", movedOn: CivilDate(year: 2026, month: 3, day: 5)!, reason: "x")
            guard case .rejected = try await registry.move(move, expectedVersion: 1, asOf: Fixtures.asOf, actor: "t") else {
                Issue.record("invalid move accepted")
                return
            }
            var stale = move
            stale.pavilionCode = "B"
            guard case .versionConflict = try await registry.move(stale, expectedVersion: 9, asOf: Fixtures.asOf, actor: "t")
            else {
                Issue.record("stale move accepted")
                return
            }
            var unknown = stale
            unknown.personID = .init(rawValue: 999_999)
            guard case .notFound = try await registry.move(unknown, expectedVersion: nil, asOf: Fixtures.asOf, actor: "t") else {
                Issue.record("move of an unknown person accepted")
                return
            }
            guard case .rejected = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t") else {
                Issue.record("second admission of one document accepted")
                return
            }
            #expect(try await Self.eventCount(database) == before)
            // The next accepted change takes the very next position: refusals used none.
            guard case .done = try await registry.move(stale, expectedVersion: 1, asOf: Fixtures.asOf, actor: "t") else {
                Issue.record("move refused")
                return
            }
            let all = try await registry.events(after: 0, limit: 1_000, within: nil)
            #expect(all.last?.position == Int64(before + 1))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func readersPageByPositionWithinTheirScope(_ engine: TestDatabase.Engine) async throws {
        try await withRegistry(engine) { registry, _ in
            _ = try await admittedFile(registry)
            _ = try await admittedFile(
                registry,
                Fixtures.admission(
                    subject: .new(Fixtures.newPerson(dni: "47654321", sex: .female, given: "María")), establishment: "ep-mujeres")
            )
            _ = try await admittedFile(
                registry, Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "45678912", given: "Pedro"))))
            let all = try await registry.events(after: 0, limit: 1_000, within: nil)
            #expect(all.count == 4)
            // Pages of one, following the last position, give the whole log in order, once.
            var read: [EventRecord] = []
            var after: Int64 = 0
            while true {
                let page = try await registry.events(after: after, limit: 1, within: nil)
                guard let last = page.last else { break }
                read += page
                after = last.position
            }
            #expect(read == all)
            #expect(try await registry.events(after: all.last!.position, limit: 10, within: nil).isEmpty)
            // A caller scoped to ep-norte sees its two admissions, not the women's prison nor the national load.
            let north = try await registry.events(after: 0, limit: 100, within: ["ep-norte"])
            #expect(north.count == 2)
            #expect(north.allSatisfy { $0.establishmentCode == "ep-norte" })
            #expect(try await registry.events(after: 0, limit: 100, within: []).isEmpty)
        }
    }

    func admittedFile(_ registry: SQLRegistry, _ request: AdmissionRequest = Fixtures.admission()) async throws -> PersonFile {
        guard case .done(let file) = try await registry.admit(request, asOf: Fixtures.asOf, actor: "test") else {
            Issue.record("admission refused")
            throw CancellationError()
        }
        return file
    }
}

/// An event the test expected was not there (or not of its kind): the test fails instead of stopping quietly.
struct MissingEvent: Error, CustomStringConvertible {
    var description: String { "an expected event is missing or of another kind" }
}
