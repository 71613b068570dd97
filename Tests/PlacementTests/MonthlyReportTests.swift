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

    /// R10's bands at their edges: under a year, under four, under five, then up to and including ten years (one day
    /// more is the next band), fifteen … thirty-five, more, and life.
    @Test func sentenceBandsAtTheirEdges() {
        let band = MonthlyReport.sentenceBand
        #expect(band(SentenceLength(months: 11, days: 29)) == 0 && band(SentenceLength(months: 12)) == 1)
        #expect(band(SentenceLength(months: 47, days: 30)) == 1 && band(SentenceLength(months: 48)) == 2)
        #expect(band(SentenceLength(months: 59, days: 1)) == 2 && band(SentenceLength(months: 60)) == 3)
        #expect(band(SentenceLength(months: 120)) == 3 && band(SentenceLength(months: 120, days: 1)) == 4)
        #expect(band(SentenceLength(months: 180)) == 4 && band(SentenceLength(months: 181)) == 5)
        #expect(band(SentenceLength(months: 420)) == 8 && band(SentenceLength(months: 420, days: 1)) == 9)
        #expect(band(SentenceLength(months: 0, isLife: true)) == 10)
        #expect(MonthlyReport.sentenceBands[band(SentenceLength(months: 60))] == "de 5 a 10 años")
    }

    /// R4, R9 and R10 of a census: establishments by type of capacity per office, the crimes held for (the first 20 by
    /// name, then the rest), the sentenced by band; each table sums to its total.
    @Test func typesCrimesAndSentences() {
        var census: [HeldOnDay] = []
        for index in 0..<30 {
            // Crime k is held for by k + 1 persons (k = 0 … 23): 24 crimes, the 4 least frequent are "Otros delitos".
            for _ in 0...(index % 24) {
                let sentenced = census.count % 3 == 0
                census.append(
                    HeldOnDay(
                        personID: Person.ID(rawValue: Int64(census.count + 1)), establishmentCode: "ep-a", sex: .male,
                        sentenced: sentenced, birthDate: nil, nationality: "PER", crime: index < 24 ? "Delito \(index)" : nil,
                        sentence: sentenced ? SentenceLength(months: 6 + census.count % 500) : nil))
            }
        }
        let establishments =
            Self.establishments + [
                Establishment(
                    id: 3, code: "ep-c", name: "E.P. Grande", shortName: "C", regionalOfficeID: 2, department: "Lima",
                    city: nil, housedSex: .male, certifiedCapacity: 1_200),
                Establishment(
                    id: 4, code: "ep-d", name: "E.P. Mediano", shortName: "D", regionalOfficeID: 1, department: "Piura",
                    city: nil, housedSex: .male, certifiedCapacity: 1_199),
            ]
        let r = MonthlyReport(
            census: census, movements: [], establishments: establishments, offices: Self.offices,
            from: CivilDate(iso: "2026-01-01")!, cutoff: Self.cutoff)
        #expect(r.types.map(\.office) == ["Norte - Chiclayo", "Lima - Lima"])
        #expect(r.types.map { [$0.a, $0.b, $0.c, $0.d] } == [[0, 1, 0, 1], [1, 0, 0, 1]])
        let printed = r.crimesPrinted
        #expect(printed.count == 21 && printed.first?.label == "Delito 23" && printed.first?.total == 24)
        #expect(printed.last?.label == "Otros delitos" && printed.map(\.total).reduce(0, +) == census.count)
        #expect(r.crimes.contains { $0.label == "sin dato" })
        #expect(r.sentences.map(\.total).reduce(0, +) == census.filter(\.sentenced).count)
        let csv = r.csv(.crimes).split(separator: "\r\n")
        #expect(csv.first == "fecha_corte,puesto,delito,procesados,sentenciados,total,porcentaje")
        #expect(
            csv.last
                == "2026-01-31,,TOTAL,\(r.nation.occupancy.unsentenced),\(r.nation.occupancy.sentenced),\(census.count),100.00")
        #expect(r.csv(.types).hasSuffix("2026-01-31,TOTAL,1,1,0,2,4\r\n"))
        #expect(MonthlyReport.percent(2_087, of: 10_000) == "20.87" && MonthlyReport.percent(1, of: 3) == "33.33")
        #expect(MonthlyReport.percent(1, of: 8) == "12.50" && MonthlyReport.percent(0, of: 0) == "")
    }
}
