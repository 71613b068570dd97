import CustodiaCore
import Testing

@testable import Placement

/// INPE's monthly report from a census (issue 15 point 1): every breakdown sums to its total (planning.md T-D1), the
/// regional offices in INPE's order, INPE's age groups at their boundary days, foreigners, the month's movements, and
/// the CSV's exact bytes.
@Suite struct MonthlyReportTests {
    static let cutoff = CivilDate(iso: "2026-01-31")!
    static let offices = [
        RegionalOffice(id: 2, code: "lima", name: "Lima - Lima"), RegionalOffice(id: 1, code: "norte", name: "Norte - Chiclayo"),
    ]
    static let establishments = [
        Establishment(
            id: 1, code: "ep-a", name: "E.P. de Lima, A", shortName: "A", regionalOfficeID: 2, department: "Lima", city: nil,
            housedSex: .mixed, certifiedCapacity: 4),
        Establishment(
            id: 2, code: "ep-b", name: "E.P. Chiclayo", shortName: "B", regionalOfficeID: 1, department: "Lambayeque",
            city: nil, housedSex: .male, certifiedCapacity: 2),
    ]

    static func held(_ id: Int64, _ code: String, _ sex: Sex, sentenced: Bool, born: String?, nationality: String = "PER")
        -> HeldOnDay
    {
        HeldOnDay(
            personID: Person.ID(rawValue: id), establishmentCode: code, sex: sex, sentenced: sentenced,
            birthDate: born.flatMap(CivilDate.init(iso:)), nationality: nationality)
    }

    static let census = [
        held(1, "ep-a", .male, sentenced: true, born: "2008-01-31"),  // 18 on the cut-off day
        held(2, "ep-a", .female, sentenced: false, born: "2006-02-01", nationality: "VEN"),  // 19 until the next day
        held(3, "ep-a", .male, sentenced: false, born: "1966-01-31", nationality: "COL"),  // 60
        held(4, "ep-a", .male, sentenced: true, born: "1966-02-01", nationality: "VEN"),  // 59
        held(5, "ep-a", .female, sentenced: true, born: nil),
        held(6, "ep-b", .male, sentenced: false, born: "1990-06-15"),
        held(7, "ep-b", .male, sentenced: true, born: "1985-01-01"),
    ]

    static let movements = [
        CustodyMovement(day: CivilDate(iso: "2026-01-02")!, establishmentCode: "ep-a", sex: .male, sentenced: false, ground: nil),
        CustodyMovement(day: CivilDate(iso: "2025-12-31")!, establishmentCode: "ep-a", sex: .male, sentenced: false, ground: nil),
        CustodyMovement(
            day: CivilDate(iso: "2026-01-20")!, establishmentCode: "ep-b", sex: .female, sentenced: true, ground: .sentenceServed),
    ]

    static var report: MonthlyReport {
        MonthlyReport(
            census: census, movements: movements, establishments: establishments, offices: offices,
            from: CivilDate(iso: "2026-01-01")!, cutoff: cutoff)
    }

    @Test func everyBreakdownSumsToItsTotal() {
        let r = Self.report
        #expect(r.nation.population == 7 && r.nation.capacity == 6)
        #expect(r.nation.unsentencedMen + r.nation.unsentencedWomen + r.nation.sentencedMen + r.nation.sentencedWomen == 7)
        #expect(r.offices.map(\.counts.population).reduce(0, +) == 7)
        #expect(r.establishments.map(\.counts.population).reduce(0, +) == 7)
        #expect(r.ages.map(\.total).reduce(0, +) == 7)
        #expect(r.nation.occupancy.men + r.nation.occupancy.women == 7)
        // INPE's order: Norte before Lima, whatever the ids.
        #expect(r.offices.map(\.office) == ["Norte - Chiclayo", "Lima - Lima"])
        #expect(r.establishments.map(\.code) == ["ep-b", "ep-a"])
    }

    @Test func ageGroupsAtTheirBoundaryDays() {
        let groups = Dictionary(uniqueKeysWithValues: Self.report.ages.map { ($0.label, $0) })
        #expect(groups["18-19"]?.men == 1 && groups["18-19"]?.women == 1)
        #expect(groups["60+"]?.men == 1 && groups["55-59"]?.men == 1 && groups["sin dato"]?.women == 1)
        #expect(groups["35-39"]?.men == 1 && groups["40-44"]?.men == 1)
        #expect(MonthlyReport.ageGroup(CivilDate(iso: "2008-02-01"), on: Self.cutoff) == "16-17")
        // Groups nobody is in are printed (with zeros), but not the under-18 and unknown rows.
        #expect(groups["25-29"]?.total == 0 && Self.report.ages.first?.label == "18-19")
    }

    @Test func foreignersAndTheMonthsMovements() {
        let r = Self.report
        #expect(r.foreigners.map(\.label) == ["VEN", "COL"] && r.foreigners[0].men == 1 && r.foreigners[0].women == 1)
        // The admission of 2025-12-31 is December's.
        #expect(r.admissions.map(\.label) == ["procesados", "sentenciados"] && r.admissions.map(\.total) == [1, 0])
        #expect(r.releases.map(\.label) == ReleaseGround.allCases.map(\.rawValue))
        #expect(r.releases.first { $0.label == "sentence_served" }?.women == 1)
    }

    @Test func theOfficesTableAsCSV() {
        // Norte: 2 places, 2 men (1 procesado, 1 sentenced): 100 %, no over-population. Lima: 4 places, 5 held: 125 %,
        // 25 % over: hacinamiento. The nation: 7 in 6 places, 116.7 %, 16.7 % over: not overcrowded (INPE's 20 %).
        let csv = Self.report.csv(.offices)
        #expect(
            csv
                == "fecha_corte,oficina_regional,capacidad,poblacion,procesados_hombres,procesados_mujeres,sentenciados_hombres,sentenciados_mujeres,procesados,sentenciados,hombres,mujeres,ocupacion_pct,sobrepoblacion,sobrepoblacion_pct,hacinamiento\r\n"
                + "2026-01-31,Norte - Chiclayo,2,2,1,0,1,0,1,1,2,0,100.0,0,0.0,NO\r\n"
                + "2026-01-31,Lima - Lima,4,5,1,1,2,1,2,3,3,2,125.0,1,25.0,SI\r\n"
                + "2026-01-31,TOTAL,6,7,2,1,3,1,3,4,5,2,116.7,1,16.7,NO\r\n")
        let places = Self.report.csv(.establishments).split(separator: "\r\n")
        #expect(places.count == 3 && places[2].hasPrefix("2026-01-31,ep-a,\"E.P. de Lima, A\",Lima,Lima - Lima,4,5,"))
        #expect(Self.report.csv(.movements).contains("2026-01-01,2026-01-31,egreso,sentence_served,0,1,1\r\n"))
    }
}
