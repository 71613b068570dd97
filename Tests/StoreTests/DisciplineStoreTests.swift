import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Testing

/// Disciplinary cases on both engines (issue 12 point 4; examples 19-21, 28 and 29): a phone found in a cell opens a
/// case from the incident (no automatic sanction); no sanction before notification, descargo and report; a 20-day
/// isolation refused beyond 15, a 10-day one written as an isolation order with the decision; the visit suspension
/// refuses a family visit and lets a lawyer in; a second sanction for the same incident refused; an annulled decision
/// ends its isolation and its suspension. Today is Sunday 2026-03-15.
@Suite struct DisciplineStoreTests {
    static let today = Fixtures.asOf

    static func done<T>(_ outcome: ChangeOutcome<T>, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
        if case .done(let value) = outcome { return value }
        Issue.record("\(outcome)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    static func rejected<T>(_ outcome: ChangeOutcome<T>, sourceLocation: SourceLocation = #_sourceLocation) -> [ValidationMessage]
    {
        if case .rejected(let messages) = outcome { return messages }
        Issue.record("not rejected: \(outcome)", sourceLocation: sourceLocation)
        return []
    }

    static func count(_ database: Database, _ table: String) async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
        }
    }

    /// Notified, heard and reported today: ready for the Consejo Técnico Penitenciario.
    static func ready(_ registry: SQLRegistry, _ id: DisciplineCase.ID) async throws -> DisciplineCase {
        var c = try done(
            try await registry.stepDisciplineCase(
                id, .notify(on: today, notice: "Notificación escrita N.º 1"), expectedVersion: 1, asOf: today, actor: "seguridad")
        )
        c = try done(
            try await registry.stepDisciplineCase(
                id, .descargo(on: today, text: "Niego los hechos", defender: "Abogada Sintética"), expectedVersion: c.version,
                asOf: today, actor: "seguridad"))
        return try done(
            try await registry.stepDisciplineCase(
                id, .report(on: today, text: "Pruebas a favor y en contra"), expectedVersion: c.version, asOf: today,
                actor: "jefe.seguridad"))
    }

    @Test(arguments: TestDatabase.engines)
    func example29ThroughTheWholeProcedure(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            let person = file.person.id
            let incident = try Self.done(
                try await registry.reportIncident(
                    IncidentStoreTests.phoneInCell(person), asOf: Self.today, actor: "seguridad"))
            #expect(try await registry.disciplineCases(of: person).isEmpty)  // INC-6: no case, no sanction, by itself
            #expect(try await registry.offences(on: Self.today).map(\.code).contains("G-01"))

            // Collective (DS-6) and an unknown offence: refused, nothing written.
            let collective = DisciplineCharge(
                personID: nil, pavilionCode: "A", offenceCode: "G-04", act: "Desorden", occurredOn: Self.today)
            #expect(
                Self.rejected(try await registry.openDisciplineCase(collective, asOf: Self.today, actor: "t")).map(\.code)
                    == [.disciplineCollective])
            let unknown = DisciplineCharge(personID: person, offenceCode: "X-99", act: "x", occurredOn: Self.today)
            #expect(
                Self.rejected(try await registry.openDisciplineCase(unknown, asOf: Self.today, actor: "t")).map(\.field)
                    == ["offence_code"])
            #expect(try await Self.count(database, "discipline_cases") == 0)

            let charge = DisciplineCharge(
                personID: person, offenceCode: "G-01", incidentID: incident.id, act: "Celular hallado en su celda",
                occurredOn: incident.occurredAt.date)
            let opened = try Self.done(try await registry.openDisciplineCase(charge, asOf: Self.today, actor: "seguridad"))
            #expect(opened.state == .opened && opened.reportDue == Self.today.adding(days: 15))
            // Example 21: no sanction without notification and descargo.
            let early = DisciplineDecision(
                on: Self.today, acta: "Acta CTP 1", outcome: .sanctioned,
                measures: [SanctionMeasure(kind: .reprimand, startsOn: Self.today, days: 0)])
            #expect(
                Self.rejected(
                    try await registry.stepDisciplineCase(
                        opened.id, .decide(early), expectedVersion: 1, asOf: Self.today, actor: "t")
                ).map(\.code) == [.disciplineDueProcess])
            let ready = try await Self.ready(registry, opened.id)
            #expect(ready.state == .reported && ready.version == 4 && ready.defender == "Abogada Sintética")

            // Example 15 through a decision: 20 days of isolation refused at the measure, nothing written.
            let report = IsolationRequest.MedicalReport(reference: "Informe médico 7-2026")
            var decision = DisciplineDecision(
                on: Self.today, acta: "Acta CTP 2-2026", outcome: .sanctioned,
                measures: [
                    SanctionMeasure(kind: .isolation, startsOn: Self.today, days: 20),
                    SanctionMeasure(kind: .visits, startsOn: Self.today.adding(days: 1), days: 30),
                ], medicalReport: report)
            let twenty = Self.rejected(
                try await registry.stepDisciplineCase(
                    ready.id, .decide(decision), expectedVersion: 4, asOf: Self.today, actor: "director"))
            #expect(twenty.map(\.code) == [.isolationMaximum] && twenty.map(\.field) == ["measures[0].days"])
            #expect(try await Self.count(database, "isolations") == 0)
            #expect(try await Self.count(database, "discipline_measures") == 0)
            // Example 19 through a decision: visits and communications together are refused.
            var total = decision
            total.measures = [decision.measures[1], SanctionMeasure(kind: .communications, startsOn: Self.today, days: 30)]
            #expect(
                Self.rejected(
                    try await registry.stepDisciplineCase(
                        ready.id, .decide(total), expectedVersion: 4, asOf: Self.today, actor: "d")
                ).map(\.code) == [.disciplineFamilyContactBan])
            decision.measures[0].days = 10
            let decided = try Self.done(
                try await registry.stepDisciplineCase(
                    ready.id, .decide(decision), expectedVersion: 4, asOf: Self.today, actor: "director"))
            #expect(decided.state == .decided && decided.measures.map(\.kind) == [.isolation, .visits])
            let isolated = try #require(try await registry.personFile(person)).isolations
            #expect(isolated.map(\.days) == [10] && isolated.first?.resolution == "Acta CTP 2-2026")

            // Example 28's second half: the suspension refuses a family visit (kept); a lawyer is let in.
            guard
                case .done(let relative) = try await registry.registerVisitor(
                    VisitStoreTests.newVisitor("45678912"), asOf: Self.today, actor: "t"),
                case .done(let lawyer) = try await registry.registerVisitor(
                    VisitStoreTests.newVisitor("45678913"), asOf: Self.today, actor: "t"),
                case .done = try await registry.linkVisitor(
                    VisitorLink(visitorID: relative.visitor.id, personID: person, relationship: .sibling, since: Self.today),
                    actor: "t"),
                case .done = try await registry.linkVisitor(
                    VisitorLink(visitorID: lawyer.visitor.id, personID: person, relationship: .lawyer, since: Self.today),
                    actor: "t")
            else { throw CancellationError() }
            let family = VisitRequest(
                personID: person, kind: .family, mode: .contact, startsAt: LocalTime(text: "2026-03-22T10:00")!, minutes: 60,
                visitorIDs: [relative.visitor.id])
            guard case .refused(_, let rules) = try await registry.bookVisit(family, asOf: Self.today, actor: "t") else {
                throw CancellationError()
            }
            #expect(rules.map(\.code) == [.visitInmateSuspended])
            let counsel = VisitRequest(
                personID: person, kind: .lawyer, mode: .locutorio, startsAt: LocalTime(text: "2026-03-17T10:00")!,
                minutes: 60, visitorIDs: [lawyer.visitor.id])
            guard case .booked = try await registry.bookVisit(counsel, asOf: Self.today, actor: "t") else {
                throw CancellationError()
            }

            // DS-10: a second case for the same incident may be opened, but not sanctioned.
            let second = try Self.done(try await registry.openDisciplineCase(charge, asOf: Self.today, actor: "t"))
            _ = try await Self.ready(registry, second.id)
            let again = DisciplineDecision(
                on: Self.today, acta: "Acta CTP 3", outcome: .sanctioned,
                measures: [SanctionMeasure(kind: .reprimand, startsOn: Self.today, days: 0)])
            #expect(
                Self.rejected(
                    try await registry.stepDisciplineCase(
                        second.id, .decide(again), expectedVersion: nil, asOf: Self.today, actor: "d")
                ).map(\.code) == [.disciplineDoubleSanction])

            // The appeal annuls the decision: the isolation ends on the day, the suspension no longer bars visits.
            _ = try Self.done(
                try await registry.stepDisciplineCase(
                    decided.id, .appeal(on: Self.today, text: "Apelo"), expectedVersion: nil, asOf: Self.today, actor: "t"))
            let annulled = try Self.done(
                try await registry.stepDisciplineCase(
                    decided.id, .appealResult(on: Self.today, result: .annulled, text: "Nulidad por falta de pruebas"),
                    expectedVersion: nil, asOf: Self.today, actor: "director"))
            #expect(annulled.state == .closed && !annulled.sanctionStands && annulled.appealResultText?.isEmpty == false)
            #expect(try #require(try await registry.personFile(person)).isolations.first?.liftedOn == Self.today)
            var later = family
            later.startsAt = LocalTime(text: "2026-03-29T10:00")!
            guard case .booked = try await registry.bookVisit(later, asOf: Self.today, actor: "t") else {
                throw CancellationError()
            }
            let events = try await registry.events(after: 0, limit: 200, within: nil).filter {
                $0.type == "custodia.person.discipline_changed.v1"
            }
            #expect(events.count == 11 && events.allSatisfy { $0.personID == person })
        }
    }

    /// Every time limit of the procedure is an alert (point 4): the descargo period run out with nothing recorded,
    /// the report due within 3 days, then overdue.
    @Test(arguments: TestDatabase.engines)
    func theTimeLimitsAreAlerts(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, _, file in
            let charge = DisciplineCharge(
                personID: file.person.id, offenceCode: "L-01", act: "Desobedeció una orden", occurredOn: Self.today)
            let opened = try Self.done(try await registry.openDisciplineCase(charge, asOf: Self.today, actor: "t"))
            _ = try Self.done(
                try await registry.stepDisciplineCase(
                    opened.id, .notify(on: Self.today, notice: "Notificación"), expectedVersion: nil, asOf: Self.today,
                    actor: "t"))
            func counts(_ day: CivilDate) async throws -> [AlertKind: Int] {
                try await registry.alertCounts(asOf: day, establishmentCode: "ep-norte").filter {
                    $0.key.rawValue.hasPrefix("discipline_")
                }
            }
            // Notified Sunday 03-15: the descargo is due Wednesday 03-18; the report 03-30.
            #expect(try await counts(Self.today.adding(days: 3)).isEmpty)
            #expect(try await counts(Self.today.adding(days: 4)) == [.disciplineDescargoOver: 1])
            #expect(
                try await counts(Self.today.adding(days: 12)) == [.disciplineDescargoOver: 1, .disciplineReportDue: 1])
            #expect(
                try await counts(Self.today.adding(days: 16)) == [.disciplineDescargoOver: 1, .disciplineReportOverdue: 1])
            let page = try #require(
                try await registry.alerts(
                    asOf: Self.today.adding(days: 16), establishmentCode: "ep-norte", severity: .high,
                    kind: .disciplineReportOverdue, after: nil, limit: 10))
            #expect(page.items.map(\.alert.date) == [Self.today.adding(days: 15)])
            // Decided with a reprimand: the appeal period's end is announced in its last 3 days, then not.
            var c = try Self.done(
                try await registry.stepDisciplineCase(
                    opened.id, .descargo(on: Self.today, text: "Descargo", defender: nil), expectedVersion: nil,
                    asOf: Self.today, actor: "t"))
            c = try Self.done(
                try await registry.stepDisciplineCase(
                    c.id, .report(on: Self.today, text: "Informe"), expectedVersion: nil, asOf: Self.today, actor: "t"))
            c = try Self.done(
                try await registry.stepDisciplineCase(
                    c.id,
                    .decide(
                        DisciplineDecision(
                            on: Self.today, acta: "Acta CTP 6", outcome: .sanctioned,
                            measures: [SanctionMeasure(kind: .reprimand, startsOn: Self.today, days: 0)])),
                    expectedVersion: nil, asOf: Self.today, actor: "t"))
            let due = try #require(c.appealDue)
            #expect(try await counts(due.adding(days: -4)).isEmpty)
            #expect(try await counts(due.adding(days: -2)) == [.disciplineAppealEnds: 1])
            #expect(try await counts(due.adding(days: 1)).isEmpty)
        }
    }
}
