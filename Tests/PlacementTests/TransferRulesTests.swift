import CustodiaCore
import CustodiaTestSupport
import Placement
import Testing

/// Transfers between establishments (docs/legal/peru-operations.md section 5; worked examples 25, 26, 27).
@Suite struct TransferRulesTests {
    let asOf = CivilDate(year: 2026, month: 8, day: 20)!
    let men = Fixtures.registers.establishments[0]
    let women = Fixtures.registers.establishments[1]
    let pavilionA = Fixtures.registers.pavilions[0]
    /// Another men's establishment to go to, with a procesados pavilion.
    let south = Establishment(
        id: 3, code: "ep-sur", name: "E.P. Sur de Prueba", shortName: "Sur", regionalOfficeID: 1, department: "Arequipa",
        city: "Arequipa", housedSex: .male, certifiedCapacity: 10)
    var southPavilion: Pavilion {
        Pavilion(
            id: 30, establishmentID: 3, code: "A", name: "Pabellón A", housedSex: .male, proceduralStatus: .unsentenced,
            certifiedCapacity: 5)
    }
    var episode: CustodyEpisode { Fixtures.openEpisode(status: .unsentenced) }
    var current: Placement {
        Placement(
            id: 1, personID: 9, episodeID: episode.id, establishmentID: men.id, pavilionID: pavilionA.id, cellID: nil,
            fromDate: CivilDate(year: 2026, month: 3, day: 2)!, untilDate: nil)
    }

    func request(ground: Transfer.Ground = .hacinamiento, reason: String = "Descongestión") -> TransferRequest {
        TransferRequest(
            personID: 9, toEstablishmentCode: "ep-sur", toPavilionCode: "A", ground: ground, reason: reason,
            requestedOn: CivilDate(year: 2026, month: 8, day: 3)!)
    }

    func validate(
        _ request: TransferRequest, open: Bool = false, to establishment: Establishment? = nil, pavilion: Pavilion? = nil,
        partners: [KeepApartPartner] = []
    ) -> [ValidationMessage] {
        TransferRules.validate(
            request, person: Fixtures.registeredPerson, episode: episode, current: current, openTransfer: open,
            target: PlacementTarget(establishment: establishment ?? south, pavilion: pavilion ?? southPavilion, cell: nil),
            context: PlacementContext(birthDate: Fixtures.registeredPerson.birthDate, regime: nil, partners: partners),
            asOf: asOf)
    }

    func transfer(_ state: Transfer.State, ground: Transfer.Ground = .hacinamiento) -> Transfer {
        Transfer(
            id: 1, personID: 9, episodeID: episode.id, fromEstablishmentID: men.id, toEstablishmentID: south.id,
            toPavilionID: southPavilion.id, ground: ground, reason: "x", state: state,
            requestedOn: CivilDate(year: 2026, month: 8, day: 3)!, authority: nil, resolution: nil, decidedOn: nil,
            notifiedOn: nil, appealUntil: nil, courtNotified: nil, departedAt: nil, receivedAt: nil, closingReason: nil,
            version: 1, fromEstablishmentCode: men.code, toEstablishmentCode: south.code, toPavilionCode: "A")
    }

    @Test func aRequestToAnotherEstablishmentThatFits() {
        #expect(validate(request()).isEmpty)
    }

    @Test func badRequests() {
        #expect(validate(request(reason: " ")).map(\.code) == [.transferReasonRequired])
        #expect(validate(request(), open: true).map(\.code) == [.transferAlreadyOpen])
        #expect(validate(request(), to: men, pavilion: pavilionA).map(\.code) == [.transferSameEstablishment])
        // To a women's establishment: the placement check's reasons, at the destination's fields.
        let womensPavilion = Fixtures.registers.pavilions[3]
        let codes = validate(request(), to: women, pavilion: womensPavilion).map(\.code)
        #expect(codes == [.establishmentSexMismatch, .pavilionSexMismatch])
        #expect(
            TransferRules.validate(
                request(), person: nil, episode: nil, current: nil, openTransfer: false,
                target: PlacementTarget(establishment: south, pavilion: southPavilion, cell: nil),
                context: .newPerson(birthDate: nil), asOf: asOf
            ).map(\.code) == [.personUnknown])
    }

    func outing(
        _ id: Int64, _ kind: Outing.Kind, at text: String, _ state: Outing.State = .scheduled, episode: Int64? = nil
    ) -> Outing {
        let at = LocalTime(text: text)!
        return Outing(
            id: .init(rawValue: id), personID: 9, episodeID: .init(rawValue: episode ?? self.episode.id.rawValue),
            establishmentID: men.id, establishmentCode: men.code, kind: kind, destination: "Sala \(id), Corte de Lima",
            requestedBy: "Juzgado de Lima", orderReference: nil, scheduledAt: at,
            returnDue: LocalTime(date: at.date, time: TimeOfDay(hour: 23, minute: 0)!), escort: nil, state: state, outAt: nil,
            backAt: nil, closingReason: nil, version: 1)
    }

    /// Issue 11 point 5 (TR-6): hearings in person still to come weigh on a transfer to another department — one
    /// overridable message each, at the destination's field, in the order they fall; none for a videoconference, a
    /// hearing already held or cancelled or before the request's day, a court-ordered transfer, or the same department.
    @Test func courtProductionsWeighOnATransferAway() {
        let outings = [
            outing(2, .courtHearing, at: "2026-08-20T09:00"), outing(1, .courtHearing, at: "2026-08-03T08:00"),
            outing(3, .videoconference, at: "2026-08-10T10:00"), outing(4, .courtHearing, at: "2026-08-02T10:00"),
            outing(5, .courtHearing, at: "2026-08-11T10:00", .cancelled), outing(6, .hospital, at: "2026-08-12T10:00"),
            outing(7, .courtHearing, at: "2026-08-05T10:00", .returned),
        ]
        func check(_ request: TransferRequest, to destination: Establishment) -> [ValidationMessage] {
            TransferRules.courtProductions(request, outings: outings, origin: men, destination: destination)
        }
        let messages = check(request(), to: south)
        #expect(messages.map(\.code) == [.transferCourtProduction, .transferCourtProduction])
        #expect(messages.map(\.field) == ["establishment_code", "establishment_code"])
        #expect(messages.count == 2 && messages[0].spanish.hasSuffix("(2026-08-03T08:00 Sala 1, Corte de Lima)"))
        #expect(messages.count == 2 && messages[1].english.hasSuffix("(2026-08-20T09:00 Sala 2, Corte de Lima)"))
        #expect(messages.allSatisfy { $0.code.isOverridable })
        #expect(check(request(ground: .mandatoJudicial), to: south).isEmpty)
        var sameDepartment = south
        sameDepartment.department = men.department
        #expect(check(request(), to: sameDepartment).isEmpty)
        #expect(TransferRules.courtProductions(request(), outings: outings, origin: nil, destination: south).isEmpty)
        // Through the whole request check: the placement check passes, the hearings remain.
        let whole = TransferRules.validate(
            request(), person: Fixtures.registeredPerson, episode: episode, current: current, openTransfer: false,
            target: PlacementTarget(establishment: south, pavilion: southPavilion, cell: nil),
            context: PlacementContext(birthDate: Fixtures.registeredPerson.birthDate, regime: nil, partners: []),
            asOf: asOf, origin: men, outings: outings)
        #expect(whole == messages)
    }

    /// Example 27 (TR-8, SEP-6): to an establishment holding a member of rival organization Y, kept apart
    /// establishment-wide.
    @Test func example27RivalAtTheDestination() {
        let rival = KeepApartPartner(
            keepApartID: 4, scope: .establishment, personID: 70, establishmentID: south.id, pavilionID: 31, cellID: nil)
        let messages = validate(request(), partners: [rival])
        #expect(messages.map(\.code) == [.keepApartConflict] && messages[0].field == "establishment_code")
    }

    /// Example 25 (TR-2): a security transfer without the regional director's resolution is refused.
    @Test func example25SecurityTransferNeedsTheRegionalDirectorsResolution() {
        let security = transfer(.requested, ground: .seguridad)
        let day = CivilDate(year: 2026, month: 8, day: 10)!
        let bare = TransferRules.validate(TransferStep(id: 1, action: .approve, on: day), transfer: security, asOf: asOf)
        #expect(bare.map(\.code) == [.transferResolutionRequired, .transferAuthorityRequired])
        let byTheWarden = TransferStep(
            id: 1, action: .approve, on: day, authority: .directorEstablecimiento, resolution: "R.D. 1-2026")
        #expect(TransferRules.validate(byTheWarden, transfer: security, asOf: asOf).map(\.code) == [.transferSecurityAuthority])
        let byTheRegion = TransferStep(id: 1, action: .approve, on: day, authority: .directorRegional, resolution: "R.D. 1-2026")
        #expect(TransferRules.validate(byTheRegion, transfer: security, asOf: asOf).isEmpty)
        // Overcrowding may be decided by the establishment's director.
        #expect(TransferRules.validate(byTheWarden, transfer: transfer(.requested), asOf: asOf).isEmpty)
    }

    /// Example 26 (TR-4): notified on Monday 2026-08-10, the appeal window runs to 2026-08-31 (15 working days);
    /// across Fiestas Patrias and 6 August the holidays are skipped.
    @Test func example26AppealWindowInWorkingDays() {
        #expect(
            TransferRules.appealUntil(notifiedOn: CivilDate(year: 2026, month: 8, day: 10)!) == CivilDate(
                year: 2026, month: 8, day: 31)!)
        #expect(
            TransferRules.appealUntil(notifiedOn: CivilDate(year: 2026, month: 7, day: 20)!) == CivilDate(
                year: 2026, month: 8, day: 14)!)
        #expect(WorkingDays.easter(2026) == CivilDate(year: 2026, month: 4, day: 5)!)
        #expect(WorkingDays.easter(2025) == CivilDate(year: 2025, month: 4, day: 20)!)
        #expect(WorkingDays.easter(2024) == CivilDate(year: 2024, month: 3, day: 31)!)
        #expect(!WorkingDays.isWorkingDay(CivilDate(year: 2026, month: 4, day: 2)!))  // Jueves Santo
        #expect(!WorkingDays.isWorkingDay(CivilDate(year: 2026, month: 4, day: 3)!))  // Viernes Santo
        #expect(WorkingDays.isWorkingDay(CivilDate(year: 2026, month: 4, day: 6)!))  // Monday after Easter
        #expect(!WorkingDays.isWorkingDay(CivilDate(year: 2026, month: 8, day: 8)!))  // a Saturday
    }

    @Test func stepsFollowTheStates() {
        let day = CivilDate(year: 2026, month: 8, day: 10)!
        for action in TransferStep.Action.allCases {
            for state in Transfer.State.allCases {
                let codes = TransferRules.validate(
                    TransferStep(
                        id: 1, action: action, on: day, authority: .directorRegional, resolution: "R", reason: "Motivo"),
                    transfer: transfer(state), asOf: asOf
                ).map(\.code)
                #expect(codes.contains(.transferWrongState) != TransferRules.allowed(action, from: state), "\(action) \(state)")
            }
        }
        #expect(TransferRules.allowed(.depart, from: .approved) && !TransferRules.allowed(.depart, from: .requested))
        #expect(TransferRules.allowed(.receive, from: .inTransit) && !TransferRules.allowed(.receive, from: .approved))
        let refuse = TransferStep(id: 1, action: .refuse, on: day)
        #expect(
            TransferRules.validate(refuse, transfer: transfer(.requested), asOf: asOf).map(\.code) == [.transferReasonRequired])
        let late = TransferStep(id: 1, action: .depart, on: CivilDate(year: 2026, month: 8, day: 21)!)
        #expect(TransferRules.validate(late, transfer: transfer(.approved), asOf: asOf).map(\.code) == [.transferInFuture])
    }
}
