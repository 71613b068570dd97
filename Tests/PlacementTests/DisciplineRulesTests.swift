import CustodiaCore
import Placement
import Testing

/// The disciplinary procedure (docs/legal/peru-operations.md section 3; worked examples 19-21, 28's second half).
@Suite struct DisciplineRulesTests {
    static func day(_ month: Int, _ day: Int) -> CivilDate { CivilDate(year: 2026, month: month, day: day)! }
    static let offence = Offence(
        code: "G-01", gravity: .grave, text: "Posesión de objetos prohibidos", article: "[OPEN]", validFrom: day(1, 1))

    /// A case at a state, with the dates of the steps before it.
    static func aCase(_ state: DisciplineCase.State, id: Int64 = 1, incident: Incident.ID? = 7) -> DisciplineCase {
        var c = DisciplineCase(
            id: .init(rawValue: id), personID: 9, establishmentID: 1, establishmentCode: "ep-norte", offence: offence,
            incidentID: incident, act: "Celular hallado en su celda", occurredOn: day(5, 30), openedOn: day(6, 1),
            openedBy: "seguridad", state: state)
        let order: [DisciplineCase.State] = [.opened, .notified, .heard, .reported, .decided]
        let reached = order.firstIndex(of: state) ?? order.count
        if reached >= 1 { c.notifiedOn = day(6, 2) }
        if reached >= 2 { c.descargoOn = day(6, 4) }
        if reached >= 3 { c.reportOn = day(6, 10) }
        return c
    }

    static func decision(_ measures: [SanctionMeasure]) -> DisciplineStep {
        .decide(DisciplineDecision(on: day(6, 12), acta: "Acta CTP 9-2026", outcome: .sanctioned, measures: measures))
    }

    static func codes(_ step: DisciplineStep, _ c: DisciplineCase, others: [DisciplineCase] = []) -> [ValidationCode] {
        DisciplineRules.validate(step, of: c, context: .init(others: others), asOf: day(6, 30)).map(\.code)
    }

    /// Example 19: no visits and no calls for 30 days is a total ban on family contact; visits alone, calls kept, is not.
    @Test func example19FamilyContactIsNeverCutWhole() {
        let c = Self.aCase(.reported)
        let both = [
            SanctionMeasure(kind: .visits, startsOn: Self.day(6, 12), days: 30),
            SanctionMeasure(kind: .communications, startsOn: Self.day(6, 12), days: 30),
        ]
        #expect(Self.codes(Self.decision(both), c) == [.disciplineFamilyContactBan])
        #expect(Self.codes(Self.decision([both[0]]), c).isEmpty)
        // A communications limit that would overlap a visits suspension of another standing sanction is the same ban.
        var earlier = Self.aCase(.decided, id: 2, incident: 3)
        earlier.outcome = .sanctioned
        earlier.act = "Otro hecho"
        earlier.measures = [SanctionMeasure(kind: .visits, startsOn: Self.day(6, 1), days: 20)]
        #expect(Self.codes(Self.decision([both[1]]), c, others: [earlier]) == [.disciplineFamilyContactBan])
        earlier.appealResult = .annulled
        #expect(Self.codes(Self.decision([both[1]]), c, others: [earlier]).isEmpty)
    }

    /// Example 20: a whole pavilion is never charged; a second sanction for the same act is refused.
    @Test func example20NoCollectiveAndNoDoubleSanction() {
        let charge = DisciplineCharge(
            personID: nil, pavilionCode: "A", offenceCode: "G-01", act: "Desorden en el pabellón", occurredOn: Self.day(6, 1))
        #expect(
            DisciplineRules.validate(charge, offence: Self.offence, asOf: Self.day(6, 2)).map(\.code) == [.disciplineCollective])
        var first = Self.aCase(.decided, id: 2)
        first.outcome = .sanctioned
        first.measures = [SanctionMeasure(kind: .reprimand, startsOn: Self.day(6, 5), days: 0)]
        let reprimand = [SanctionMeasure(kind: .reprimand, startsOn: Self.day(6, 12), days: 0)]
        #expect(Self.codes(Self.decision(reprimand), Self.aCase(.reported), others: [first]) == [.disciplineDoubleSanction])
        #expect(Self.codes(Self.decision(reprimand), Self.aCase(.reported, incident: 8), others: [first]).isEmpty)
    }

    /// Example 21: no sanction without notification and the descargo's record; the report is due 15 days after opening.
    @Test func example21DueProcess() {
        let reprimand = [SanctionMeasure(kind: .reprimand, startsOn: Self.day(6, 12), days: 0)]
        for state in [DisciplineCase.State.opened, .notified, .heard] {
            #expect(Self.codes(Self.decision(reprimand), Self.aCase(state)) == [.disciplineDueProcess])
        }
        #expect(Self.aCase(.opened).reportDue == Self.day(6, 16))
        // Notified Tuesday 2026-06-02: the descargo is due Friday 06-05; lapsed only after it.
        let notified = Self.aCase(.notified)
        #expect(notified.descargoDue == Self.day(6, 5))
        #expect(Self.codes(.descargoLapsed(on: Self.day(6, 5)), notified) == [.disciplineDescargoNotDue])
        #expect(Self.codes(.descargoLapsed(on: Self.day(6, 8)), notified).isEmpty)
        #expect(Self.codes(.report(on: Self.day(6, 10), text: "Informe"), notified) == [.disciplineWrongStep])
        #expect(Self.codes(.notify(on: Self.day(5, 31), notice: "Oficio"), Self.aCase(.opened)) == [.disciplineStepDate])
    }

    @Test func decisionsAndAppeals() {
        let c = Self.aCase(.reported)
        #expect(Self.codes(Self.decision([]), c) == [.disciplineMeasures])
        #expect(
            Self.codes(Self.decision([SanctionMeasure(kind: .noRecreation, startsOn: Self.day(6, 12), days: 0)]), c)
                == [.valueOutOfRange])
        var decided = Self.aCase(.decided)
        decided.outcome = .sanctioned
        decided.decidedOn = Self.day(6, 12)
        // 15 working days from Friday 2026-06-12, weekends and San Pedro y San Pablo (06-29) not counted: 2026-07-06.
        #expect(decided.appealDue == Self.day(7, 6))
        let late = DisciplineRules.validate(
            .appeal(on: Self.day(7, 7), text: "Apelo"), of: decided, context: .init(others: []), asOf: Self.day(7, 10))
        #expect(late.map(\.code) == [.disciplineAppealLate])
        #expect(Self.codes(.appeal(on: Self.day(6, 20), text: "Apelo"), decided).isEmpty)
    }

    /// Example 28's second half: a visit suspension of a standing sanction covers its days only.
    @Test func aVisitSuspensionCoversItsDays() {
        var c = Self.aCase(.decided)
        c.outcome = .sanctioned
        c.measures = [SanctionMeasure(kind: .visits, startsOn: Self.day(6, 12), days: 10)]
        #expect(DisciplineRules.visitsSuspended(on: Self.day(6, 21), cases: [c]))
        #expect(!DisciplineRules.visitsSuspended(on: Self.day(6, 22), cases: [c]))
        c.appealResult = .annulled
        #expect(!DisciplineRules.visitsSuspended(on: Self.day(6, 15), cases: [c]))
    }
}
