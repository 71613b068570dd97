import CustodiaCore
import Testing

@Suite struct LegalRecordRulesTests {
    let asOf = CivilDate(year: 2026, month: 3, day: 15)!
    let person = Person(
        id: 9, document: .dni("41234567"), name: PersonName(givenNames: "José", paternalSurname: "Ñahui", maternalSurname: ""),
        sex: .male, birthDate: nil, nationality: "PER")

    func episode(_ status: ProceduralStatus) -> CustodyEpisode {
        CustodyEpisode(
            id: 5, personID: 9, establishmentID: 1, admittedOn: CivilDate(year: 2026, month: 3, day: 2)!,
            admittedAt: TimeOfDay(hour: 10, minute: 0)!,
            authorizingOrderID: 1, sendingAuthority: "J", arrestedOn: CivilDate(year: 2026, month: 3, day: 1)!, arrestPlace: nil,
            proceduralStatus: status)
    }

    func day(_ d: Int) -> CivilDate { CivilDate(year: 2026, month: 3, day: d)! }

    func redemption(from: Int, to: Int, days: Int, certifier: String = "Área de Trabajo", status: ProceduralStatus = .sentenced)
        -> Set<ValidationCode>
    {
        let request = RedemptionRequest(
            personID: 9, activity: .work, fromDate: day(from), toDate: day(to), days: days, evaluationPassed: true,
            certifiedBy: certifier)
        return Set(LegalRecordRules.validate(request, person: person, episode: episode(status), asOf: asOf).map(\.code))
    }

    @Test func redemptionRecords() {
        #expect(redemption(from: 2, to: 14, days: 10).isEmpty)
        #expect(redemption(from: 2, to: 14, days: 14) == [.redemptionDaysOutOfRange])
        #expect(redemption(from: 2, to: 14, days: 0) == [.redemptionDaysOutOfRange])
        #expect(redemption(from: 10, to: 5, days: 1) == [.periodEndsBeforeStart, .redemptionDaysOutOfRange])
        #expect(redemption(from: 2, to: 20, days: 5) == [.periodInFuture])
        #expect(redemption(from: 2, to: 14, days: 5, certifier: " ") == [.certifierRequired])
        let before = RedemptionRequest(
            personID: 9, activity: .study, fromDate: CivilDate(year: 2026, month: 2, day: 20)!, toDate: day(10), days: 5,
            evaluationPassed: false, certifiedBy: "Educación")
        #expect(
            LegalRecordRules.validate(before, person: person, episode: episode(.sentenced), asOf: asOf).map(\.code) == [
                .periodBeforeCustody
            ])
        #expect(LegalRecordRules.validate(before, person: person, episode: nil, asOf: asOf).map(\.code) == [.notInCustody])
        #expect(LegalRecordRules.validate(before, person: nil, episode: nil, asOf: asOf).map(\.code) == [.personUnknown])
    }

    @Test func suspensionsOnlyForPretrialTerms() {
        let request = SuspensionRequest(personID: 9, fromDate: day(5), toDate: day(9), resolution: "Resolución N.º 4")
        #expect(LegalRecordRules.validate(request, person: person, episode: episode(.unsentenced), asOf: asOf).isEmpty)
        #expect(
            LegalRecordRules.validate(request, person: person, episode: episode(.sentenced), asOf: asOf).map(\.code) == [
                .suspensionNotPretrial
            ])
        let unnamed = SuspensionRequest(personID: 9, fromDate: day(5), toDate: day(9), resolution: "")
        #expect(
            LegalRecordRules.validate(unnamed, person: person, episode: episode(.unsentenced), asOf: asOf).map(\.code) == [
                .referenceRequired
            ])
    }
}
