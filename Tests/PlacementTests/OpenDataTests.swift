import CustodiaCore
import Foundation
import Testing

@testable import Placement

/// The month's open data (issue 15 point 3, ADR 0040): no count below the threshold is ever published, one withheld
/// count is never alone in a group whose total is known, nothing withheld is lost (published and withheld add up to the
/// exact report), zero counts are not listed, the same report gives the same bytes, and the dictionary names every
/// column of every file.
@Suite struct OpenDataTests {
    /// A seeded register of many small and large establishments, both sexes, foreigners and movements.
    static func report(seed: UInt64) -> MonthlyReport {
        var random = SeededGenerator(seed: seed)
        let offices = [
            RegionalOffice(id: 1, code: "norte", name: "Norte - Chiclayo"),
            RegionalOffice(id: 2, code: "lima", name: "Lima - Lima"),
        ]
        var establishments: [Establishment] = []
        var census: [HeldOnDay] = []
        var id: Int64 = 0
        for index in 1...30 {
            let code = "ep-\(index)"
            establishments.append(
                Establishment(
                    id: Establishment.ID(rawValue: Int64(index)), code: code, name: "E.P. \(index)", shortName: "\(index)",
                    regionalOfficeID: RegionalOffice.ID(rawValue: Int64(1 + index % 2)), department: "Dep \(index % 5)",
                    city: nil, housedSex: .mixed, certifiedCapacity: Int.random(in: 1...300, using: &random)))
            // Some establishments hold a handful, most hundreds; women and foreigners are few.
            let size = index % 7 == 0 ? Int.random(in: 0...6, using: &random) : Int.random(in: 20...400, using: &random)
            for _ in 0..<size {
                id += 1
                let woman = Int.random(in: 0..<100, using: &random) < 6
                census.append(
                    HeldOnDay(
                        personID: Person.ID(rawValue: id), establishmentCode: code, sex: woman ? .female : .male,
                        sentenced: Bool.random(using: &random),
                        birthDate: CivilDate(year: Int.random(in: 1950...2007, using: &random), month: 6, day: 15),
                        nationality: Int.random(in: 0..<100, using: &random) < 3
                            ? ["VEN", "COL", "ECU", "BOL", "CHL", "MEX"][Int.random(in: 0..<6, using: &random)] : "PER"))
            }
        }
        let movements = (0..<40).map { _ in
            CustodyMovement(
                day: CivilDate(year: 2026, month: 1, day: Int.random(in: 1...31, using: &random))!,
                establishmentCode: "ep-\(Int.random(in: 1...30, using: &random))",
                sex: Int.random(in: 0..<10, using: &random) == 0 ? .female : .male,
                sentenced: Bool.random(using: &random),
                ground: Bool.random(using: &random) ? nil : ReleaseGround.allCases.randomElement(using: &random))
        }
        return MonthlyReport(
            census: census, movements: movements, establishments: establishments, offices: offices,
            from: CivilDate(iso: "2026-01-01")!, cutoff: CivilDate(iso: "2026-01-31")!)
    }

    @Test(arguments: [(UInt64(1), 5), (2, 5), (3, 10), (4, 1), (5, 3)])
    func noSmallCountIsPublishedAndNothingIsLost(seed: UInt64, minimum: Int) throws {
        let report = Self.report(seed: seed)
        let data = try #require(OpenData(report: report, minimumCell: minimum))
        var withheldSomewhere = false
        for table in data.tables {
            let columns = table.columns
            let count = try #require(columns.firstIndex(of: table.file == .occupancy ? "poblacion" : "cantidad"))
            let flag = try #require(columns.firstIndex(of: "suprimido"))
            for row in table.rows {
                #expect(row.count == columns.count)
                if row[flag] == "SI" {
                    #expect(row[count].isEmpty)
                    withheldSomewhere = true
                } else {
                    let value = try #require(Int(row[count]), "\(table.file) \(row)")
                    // Never a count below the threshold, never a zero row (the occupancy file lists empty ones).
                    #expect(value >= minimum || (table.file == .occupancy && value == 0), "\(table.file) \(row)")
                }
            }
            #expect(table.withheld == table.rows.filter { $0[flag] == "SI" }.count)
            #expect(
                Set(columns).isDisjoint(with: ["nombre", "nombres", "dni", "documento", "numero_interno", "fecha_nacimiento"]))
        }
        #expect(withheldSomewhere == (minimum > 1))

        // Per establishment: the published cells and the withheld ones add up to its exact population (nothing lost,
        // nothing invented), and a group with a withheld cell has at least two, so the total never gives one away.
        let population = data.table(.population)
        for place in report.establishments {
            let rows = population.rows.filter { $0[3] == place.code }
            let published = rows.compactMap { Int($0[7]) }.reduce(0, +)
            let withheld = rows.filter { $0[8] == "SI" }.count
            #expect(withheld != 1 || rows.count == 1, "\(place.code): \(rows)")
            #expect(published <= place.counts.population && (withheld > 0 || published == place.counts.population))
            #expect(
                rows.count
                    == [
                        place.counts.unsentencedMen, place.counts.unsentencedWomen, place.counts.sentencedMen,
                        place.counts.sentencedWomen,
                    ].filter { $0 > 0 }.count)
            let occupancy = try #require(data.table(.occupancy).rows.first { $0[3] == place.code })
            if place.counts.population > 0 && place.counts.population < minimum {
                #expect(occupancy[6].isEmpty && occupancy[9] == "SI")
            } else {
                #expect(occupancy[6] == String(place.counts.population) && occupancy[9] == "NO")
            }
        }
        for file in [OpenData.File.ages, .foreigners, .movements] {
            let table = data.table(file)
            let groups = Dictionary(grouping: table.rows) { $0[$0.count - 3] + ($0.count > 5 ? $0[2] : "") }
            for (group, rows) in groups {
                #expect(rows.filter { $0.last == "SI" }.count != 1 || rows.count == 1, "\(file) \(group)")
            }
        }
        // The ages add up to the nation's men and women where nothing is withheld.
        let ages = data.table(.ages)
        for (sex, total) in [("H", report.nation.occupancy.men), ("M", report.nation.occupancy.women)] {
            let rows = ages.rows.filter { $0[2] == sex }
            if rows.allSatisfy({ $0[4] == "NO" }) { #expect(rows.compactMap { Int($0[3]) }.reduce(0, +) == total) }
        }
    }

    @Test func theSameReportGivesTheSameBytesAndTheDictionaryNamesEveryColumn() throws {
        let a = try #require(OpenData(report: Self.report(seed: 7), minimumCell: 5))
        let b = try #require(OpenData(report: Self.report(seed: 7), minimumCell: 5))
        for file in OpenData.File.allCases {
            #expect(a.csv(file) == b.csv(file))
            #expect(a.csv(file).hasPrefix(a.table(file).columns.joined(separator: ",") + "\r\n"))
            #expect(OpenData.fields(file).map(\.name) == a.table(file).columns, "\(file)")
            #expect(a.fileName(file) == "\(file.rawValue)_2026-01.csv")
        }
        #expect(a.packageJSON() == b.packageJSON() && a.json() == b.json())
        let dictionary = OpenData.dictionaryCSV().split(separator: "\r\n")
        #expect(dictionary.first == "archivo,campo,tipo,descripcion_es,descripcion_en,valores")
        #expect(dictionary.count == 1 + OpenData.File.allCases.map { OpenData.fields($0).count }.reduce(0, +))
        // The package names each file and the threshold; the JSON's records hold null where a count is withheld.
        let package = try #require(try JSONSerialization.jsonObject(with: Data(a.packageJSON().utf8)) as? [String: Any])
        #expect((package["resources"] as? [Any])?.count == OpenData.File.allCases.count + 1)
        #expect(
            (package["extras"] as? [[String: String]])?.contains { $0["key"] == "umbral_supresion" && $0["value"] == "5" }
                == true)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(a.json().utf8)) as? [String: Any])
        let records = try #require((document["tablas"] as? [String: Any])?["poblacion_penal"] as? [[String: Any]])
        #expect(records.count == a.table(.population).rows.count)
        #expect(records.allSatisfy { ($0["suprimido"] as? String == "SI") == ($0["cantidad"] is NSNull) })
    }

    @Test func aThresholdBelowOneIsRefused() {
        #expect(OpenData(report: Self.report(seed: 1), minimumCell: 0) == nil)
        #expect(OpenData(report: Self.report(seed: 1), minimumCell: -3) == nil)
    }

    /// A group of four cells with one small: the smallest of the others is withheld too, and a lone small cell whose
    /// group has nothing else stays withheld alone (its total is not published either).
    @Test func aSecondCellIsWithheldWhenOneAloneWouldBeRecovered() {
        var builder = OpenData.Builder(minimumCell: 5)
        builder.add(["a", "1"], 200, group: "a")
        builder.add(["a", "2"], 3, group: "a")
        builder.add(["a", "3"], 40, group: "a")
        builder.add(["a", "4"], 0, group: "a")
        builder.add(["b", "1"], 2, group: "b")
        builder.add(["c", "1"], 2, group: "c")
        builder.add(["c", "2"], 1, group: "c")
        builder.add(["c", "3"], 9, group: "c")
        let table = builder.table(.ages, columns: ["k", "n", "cantidad", "suprimido"])
        #expect(
            table.rows == [
                ["a", "1", "200", "NO"], ["a", "2", "", "SI"], ["a", "3", "", "SI"], ["b", "1", "", "SI"], ["c", "1", "", "SI"],
                ["c", "2", "", "SI"], ["c", "3", "9", "NO"],
            ])
        #expect(table.withheld == 5)
    }
}
