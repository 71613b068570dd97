import CustodiaCore
import CustodiaTestSupport
import Placement
import Testing

/// Classification (docs/legal/peru-operations.md section 1) decided by the pure rules: the worked examples 5-7
/// and every validation code of CL-*.
@Suite struct ClassificationRulesTests {
    let episode = Fixtures.openEpisode()
    let late = CivilDate(year: 2032, month: 1, day: 1)!

    func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    func person(born: String? = "1990-05-01") -> Person {
        var person = Fixtures.registeredPerson
        person.birthDate = born.map { CivilDate(iso: $0)! }
        return person
    }

    func request(_ regime: Regime, on date: String, leader: Bool = false, body: String = "JTC — EP Fixture")
        -> ClassificationRequest
    {
        ClassificationRequest(
            personID: 9, regime: regime, decidedOn: day(date), body: body, resolution: "Resolución N.º 1",
            reason: "Evaluación", leader: leader)
    }

    func record(_ regime: Regime, on date: String, leader: Bool = false) -> ClassificationRecord {
        ClassificationRecord(
            episodeID: episode.id, regime: regime, decidedOn: day(date), body: "JTC", resolution: "R", reason: "",
            leader: leader)
    }

    func codes(
        _ request: ClassificationRequest, history: [ClassificationRecord] = [], person: Person? = nil, asOf: CivilDate? = nil
    ) -> Set<ValidationCode> {
        Set(
            ClassificationRules.validate(
                request, person: person ?? self.person(), episode: episode, history: history, asOf: asOf ?? late
            ).map(\.code))
    }

    func file(charges: [String], born: String? = "1990-05-01", history: [ClassificationRecord] = []) -> PersonFile {
        let legalCase = LegalCase(
            id: 1, personID: 9, number: CaseNumber("00123-2026-1-1801-JR-PE-01")!, court: "Juzgado",
            judicialDistrict: "Lima", caseType: .ordinary, proceduralStatus: .unsentenced,
            charges: charges.enumerated().map {
                Charge(id: .init(rawValue: Int64($0.offset + 1)), article: $0.element, crimeName: "")
            })
        var file = PersonFile(
            person: person(born: born), episodes: [episode], cases: [legalCase], orders: [], placements: [],
            establishmentCodes: [:], pavilionCodes: [:], cellCodes: [:])
        file.classifications = history
        return file
    }

    @Test("Example 6: extorsión proposes Extrema Seguridad; classified 2026-03-02, stage A may be evaluated from 2030-03-02")
    func example6() {
        let status = ClassificationRules.status(of: file(charges: ["200", "317-B"]), asOf: day("2026-03-02"))
        #expect(status.proposal == ExtremeSecurityProposal(articles: ["200"], leader: false))
        #expect(codes(request(.rceExtremaSeguridad, on: "2026-03-02")).isEmpty)
        let classified = file(charges: ["200"], history: [record(.rceExtremaSeguridad, on: "2026-03-02")])
        let after = ClassificationRules.status(of: classified, asOf: day("2026-03-03"))
        #expect(after.earliestProgression == day("2030-03-02"))
        #expect(after.proposal == nil)
        #expect(after.current?.regime == .rceExtremaSeguridad)
        let history = [record(.rceExtremaSeguridad, on: "2026-03-02")]
        #expect(codes(request(.rceA, on: "2030-03-01"), history: history) == [.extremeSecurityMinimumStay])
        #expect(codes(request(.rceA, on: "2030-03-02"), history: history).isEmpty)
    }

    @Test("Example 7: a cabecilla classified 2026-03-02 asks on 2030-06-01: refused, earliest 2031-03-02")
    func example7() {
        let history = [record(.rceExtremaSeguridad, on: "2026-03-02", leader: true)]
        let messages = ClassificationRules.validate(
            request(.rceA, on: "2030-06-01"), person: person(), episode: episode, history: history, asOf: late)
        #expect(messages.map(\.code) == [.extremeSecurityMinimumStay])
        #expect(messages.first?.field == "decided_on")
        #expect(messages.first?.english.contains("2031-03-02") == true)
        #expect(codes(request(.rceA, on: "2031-03-02"), history: history).isEmpty)
        // The leader named by the decision that asks for stage A counts too.
        let plain = [record(.rceExtremaSeguridad, on: "2026-03-02")]
        #expect(codes(request(.rceA, on: "2030-06-01", leader: true), history: plain) == [.extremeSecurityMinimumStay])
        // A leader's charge (317) proposes only when the person is recorded as a leader.
        #expect(ClassificationRules.status(of: file(charges: ["317"]), asOf: day("2026-03-03")).proposal == nil)
        let leader = file(charges: ["317"], history: [record(.rcoMaxima, on: "2026-03-03", leader: true)])
        #expect(
            ClassificationRules.status(of: leader, asOf: day("2026-03-04")).proposal
                == ExtremeSecurityProposal(articles: ["317"], leader: true))
    }

    @Test("Example 5: a 17-year-old convicted of extorsión gets no Extrema Seguridad, proposed or decided")
    func example5() {
        let minor = "2008-09-01"  // 17 at the arrest (the fixture's admission, 2026-03-02)
        #expect(ClassificationRules.status(of: file(charges: ["200"], born: minor), asOf: day("2026-03-02")).proposal == nil)
        #expect(codes(request(.rceExtremaSeguridad, on: "2026-03-02"), person: person(born: minor)) == [.extremeSecurityMinor])
    }

    @Test("CL-6 and OP-1: no Extrema Seguridad before D.Leg. 1737 is in force (2026-02-13)")
    func notBeforeTheLaw() {
        var early = episode
        early.admittedOn = day("2026-01-10")
        let refused = ClassificationRules.validate(
            request(.rceExtremaSeguridad, on: "2026-02-12"), person: person(), episode: early, history: [], asOf: late)
        #expect(refused.map(\.code) == [.regimeNotInForce])
        var file = file(charges: ["108-C"])
        file.episodes = [early]
        #expect(ClassificationRules.status(of: file, asOf: day("2026-02-12")).proposal == nil)
        #expect(ClassificationRules.status(of: file, asOf: day("2026-02-13")).proposal?.articles == ["108-C"])
    }

    @Test("CL-11: one stage at a time, both ways, on each ladder; Extrema Seguridad only to A; 16-17 in any stage")
    func oneStageAtATime() {
        let maxima = [record(.rcoMaxima, on: "2026-03-05")]
        #expect(codes(request(.rcoMediana, on: "2026-09-05"), history: maxima).isEmpty)
        #expect(codes(request(.rcoMinima, on: "2026-09-05"), history: maxima) == [.oneStageAtATime])
        let c = [record(.rceC, on: "2026-03-05")]
        #expect(codes(request(.rceB, on: "2026-09-05"), history: c).isEmpty)
        #expect(codes(request(.rceA, on: "2026-09-05"), history: c) == [.oneStageAtATime])
        // Another ladder is a reclassification, and CL-6 places in Extrema Seguridad from any stage.
        #expect(codes(request(.rceC, on: "2026-09-05"), history: maxima).isEmpty)
        #expect(codes(request(.rceExtremaSeguridad, on: "2026-09-05"), history: c).isEmpty)
        let es = [record(.rceExtremaSeguridad, on: "2026-03-05")]
        #expect(codes(request(.rceB, on: "2031-09-05"), history: es) == [.extremeSecurityOnlyToA])
        #expect(codes(request(.rcoMinima, on: "2031-09-05"), history: es) == [.extremeSecurityOnlyToA])
        // A periodic review that keeps the stage is always allowed.
        #expect(codes(request(.rceExtremaSeguridad, on: "2026-09-05"), history: es).isEmpty)
        // Sixteen on the day of the decision: any stage (D.S. 022-2025-JUS, art. 5-A).
        #expect(codes(request(.rcoMinima, on: "2026-09-05"), history: maxima, person: person(born: "2010-01-01")).isEmpty)
        #expect(
            codes(request(.rcoMinima, on: "2026-09-05"), history: maxima, person: person(born: "2008-01-01"))
                == [.oneStageAtATime])
    }

    @Test("CL-8: time in an earlier Extrema Seguridad stay counts toward the minimum")
    func earlierStaysCount() {
        // 2026-03-02 to 2027-03-02 in ES (365 days), a year in A, back to ES on 2028-03-02: 4 years from the
        // return less the 365 days already served.
        let history = [
            record(.rceExtremaSeguridad, on: "2026-03-02"), record(.rceA, on: "2027-03-02"),
            record(.rceExtremaSeguridad, on: "2028-03-02"),
        ]
        #expect(ClassificationRules.earliestProgression(history) == day("2032-03-02").adding(days: -365))
        #expect(ClassificationRules.earliestProgression([record(.rcoMaxima, on: "2026-03-02")]) == nil)
    }

    @Test("Dates, body and resolution: every refusal with its field, and nothing checked twice")
    func datesAndTexts() {
        let history = [record(.rcoMaxima, on: "2026-06-01")]
        var blank = request(.rcoMediana, on: "2026-05-01", body: "  ")
        blank.resolution = ""
        let messages = ClassificationRules.validate(blank, person: person(), episode: episode, history: history, asOf: late)
        #expect(
            Dictionary(uniqueKeysWithValues: messages.map { ($0.code, $0.field) }) == [
                .classificationBeforeCurrent: "decided_on", .classificationBodyRequired: "body",
                .classificationResolutionRequired: "resolution",
            ])
        #expect(codes(request(.rcoMaxima, on: "2026-03-01")) == [.classificationBeforeCustody])
        #expect(codes(request(.rcoMaxima, on: "2026-03-20"), asOf: day("2026-03-15")) == [.classificationInFuture])
        var long = request(.rcoMaxima, on: "2026-03-05")
        long.reason = String(repeating: "x", count: 201)
        #expect(codes(long) == [.textTooLong])
        #expect(
            ClassificationRules.validate(
                request(.rcoMaxima, on: "2026-03-05"), person: nil, episode: nil, history: [], asOf: late
            )
            .map(\.code) == [.personUnknown])
        #expect(
            ClassificationRules.validate(
                request(.rcoMaxima, on: "2026-03-05"), person: person(), episode: nil, history: [], asOf: late
            ).map(\.code) == [.notInCustody])
    }

    @Test("CL-4 and CL-5: unclassified, alert on day 20 and overdue on day 30; then a review every six months")
    func daysDue() {
        let unclassified = ClassificationRules.status(of: file(charges: ["189"]), asOf: day("2026-03-10"))
        #expect(unclassified.current == nil)
        #expect(unclassified.initialAlertOn == day("2026-03-22"))
        #expect(unclassified.initialDueOn == day("2026-04-01"))
        #expect(unclassified.reviewDueOn == nil)
        let classified = ClassificationRules.status(
            of: file(charges: ["189"], history: [record(.rcoMediana, on: "2026-03-20")]), asOf: day("2026-03-21"))
        #expect(classified.initialDueOn == nil)
        #expect(classified.reviewDueOn == day("2026-09-20"))
        #expect(classified.earliestProgression == nil)
    }

    @Test("Every operations rule cites its source")
    func citations() {
        #expect(OperationsRule.allCases.allSatisfy { !$0.citation.isEmpty })
        #expect(OperationsRule(rawValue: "CL-8") == .cl8)
    }

    @Test("CL-4 and CL-5 alerts: due from day 20, overdue from day 30, a review due six months after the last decision")
    func alerts() {
        func kinds(on text: String, last: String? = nil) -> [AlertKind] {
            ClassificationRules.alerts(
                person: 9, establishment: 1, admittedOn: day("2026-03-02"), lastDecision: last.map(day), asOf: day(text)
            ).map(\.kind)
        }
        #expect(kinds(on: "2026-03-21").isEmpty)
        #expect(kinds(on: "2026-03-22") == [.classificationDue])
        #expect(kinds(on: "2026-03-31") == [.classificationDue])
        #expect(kinds(on: "2026-04-01") == [.classificationOverdue])
        #expect(kinds(on: "2026-09-04", last: "2026-03-05").isEmpty)
        #expect(kinds(on: "2026-09-05", last: "2026-03-05") == [.classificationReviewDue])
        let overdue = ClassificationRules.alerts(
            person: 9, establishment: 1, admittedOn: day("2026-03-02"), lastDecision: nil, asOf: day("2026-04-05"))
        #expect(overdue.first?.date == day("2026-04-01") && overdue.first?.days == -4)
        #expect(AlertKind.classificationOverdue.severity == .medium && AlertKind.classificationReviewDue.severity == .low)
    }
}
