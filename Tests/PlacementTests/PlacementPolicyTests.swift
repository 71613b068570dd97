import CustodiaCore
import CustodiaTestSupport
import Placement
import Testing

/// The one placement check (docs/legal/peru-operations.md section 2; worked examples 1-5 and 27): every reason it
/// gives, and which a warden may override (OP-3).
@Suite struct PlacementPolicyTests {
    let day = CivilDate(year: 2026, month: 6, day: 1)!
    let men = Fixtures.registers.establishments[0]
    let pavilionA = Fixtures.registers.pavilions[0]
    let pavilionB = Fixtures.registers.pavilions[1]
    let sentenced = Fixtures.registers.pavilions[2]
    let cell = Fixtures.registers.cells[0]
    let adult = CivilDate(year: 1990, month: 5, day: 4)!

    /// A mixed establishment (as Chiclayo in establishments.csv) with a men's and a women's pavilion.
    let mixed = Establishment(
        id: 9, code: "ep-mixto", name: "E.P. Mixto de Prueba", shortName: "Mixto", regionalOfficeID: 1, department: "Lambayeque",
        city: "Chiclayo", housedSex: .mixed, certifiedCapacity: 10)
    var mixedMen: Pavilion {
        Pavilion(
            id: 90, establishmentID: 9, code: "H", name: "Varones", housedSex: .male, proceduralStatus: .unsentenced,
            certifiedCapacity: 5)
    }
    var adolescents: Pavilion {
        Pavilion(
            id: 91, establishmentID: 1, code: "J", name: "Espacio diferenciado", housedSex: .male,
            proceduralStatus: .sentenced, certifiedCapacity: 5, ageGroup: .adolescents)
    }

    func target(_ pavilion: Pavilion, cell: Cell?? = nil, regimes: [Regime] = []) -> PlacementTarget {
        PlacementTarget(
            establishment: pavilion.establishmentID == 9 ? mixed : men, pavilion: pavilion, cell: cell, regimes: regimes)
    }

    func check(
        _ movement: Movement = .admission, sex: Sex = .male, status: ProceduralStatus = .unsentenced, to target: PlacementTarget,
        current: Placement? = nil, birthDate: CivilDate? = nil, regime: Regime? = nil, partners: [KeepApartPartner] = []
    ) -> [ValidationMessage] {
        PlacementPolicy.check(
            movement, on: day, sex: sex, status: status, target: target, current: current,
            context: PlacementContext(birthDate: birthDate ?? adult, regime: regime, partners: partners))
    }

    func partner(_ record: Int64, _ scope: KeepApart.Scope, person: Int64, in pavilion: Pavilion, cell: Cell.ID? = nil)
        -> KeepApartPartner
    {
        KeepApartPartner(
            keepApartID: .init(rawValue: record), scope: scope, personID: .init(rawValue: person),
            establishmentID: pavilion.establishmentID, pavilionID: pavilion.id, cellID: cell)
    }

    func placement(in pavilion: Pavilion, cell: Cell.ID? = nil) -> Placement {
        Placement(
            id: 1, personID: 7, episodeID: 1, establishmentID: pavilion.establishmentID, pavilionID: pavilion.id, cellID: cell,
            fromDate: CivilDate(year: 2026, month: 3, day: 2)!, untilDate: nil)
    }

    let warden = PlacementOverrideRequest(
        resolution: "R.D. N.º 045-2026-INPE/EP-NORTE", reason: "Única plaza disponible; vigilancia reforzada", authorized: true)

    @Test func aPlaceThatFitsHasNoReason() {
        #expect(check(to: target(pavilionA)).isEmpty)
        #expect(PlacementPolicy.decide([], override: nil) == .place(overridden: []))
    }

    /// Examples 1 and 2 (SEP-2): a procesado in a pavilion of sentenciados is refused, and stays refused with a
    /// Director's resolution citing overcrowding: SEP-2 makes legal status absolute in Custodia (Mandela R11(b)),
    /// and the issue says so; the example's "accepted" predates that row (docs/adr/0015).
    @Test func example1And2ProcesadoAmongSentenciadosIsAbsolute() {
        let messages = check(status: .unsentenced, to: target(sentenced))
        #expect(messages.map(\.code) == [.pavilionStatusMismatch])
        #expect(messages[0].field == "pavilion_code")
        #expect(!ValidationCode.pavilionStatusMismatch.isOverridable)
        #expect(PlacementPolicy.decide(messages, override: warden) == .refuse(messages))
    }

    /// Example 3 (SEP-1): a woman in the men's pavilion of a mixed establishment; no override.
    @Test func example3WomanInAMensPavilionOfAMixedEstablishment() {
        let messages = check(sex: .female, to: target(mixedMen))
        #expect(messages.map(\.code) == [.pavilionSexMismatch])
        #expect(PlacementPolicy.decide(messages, override: warden) == .refuse(messages))
        let menOnly = check(sex: .female, to: target(pavilionA))
        #expect(menOnly.map(\.code) == [.establishmentSexMismatch, .pavilionSexMismatch])
    }

    /// Example 4 (SEP-6): a member of X into a pavilion holding a member of rival Y; a warden may authorise it.
    @Test func example4RivalInThePavilion() {
        let rival = partner(12, .pavilion, person: 40, in: pavilionB)
        let messages = check(to: target(pavilionB), partners: [rival])
        #expect(messages.map(\.code) == [.keepApartConflict])
        #expect(messages[0].field == "pavilion_code")
        #expect(messages[0].spanish.contains("#12"))
        #expect(PlacementPolicy.decide(messages, override: nil) == .refuse(messages))
        #expect(PlacementPolicy.decide(messages, override: warden) == .place(overridden: messages))
        #expect(check(to: target(pavilionA), partners: [rival]).isEmpty)
    }

    /// Example 5 (SEP-3): a 17-year-old only in the separate area for adolescents, and no adult there.
    @Test func example5MinorOnlyInTheAdolescentsArea() {
        let seventeen = CivilDate(year: 2008, month: 6, day: 2)!
        let minor = check(status: .sentenced, to: target(sentenced), birthDate: seventeen)
        #expect(minor.map(\.code) == [.minorWithAdults])
        #expect(PlacementPolicy.decide(minor, override: warden) == .refuse(minor))
        #expect(check(status: .sentenced, to: target(adolescents), birthDate: seventeen).isEmpty)
        #expect(check(status: .sentenced, to: target(sentenced), birthDate: CivilDate(year: 2008, month: 6, day: 1)!).isEmpty)
        #expect(check(status: .sentenced, to: target(adolescents)).map(\.code) == [.adultWithMinors])
    }

    /// Example 27 (TR-8, SEP-6) as an admission: an establishment-wide record refuses the whole establishment.
    @Test func example27EstablishmentWideRecord() {
        let rival = partner(3, .establishment, person: 41, in: sentenced)
        let messages = check(to: target(pavilionA), partners: [rival])
        #expect(messages.map(\.code) == [.keepApartConflict])
        #expect(messages[0].field == "establishment_code")
        // A move inside the establishment does not reopen it: the person is already there.
        #expect(check(.move, to: target(pavilionB), current: placement(in: pavilionA), partners: [rival]).isEmpty)
    }

    /// SEP-5: Extrema Seguridad holds nobody else and goes nowhere else (absolute); other stages where declared.
    @Test func stageAreas() {
        let es: [Regime] = [.rceExtremaSeguridad]
        #expect(check(to: target(pavilionA, regimes: es), regime: .rceExtremaSeguridad).isEmpty)
        let esElsewhere = check(to: target(pavilionA, regimes: [.rcoMaxima]), regime: .rceExtremaSeguridad)
        #expect(esElsewhere.map(\.code) == [.extremeSecurityArea])
        #expect(PlacementPolicy.decide(esElsewhere, override: warden) == .refuse(esElsewhere))
        #expect(check(to: target(pavilionA), regime: .rceExtremaSeguridad).map(\.code) == [.extremeSecurityArea])
        #expect(check(to: target(pavilionA, regimes: es), regime: .rcoMaxima).map(\.code) == [.extremeSecurityArea])
        #expect(check(to: target(pavilionA, regimes: es)).map(\.code) == [.extremeSecurityArea])
        let mismatch = check(to: target(pavilionA, regimes: [.rcoMediana, .rcoMinima]), regime: .rcoMaxima)
        #expect(mismatch.map(\.code) == [.regimeMismatch])
        #expect(PlacementPolicy.decide(mismatch, override: warden) == .place(overridden: mismatch))
        #expect(check(to: target(pavilionA), regime: .rcoMaxima).isEmpty)
        #expect(check(to: target(pavilionA, regimes: [.rcoMediana])).isEmpty)
    }

    @Test func keepApartScopes() {
        let inCell = partner(5, .cell, person: 42, in: pavilionB, cell: cell.id)
        #expect(check(to: target(pavilionB, cell: .some(cell)), partners: [inCell]).map(\.field) == ["cell_code"])
        #expect(check(to: target(pavilionB), partners: [inCell]).isEmpty)
        let pavilionWide = partner(6, .pavilion, person: 43, in: pavilionB)
        // Into a cell of the pavilion the person is already in: the pavilion-wide conflict is not new.
        #expect(
            check(.move, to: target(pavilionB, cell: .some(cell)), current: placement(in: pavilionB), partners: [pavilionWide])
                .isEmpty)
        #expect(check(.move, to: target(pavilionB), current: placement(in: pavilionA), partners: [pavilionWide]).count == 1)
        // Two members of a rival organization in the pavilion: one message for the one record.
        let second = partner(6, .pavilion, person: 44, in: pavilionB)
        #expect(check(to: target(pavilionB), partners: [pavilionWide, second]).count == 1)
        let conflicts = PlacementPolicy.keepApartConflicts(
            target: target(pavilionB), current: nil, partners: [pavilionWide, second, inCell])
        #expect(conflicts.map(\.personID.rawValue) == [43, 44])
    }

    @Test func anOverrideNeedsAWardenAResolutionAndAReason() {
        let messages = check(to: target(pavilionB), partners: [partner(12, .pavilion, person: 40, in: pavilionB)])
        var clerk = warden
        clerk.authorized = false
        #expect(
            PlacementPolicy.decide(messages, override: clerk)
                == .refuse(messages + [ValidationMessage(.overrideForbidden, field: "override")]))
        let blank = PlacementOverrideRequest(resolution: " ", reason: "", authorized: true)
        guard case .refuse(let refused) = PlacementPolicy.decide(messages, override: blank) else {
            Issue.record("a blank override placed the person")
            return
        }
        #expect(refused.map(\.code) == [.keepApartConflict, .overrideResolutionRequired, .overrideReasonRequired])
        #expect(refused.map(\.field).suffix(2) == ["override.resolution", "override.reason"])
        // Hard and overridable together: refused, and the override is not even weighed.
        let both = messages + check(status: .unsentenced, to: target(sentenced))
        #expect(PlacementPolicy.decide(both, override: warden) == .refuse(both))
        #expect(
            Set(ValidationCode.allCases.filter(\.isOverridable)) == [
                .keepApartConflict, .regimeMismatch, .transferCourtProduction,
            ])
    }
}
