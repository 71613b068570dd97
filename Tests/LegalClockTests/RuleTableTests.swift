import CustodiaCore
import Foundation
import Testing

@testable import LegalClock

/// The legal parameters are versioned data, and a rule id is a closed set the compiler checks.
@Suite struct RuleTableTests {

    static func shippedJSON() throws -> [[String: Any]] {
        try RuleSet.bundled().tables.map { table in
            try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(table)) as? [String: Any])
        }
    }

    @Test func everyRuleHasACitation() {
        for rule in RuleID.allCases {
            #expect(!rule.citation.isEmpty, "\(rule.rawValue)")
            #expect(rule.citation != rule.rawValue, "\(rule.rawValue) cites itself")
            #expect(RuleID(rawValue: rule.rawValue) == rule)
        }
        #expect(RuleID.pp2 < RuleID.pp10)
        #expect(RuleID.cal6 < RuleID.pp2)
    }

    @Test func aTableNamingAnUnknownRuleDoesNotLoad() throws {
        var document = try #require(try Self.shippedJSON().first)
        var redemption = try #require(document["redemption"] as? [String: Any])
        redemption["rule"] = "RD-99"
        document["redemption"] = redemption
        let data = try JSONSerialization.data(withJSONObject: document)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RuleTable.self, from: data) }
    }

    @Test func aTableWithoutPretrialLimitsDoesNotLoad() throws {
        var document = try #require(try Self.shippedJSON().first)
        document.removeValue(forKey: "pretrial")
        let data = try JSONSerialization.data(withJSONObject: document)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RuleTable.self, from: data) }
    }

    /// The pretrial limits of CPP arts. 264, 272 and 274.1 (D.Leg. 1307) as every shipped table states them.
    @Test func shippedPretrialLimitsAreTheLaw() throws {
        for table in try RuleSet.bundled().tables {
            let limits = table.pretrial
            let maximum: [Int] = CaseType.allCases.map { limits.maximumMonths[$0] }
            let absolute: [Int] = CaseType.allCases.map { limits.absoluteMonths($0) }
            let detention: [Int] = CaseType.allCases.map { limits.detentionDays[$0] }
            #expect(maximum == [9, 18, 36], "\(table.law)")
            #expect(absolute == [18, 36, 48], "\(table.law)")
            #expect(detention == [3, 7, 15], "\(table.law)")
        }
    }

    /// A version of the law with other limits changes the clock from its `valid_from` on: the limits are read
    /// from the table, not from code.
    @Test func theClockReadsThePretrialLimitsFromTheTable() throws {
        let shipped = try RuleSet.bundled()
        var tables = shipped.tables
        var later = tables[tables.count - 1]
        later.law = "hypothetical"
        later.validFrom = CivilDate(year: 2030, month: 1, day: 1)!
        later.pretrial.maximumMonths.ordinary = 6
        tables.append(later)
        let rules = RuleSet(tables: tables)
        func input(start: CivilDate, months: Int) -> ClockInput {
            ClockInput(
                asOf: start.adding(days: 10), custody: [CustodyPeriod(kind: .pretrialDetention, from: start)],
                caseTypes: [CaseTypeChange(from: start, type: .ordinary)], pretrial: PretrialOrder(months: months),
                crimes: ["189"], committedOn: start)
        }
        let before = LegalClock.compute(input(start: CivilDate(year: 2029, month: 6, day: 1)!, months: 9), rules: rules)
        #expect(before.messages.isEmpty)
        #expect(before.pretrial?.termEndsOn == CivilDate(year: 2030, month: 2, day: 28))
        let after = LegalClock.compute(input(start: CivilDate(year: 2030, month: 6, day: 1)!, months: 9), rules: rules)
        #expect(after.messages.map(\.code) == ["pretrial.months_exceed_maximum"])
        #expect(after.pretrial == nil)
    }
}
