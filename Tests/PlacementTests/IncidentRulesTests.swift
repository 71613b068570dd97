import CustodiaCore
import Placement
import Testing

/// What makes a report complete (INC-1 … INC-4): each refusal with its field.
@Suite struct IncidentRulesTests {
    static let now = LocalTime(date: CivilDate(year: 2026, month: 3, day: 15)!, time: TimeOfDay(hour: 12, minute: 0)!)
    static let staff = IncidentParticipant(.staff("Técnico Sintético"), role: .reporter)

    static func report(_ kind: IncidentKind, items: [SeizedItem] = [], persons: [Person.ID] = [9]) -> IncidentReport {
        IncidentReport(
            establishmentCode: "ep-norte", kind: kind, relevance: .low, occurredAt: now, place: "Patio", narrative: "Hecho",
            participants: [staff] + persons.map { IncidentParticipant(.person($0), role: .author) }, items: items)
    }

    static func fields(_ report: IncidentReport) -> [String] { IncidentRules.validate(report, now: now).map(\.field) }

    @Test func kindsAreAnchoredToThePenalCode() {
        #expect(IncidentKind.phonePossession.penalCodeArticle == "368-D")
        #expect(IncidentKind.perimeterAntenna.penalCodeArticle == "368-F")
        #expect(IncidentKind.escape.penalCodeArticle == "413" && IncidentKind.riotAttempt.penalCodeArticle == "415")
        #expect(IncidentKind.fight.penalCodeArticle == nil)
        #expect(SeizedCategory.drug.unit == .grams && SeizedCategory.fermentedLiquid.unit == .litres)
    }

    @Test func aCompleteReportPasses() {
        #expect(Self.fields(Self.report(.fight)).isEmpty)
        #expect(
            Self.fields(Self.report(.seizure, items: [SeizedItem(category: .drug, quantity: 12.5, foundAt: "Paquete")])).isEmpty)
    }

    @Test func whatEachKindNeeds() {
        #expect(Self.fields(Self.report(.seizure)) == ["items"])
        #expect(Self.fields(Self.report(.escape, persons: [])) == ["participants"])
        #expect(Self.fields(Self.report(.search)) == ["search_kind"])
        var noStaff = Self.report(.fight)
        noStaff.participants.removeFirst()
        #expect(IncidentRules.validate(noStaff, now: Self.now).map(\.code) == [.incidentStaffRequired])
        var future = Self.report(.fight)
        future.occurredAt = LocalTime(date: Self.now.date, time: TimeOfDay(hour: 12, minute: 1)!)
        #expect(Self.fields(future) == ["occurred_at"])
        var blank = Self.report(.fight)
        blank.narrative = "  "
        blank.place = String(repeating: "x", count: 201)
        #expect(Self.fields(blank) == ["place", "narrative"])
    }

    @Test func itemsAreCountedOrWeighedAndPhonesCarryAValidIMEI() {
        let items = [
            SeizedItem(category: .phone, quantity: 1.5, foundAt: "Celda"),
            SeizedItem(category: .drug, quantity: 0, foundAt: "Celda"),
            SeizedItem(category: .phone, quantity: 1, foundAt: "Celda", imei: "490154203237519"),
            SeizedItem(category: .accessory, quantity: 2, foundAt: "Celda", imei: "490154203237518"),
            SeizedItem(category: .phone, quantity: 1, foundAt: "Celda", imei: "490154203237518"),
        ]
        #expect(
            Self.fields(Self.report(.seizure, items: items)) == [
                "items[0].quantity", "items[1].quantity", "items[2].imei", "items[3].imei",
            ])
        #expect(
            SeizedItem.isIMEI("490154203237518") && !SeizedItem.isIMEI("49015420323751") && !SeizedItem.isIMEI("49015420323751X"))
    }

    @Test func statesMoveForwardOrBackToReview() {
        #expect(IncidentRules.validateChange(from: .open, to: .underReview, note: "Revisión").isEmpty)
        #expect(IncidentRules.validateChange(from: .closed, to: .underReview, note: "Nuevos hechos").isEmpty)
        #expect(IncidentRules.validateChange(from: .closed, to: .open, note: "x").map(\.code) == [.incidentWrongState])
        #expect(IncidentRules.validateChange(from: .open, to: .closed, note: " ").map(\.field) == ["note"])
        #expect(IncidentRules.validateAddendum("").map(\.code) == [.incidentTextRequired])
    }
}
