import CustodiaCore
import CustodiaTestSupport
import Foundation
import LegalClock
import SQLKit
import Store
import Testing

/// Incident reports on both engines (issue 12 point 3, INC-1 … INC-7, example 29): filed whole or not at all,
/// corrected only by addenda, moved through their states with who and when, kept append-only by the database itself,
/// a release in error or an unlawful detention linked to the legal clock, and events with the IMEIs and the visitors'
/// documents (point 7). Today is 2026-03-15; the environment's minute is the real clock's, so reports happen on the
/// 14th.
@Suite struct IncidentStoreTests {
    static let yesterday = LocalTime(date: CivilDate(year: 2026, month: 3, day: 14)!, time: TimeOfDay(hour: 9, minute: 40)!)
    static let imei = "490154203237518"

    static func done<T>(_ outcome: ChangeOutcome<T>, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
        if case .done(let value) = outcome { return value }
        Issue.record("\(outcome)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    static func count(_ database: Database, _ table: String) async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
        }
    }

    /// Example 29: a phone found in a cell during an ordinary search.
    static func phoneInCell(_ person: Person.ID) -> IncidentReport {
        IncidentReport(
            establishmentCode: "ep-norte", kind: .phonePossession, searchKind: .ordinary, relevance: .medium,
            occurredAt: yesterday, place: "Pabellón A, celda A-12",
            narrative: "Durante la requisa ordinaria se halló un celular.",
            participants: [
                IncidentParticipant(.person(person), role: .intervened),
                IncidentParticipant(.staff("Técnico Sintético Uno"), role: .reporter),
            ],
            items: [
                SeizedItem(category: .phone, quantity: 1, description: "Equipo negro", foundAt: "Bajo el colchón", imei: imei)
            ])
    }

    @Test(arguments: TestDatabase.engines)
    func example29ReportAddendaStatesAndEvents(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            let person = file.person.id
            let incident = try Self.done(
                try await registry.reportIncident(Self.phoneInCell(person), asOf: Fixtures.asOf, actor: "seguridad"))
            #expect(incident.kind == .phonePossession && incident.kind.penalCodeArticle == "368-D")
            #expect(incident.searchKind == .ordinary && incident.state == .open && incident.version == 1)
            #expect(incident.items.map(\.category) == [.phone] && incident.items.first?.imei == Self.imei)
            #expect(incident.personIDs == [person] && incident.history.map(\.state) == [.open])
            #expect(incident.history.first?.author == "seguridad")
            // No automatic sanction (INC-6): the person's file is as it was, with no isolation.
            let after = try #require(try await registry.personFile(person))
            #expect(after.person.version == file.person.version && after.isolations.isEmpty)

            // An addendum corrects the place; the original stays as filed.
            let corrected = try Self.done(
                try await registry.addIncidentAddendum(
                    incident.id, text: "La celda es A-21, no A-12.", corrects: .place, expectedVersion: 1,
                    asOf: Fixtures.asOf, actor: "seguridad"))
            #expect(corrected.place == "Pabellón A, celda A-12" && corrected.version == 2)
            #expect(corrected.addenda.map(\.corrects) == [.place] && corrected.addenda.first?.author == "seguridad")
            let stale = try await registry.addIncidentAddendum(
                incident.id, text: "Otra", corrects: nil, expectedVersion: 1, asOf: Fixtures.asOf, actor: "t")
            guard case .versionConflict(current: 2) = stale else { throw CancellationError() }

            // States: open → under review → closed; closed → open is not a move a report makes.
            let review = try Self.done(
                try await registry.changeIncidentState(
                    incident.id, to: .underReview, note: "Pasa a evaluación", expectedVersion: 2, asOf: Fixtures.asOf,
                    actor: "director"))
            let closed = try Self.done(
                try await registry.changeIncidentState(
                    incident.id, to: .closed, note: "Celular remitido a la PNP", expectedVersion: nil, asOf: Fixtures.asOf,
                    actor: "director"))
            #expect(review.state == .underReview && closed.state == .closed && closed.version == 4)
            #expect(closed.history.map(\.state) == [.open, .underReview, .closed])
            #expect(closed.history.map(\.author) == ["seguridad", "director", "director"])
            guard
                case .rejected(let back) = try await registry.changeIncidentState(
                    incident.id, to: .open, note: "x", expectedVersion: nil, asOf: Fixtures.asOf, actor: "director")
            else { throw CancellationError() }
            #expect(back.map(\.code) == [.incidentWrongState] && back.map(\.field) == ["state"])
            guard
                case .notFound = try await registry.addIncidentAddendum(
                    .init(rawValue: 999), text: "x", corrects: nil, expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }

            // The list and INC-7's figures; the person's reports.
            let list = try await registry.incidents(IncidentQuery(establishmentCodes: ["ep-norte"]))
            #expect(list.total == 1 && list.byKind == [.phonePossession: 1] && list.seized == [.phone: 1] && list.intervened == 1)
            #expect(try await registry.incidents(IncidentQuery(establishmentCodes: ["ep-mujeres"])).total == 0)
            #expect(try await registry.incidents(IncidentQuery(establishmentCodes: [])).incidents.isEmpty)
            #expect(try await registry.incidents(of: person, limit: 10).map(\.id) == [incident.id])

            // Events: the IMEI and the persons are in every one of them (point 7).
            let events = try await registry.events(after: 0, limit: 100, within: nil).filter {
                $0.type == "custodia.incident.changed.v1"
            }
            #expect(events.count == 4)
            #expect(events.allSatisfy { $0.payload.contains(Self.imei) && $0.establishmentCode == "ep-norte" })
            #expect(events.map { $0.payload.contains("\"action\":\"reported\"") } == [true, false, false, false])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func badReportsWriteNothing(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            let events = try await Self.count(database, "events")
            var seizure = Self.phoneInCell(file.person.id)
            seizure.kind = .seizure
            seizure.items = []
            guard case .rejected(let none) = try await registry.reportIncident(seizure, asOf: Fixtures.asOf, actor: "t") else {
                throw CancellationError()
            }
            #expect(none.map(\.code) == [.incidentItemsRequired] && none.map(\.field) == ["items"])
            var unknown = Self.phoneInCell(.init(rawValue: 999))
            unknown.participants.append(IncidentParticipant(.visitor(.init(rawValue: 77)), role: .witness))
            guard case .rejected(let missing) = try await registry.reportIncident(unknown, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            #expect(missing.map(\.field) == ["participants[0].person_number", "participants[2].visitor_id"])
            var elsewhere = Self.phoneInCell(file.person.id)
            elsewhere.establishmentCode = "ep-nada"
            guard case .rejected(let place) = try await registry.reportIncident(elsewhere, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            #expect(place.map(\.code) == [.establishmentUnknown])
            for table in ["incidents", "incident_participants", "seized_items", "incident_states"] {
                #expect(try await Self.count(database, table) == 0)
            }
            #expect(try await Self.count(database, "events") == events)
        }
    }

    /// The strong form of "append-only": even SQL written by hand cannot rewrite or delete what was filed.
    @Test(arguments: TestDatabase.engines)
    func theDatabaseRefusesToRewriteAReport(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            let incident = try Self.done(
                try await registry.reportIncident(Self.phoneInCell(file.person.id), asOf: Fixtures.asOf, actor: "t"))
            _ = try Self.done(
                try await registry.addIncidentAddendum(
                    incident.id, text: "Complemento", corrects: nil, expectedVersion: nil, asOf: Fixtures.asOf, actor: "t"))
            let id = incident.id.rawValue
            for statement in [
                "UPDATE incidents SET narrative = 'otra cosa' WHERE id = \(id)",
                "UPDATE incidents SET kind = 'reyerta' WHERE id = \(id)",
                "DELETE FROM incidents WHERE id = \(id)",
                "UPDATE seized_items SET quantity = 2 WHERE incident_id = \(id)",
                "DELETE FROM seized_items WHERE incident_id = \(id)",
                "UPDATE incident_addenda SET text = 'x' WHERE incident_id = \(id)",
                "DELETE FROM incident_participants WHERE incident_id = \(id)",
                "UPDATE incident_states SET author = 'nadie' WHERE incident_id = \(id)",
            ] {
                await #expect(throws: (any Error).self, "\(statement)") {
                    try await database.transaction { sql in try await sql.raw("\(unsafeRaw: statement)").run() }
                }
            }
            let again = try #require(try await registry.incident(incident.id))
            #expect(again.narrative == incident.narrative && again.kind == .phonePossession && again.items == incident.items)
            #expect(again.addenda.map(\.text) == ["Complemento"] && again.participants == incident.participants)
        }
    }

    /// A detention found unlawful names the person; the report keeps what their legal clock said on that day.
    @Test(arguments: TestDatabase.engines)
    func unlawfulDetentionLinksTheClock(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, _, file in
            var report = Self.phoneInCell(file.person.id)
            report.kind = .unlawfulDetention
            report.items = []
            report.searchKind = nil
            let incident = try Self.done(try await registry.reportIncident(report, asOf: Fixtures.asOf, actor: "legal"))
            let link = try #require(incident.clock)
            let input = try #require(ClockInput.from(file, asOf: Self.yesterday.date))
            let clock = LegalClock.compute(input, rules: .shipped, explain: false).stored(
                person: file.person.id, establishment: file.openEpisode!.establishmentID)
            #expect(link.status == .pretrial && link.endsOn == clock.pretrialEndsOn && link.endsOn != nil)
            #expect(link.readOn == Self.yesterday.date && link.episodeID == file.openEpisode?.id)
            #expect(link.daysPastEnd == clock.pretrialEndsOn.map { $0.days(until: Self.yesterday.date) })
            #expect(try await registry.incident(incident.id)?.clock == link)
        }
    }
}
