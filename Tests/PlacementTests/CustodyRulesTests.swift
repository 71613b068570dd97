import CustodiaCore
import CustodiaTestSupport
import Placement
import Testing

/// Every validation code of admission and move, decided by the pure rules (release: `ReleaseRulesTests`).
@Suite struct CustodyRulesTests {
    let men = Fixtures.registers.establishments[0]
    let women = Fixtures.registers.establishments[1]
    let pavilionA = Fixtures.registers.pavilions[0]
    let pavilionB = Fixtures.registers.pavilions[1]
    let sentencedPavilion = Fixtures.registers.pavilions[2]
    let womensPavilion = Fixtures.registers.pavilions[3]
    let asOf = Fixtures.asOf

    /// What the store loads for an admission: the state of the registry and the place asked for.
    struct AdmissionCase {
        var context: Admission.Context
        var target: PlacementTarget
    }

    func context(
        target: PlacementTarget? = nil, existing: Person? = nil, open: CustodyEpisode? = nil, owner: Person.ID? = nil
    ) -> AdmissionCase {
        AdmissionCase(
            context: Admission.Context(
                asOf: asOf, existingPerson: existing, openEpisode: open, documentOwner: owner,
                knownArticles: CrimeCatalog.articles, pretrialLimits: Fixtures.pretrialLimits),
            target: target ?? PlacementTarget(establishment: men, pavilion: pavilionA, cell: nil))
    }

    func validate(_ request: AdmissionRequest, in admission: AdmissionCase) -> [ValidationMessage] {
        Admission.validate(request, in: admission.context, target: admission.target)
    }

    func codes(_ request: AdmissionRequest, _ admission: AdmissionCase) -> Set<ValidationCode> {
        Set(validate(request, in: admission).map(\.code))
    }

    var registered: Person { Fixtures.registeredPerson }

    func openEpisode(status: ProceduralStatus = .unsentenced) -> CustodyEpisode { Fixtures.openEpisode(status: status) }

    @Test func aValidAdmissionPasses() {
        #expect(validate(Fixtures.admission(), in: context()).isEmpty)
    }

    @Test func noAdmissionWithoutAnAuthorisingOrder() {
        #expect(codes(Fixtures.admission(order: nil), context()) == [.orderRequired])
        let release = Fixtures.releaseOrder(issued: CivilDate(year: 2026, month: 3, day: 1)!)
        #expect(codes(Fixtures.admission(order: release), context()).contains(.orderDoesNotAuthorize))
        let prolongation = NewOrder(
            kind: .prolongation(months: 3), issuingCourt: "J", issuedOn: CivilDate(year: 2026, month: 3, day: 1)!, reference: "R")
        #expect(codes(Fixtures.admission(order: prolongation), context()).contains(.orderDoesNotAuthorize))
    }

    @Test func noSecondOpenEpisode() {
        let request = Fixtures.admission(subject: .existing(9))
        #expect(codes(request, context(existing: registered, open: openEpisode())) == [.alreadyInCustody])
        #expect(codes(request, context(existing: nil)) == [.personUnknown])
    }

    @Test func documentsAreUnique() {
        #expect(codes(Fixtures.admission(), context(owner: 77)) == [.documentAlreadyRegistered])
    }

    @Test func placementMustHouseTheSexAndTheStatus() {
        let woman = Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "40000001", sex: .female, given: "Rosa")))
        #expect(codes(woman, context()) == [.establishmentSexMismatch, .pavilionSexMismatch])
        let man = Fixtures.admission()
        #expect(
            codes(man, context(target: PlacementTarget(establishment: women, pavilion: womensPavilion, cell: nil)))
                == [.establishmentSexMismatch, .pavilionSexMismatch])
        // Mandela Rule 11: a procesado never goes to a sentenciados pavilion.
        #expect(
            codes(man, context(target: PlacementTarget(establishment: men, pavilion: sentencedPavilion, cell: nil))) == [
                .pavilionStatusMismatch
            ])
        #expect(
            codes(man, context(target: PlacementTarget(establishment: nil, pavilion: nil, cell: nil))) == [.establishmentUnknown])
        #expect(codes(man, context(target: PlacementTarget(establishment: men, pavilion: nil, cell: nil))) == [.pavilionUnknown])
        #expect(
            codes(man, context(target: PlacementTarget(establishment: women, pavilion: pavilionA, cell: nil))).contains(
                .pavilionUnknown))
        #expect(
            codes(
                Fixtures.admission(cell: "X"),
                context(target: PlacementTarget(establishment: men, pavilion: pavilionA, cell: .some(nil)))) == [.cellUnknown])
    }

    @Test func datesMustBeConsistent() {
        let future = Fixtures.admission(admittedOn: asOf.adding(days: 1))
        #expect(codes(future, context()).contains(.admissionInFuture))
        let lateOrder = Fixtures.admission(order: Fixtures.pretrialOrder(issued: CivilDate(year: 2026, month: 3, day: 5)!))
        #expect(codes(lateOrder, context()) == [.orderAfterAdmission])
        var arrestAfter = Fixtures.admission()
        arrestAfter.arrestedOn = CivilDate(year: 2026, month: 3, day: 3)!
        #expect(codes(arrestAfter, context()) == [.arrestAfterAdmission])
        var futureOrder = Fixtures.admission(
            order: Fixtures.pretrialOrder(issued: asOf.adding(days: 2)), admittedOn: asOf.adding(days: 2))
        futureOrder.arrestedOn = nil
        #expect(codes(futureOrder, context()) == [.admissionInFuture, .orderIssuedInFuture])
    }

    @Test func pretrialTermCannotStartAfterTheOrder() {
        let order = NewOrder(
            kind: .pretrialDetention(
                PretrialTerm(caseType: .ordinary, months: 9, startsOn: CivilDate(year: 2026, month: 3, day: 2)!)),
            issuingCourt: "J", issuedOn: CivilDate(year: 2026, month: 3, day: 1)!, reference: "R")
        #expect(codes(Fixtures.admission(order: order), context()) == [.pretrialStartAfterIssue])
    }

    @Test func pretrialTermsCannotExceedArticle272() {
        #expect(codes(Fixtures.admission(order: Fixtures.pretrialOrder(months: 10)), context()) == [.pretrialMonthsOutOfRange])
        #expect(codes(Fixtures.admission(order: Fixtures.pretrialOrder(months: 0)), context()) == [.pretrialMonthsOutOfRange])
        let complex = NewOrder(
            kind: .pretrialDetention(
                PretrialTerm(caseType: .organizedCrime, months: 36, startsOn: CivilDate(year: 2026, month: 3, day: 1)!)),
            issuingCourt: "J", issuedOn: CivilDate(year: 2026, month: 3, day: 2)!, reference: "R")
        #expect(codes(Fixtures.admission(order: complex), context()).isEmpty)
    }

    @Test func sentencesMustBeInTheLegalRange() {
        let target = PlacementTarget(establishment: men, pavilion: sentencedPavilion, cell: nil)
        func sentence(_ term: SentenceTerm) -> NewOrder {
            NewOrder(
                kind: .sentence(term), issuingCourt: "Juzgado Penal Colegiado",
                issuedOn: CivilDate(year: 2026, month: 3, day: 1)!, reference: "Sentencia")
        }
        let start = CivilDate(year: 2026, month: 3, day: 1)!
        #expect(
            codes(
                Fixtures.admission(pavilion: "C", order: sentence(SentenceTerm(years: 8, months: 0, days: 0, startsOn: start))),
                context(target: target)
            ).isEmpty)
        #expect(
            codes(
                Fixtures.admission(pavilion: "C", order: sentence(SentenceTerm(years: 36, months: 0, days: 0, startsOn: start))),
                context(target: target)) == [.sentenceOutOfRange])
        #expect(
            codes(Fixtures.admission(pavilion: "C", order: sentence(.life(startsOn: start))), context(target: target)).isEmpty)
    }

    @Test func identityAndTextChecks() {
        var person = Fixtures.newPerson()
        person.name.givenNames = " "
        person.name.paternalSurname = ""
        person.name.maternalSurname = ""
        person.birthDate = asOf.adding(days: 1)
        person.nationality = "Peru"
        person.aliases = [String(repeating: "x", count: 81)]
        #expect(
            codes(Fixtures.admission(subject: .new(person)), context())
                == [.givenNamesRequired, .surnameRequired, .nameTooLong, .birthDateInFuture, .nationalityInvalid])
        person = Fixtures.newPerson()
        person.birthDate = CivilDate(year: 2015, month: 1, day: 1)!
        #expect(codes(Fixtures.admission(subject: .new(person)), context()) == [.birthDateImplausible])

        var request = Fixtures.admission()
        request.sendingAuthority = ""
        request.legalCase.court = ""
        request.legalCase.judicialDistrict = ""
        request.legalCase.chargeArticles = []
        #expect(codes(request, context()) == [.authorityRequired, .courtRequired, .judicialDistrictRequired, .chargesRequired])
        request = Fixtures.admission()
        request.legalCase.chargeArticles = ["999-Z"]
        request.arrestPlace = String(repeating: "x", count: 201)
        let messages = validate(request, in: context())
        #expect(Set(messages.map(\.code)) == [.crimeArticleUnknown, .textTooLong])
        #expect(messages.first(where: { $0.code == .crimeArticleUnknown })?.field == "case.charges[0]")
        let order = NewOrder(
            kind: .detention, issuingCourt: "", issuedOn: CivilDate(year: 2026, month: 3, day: 1)!, reference: "")
        #expect(codes(Fixtures.admission(order: order), context()) == [.courtRequired, .referenceRequired])
    }

    // MARK: Moves

    func placement(pavilion: Pavilion.ID = 1, from: CivilDate = CivilDate(year: 2026, month: 3, day: 2)!) -> Placement {
        Placement(
            id: 1, personID: 9, episodeID: 5, establishmentID: 1, pavilionID: pavilion, cellID: nil, fromDate: from,
            untilDate: nil)
    }

    func move(_ request: MoveRequest, target: PlacementTarget? = nil, open: CustodyEpisode?? = nil, person: Person?? = nil)
        -> Set<ValidationCode>
    {
        let context = Move.Context(
            asOf: asOf, person: person ?? registered, openEpisode: open ?? openEpisode(), currentPlacement: placement(),
            target: target ?? PlacementTarget(establishment: men, pavilion: pavilionB, cell: nil))
        return Set(Move.validate(request, in: context).map(\.code))
    }

    @Test func moveRules() {
        let day = CivilDate(year: 2026, month: 3, day: 10)!
        #expect(move(MoveRequest(personID: 9, pavilionCode: "B", movedOn: day, reason: "Seguridad")).isEmpty)
        #expect(
            move(
                MoveRequest(personID: 9, pavilionCode: "A", movedOn: day, reason: "x"),
                target: PlacementTarget(establishment: men, pavilion: pavilionA, cell: nil)) == [.samePavilion])
        #expect(
            move(
                MoveRequest(personID: 9, pavilionCode: "C", movedOn: day, reason: "x"),
                target: PlacementTarget(establishment: men, pavilion: sentencedPavilion, cell: nil)) == [.pavilionStatusMismatch])
        #expect(
            move(MoveRequest(personID: 9, pavilionCode: "B", movedOn: CivilDate(year: 2026, month: 3, day: 1)!, reason: "x")) == [
                .moveBeforePlacement
            ])
        #expect(move(MoveRequest(personID: 9, pavilionCode: "B", movedOn: asOf.adding(days: 1), reason: "x")) == [.moveInFuture])
        #expect(move(MoveRequest(personID: 9, pavilionCode: "B", movedOn: day, reason: "x"), open: .some(nil)) == [.notInCustody])
        #expect(
            move(MoveRequest(personID: 9, pavilionCode: "B", movedOn: day, reason: "x"), person: .some(nil)) == [.personUnknown])
        #expect(
            move(
                MoveRequest(personID: 9, pavilionCode: "Z", movedOn: day, reason: "x"),
                target: PlacementTarget(establishment: men, pavilion: nil, cell: nil)) == [.pavilionUnknown])
    }
}

/// A prolongation order's months within the art. 274.1 allowance of its case type (9, 18, 12).
@Suite struct ProlongationOrderRulesTests {
    func codes(months: Int, caseType: CaseType?) -> [ValidationCode] {
        let order = NewOrder(
            kind: .prolongation(months: months), issuingCourt: "Juzgado", issuedOn: Fixtures.asOf, reference: "Resolución 3")
        return OrderRules.validate(
            order, caseType: caseType, limits: Fixtures.pretrialLimits, asOf: Fixtures.asOf, field: "order"
        ).map(\.code)
    }

    @Test func theAllowanceOfTheCaseTypeBoundsTheMonths() {
        for (caseType, allowance) in [(CaseType.ordinary, 9), (.complex, 18), (.organizedCrime, 12)] {
            #expect(codes(months: allowance, caseType: caseType).isEmpty, "\(caseType)")
            #expect(codes(months: allowance + 1, caseType: caseType) == [.pretrialMonthsOutOfRange], "\(caseType)")
        }
        #expect(codes(months: 0, caseType: .complex) == [.pretrialMonthsOutOfRange])
        // Without the case type, the largest allowance of any.
        #expect(codes(months: 18, caseType: nil).isEmpty)
        #expect(codes(months: 19, caseType: nil) == [.pretrialMonthsOutOfRange])
    }
}
