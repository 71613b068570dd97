import CustodiaCore
import Foundation
import LegalClock
import Testing

/// Every scenario file under `Scenarios/` (input and expected dates, rule ids, review flags, messages),
/// discovered and checked by one parameterised test. Legal staff add cases without writing Swift.
@Suite struct GoldenScenarioTests {
    static let rules = try! RuleSet.bundled()

    struct Scenario: CustomTestStringConvertible, Sendable {
        let path: String
        var testDescription: String { path }
    }

    static var scenarios: [Scenario] {
        guard let root = Bundle.module.url(forResource: "Scenarios", withExtension: nil),
            let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        else { return [] }
        var found: [Scenario] = []
        for case let url as URL in enumerator where url.pathExtension == "json" {
            found.append(Scenario(path: String(url.path.dropFirst(root.path.count + 1))))
        }
        return found.sorted { $0.path < $1.path }
    }

    @Test func thereAreScenariosForEveryWorkedExample() {
        let examples = Self.scenarios.filter { $0.path.hasPrefix("peru-law-examples/") }
        #expect(examples.count >= 21)
    }

    /// Discovery finds at least the scenarios each group had when this was written: a missing resource bundle or
    /// a moved folder fails here instead of running no case at all.
    @Test func discoveryFindsEveryGroup() {
        let known = [
            "allowance": 12, "appeal": 6, "benefits": 6, "detention": 6, "maximum": 9, "peru-law-examples": 21,
            "pretrial": 23, "recidivism": 7, "redemption": 18, "sentence": 11, "validation": 29,
        ]
        let found = Dictionary(grouping: Self.scenarios) { String($0.path.prefix { $0 != "/" }) }.mapValues(\.count)
        for (group, minimum) in known { #expect(found[group, default: 0] >= minimum, "\(group): \(found[group, default: 0])") }
        #expect(Self.scenarios.count >= known.values.reduce(0, +))
    }

    @Test(arguments: scenarios)
    func scenario(_ scenario: Scenario) throws {
        let root = try #require(Bundle.module.url(forResource: "Scenarios", withExtension: nil))
        let data = try Data(contentsOf: root.appendingPathComponent(scenario.path))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let inputData = try JSONSerialization.data(withJSONObject: try #require(document["input"]))
        let input = try JSONDecoder().decode(ClockInput.self, from: inputData)
        let result = LegalClock.compute(input, rules: Self.rules)
        let encoded = try JSONEncoder().encode(result)
        let actual = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        let expected = try #require(document["expected"] as? [String: Any])

        if let status = expected["status"] as? String {
            #expect(actual["status"] as? String == status, "status")
        }
        for section in ["pretrial", "sentence"] {
            guard let wanted = expected[section] as? [String: Any] else { continue }
            let got = actual[section] as? [String: Any] ?? [:]
            Self.compare(wanted, got, path: section)
        }
        if let version = expected["rule_version"] as? String {
            #expect(actual["rule_version"] as? String == version, "rule_version")
        }
        if let ids = expected["rules"] as? [String] {
            for id in ids { #expect(RuleID(rawValue: id) != nil, "the scenario expects an unknown rule \(id)") }
            let applied = Set((actual["rules"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
            for id in ids { #expect(applied.contains(id), "rule \(id) not applied; applied: \(applied.sorted())") }
        }
        // Every rule applied and every review flag says what it did in both languages (the English page shows
        // the English text): never empty, and never the Spanish text again.
        for rule in actual["rules"] as? [[String: Any]] ?? [] {
            let spanish = rule["detail"] as? String ?? ""
            let english = rule["detail_en"] as? String ?? ""
            #expect(!english.isEmpty && (english != spanish || !spanish.contains(" ")), "rule \(rule["id"] ?? "") in English")
        }
        for flag in actual["review"] as? [[String: Any]] ?? [] {
            let english = flag["reason_en"] as? String ?? ""
            #expect(!english.isEmpty && english != flag["reason"] as? String, "review \(flag["setting"] ?? "") in English")
        }
        if let settings = expected["review"] as? [String] {
            let flagged = Set((actual["review"] as? [[String: Any]] ?? []).compactMap { $0["setting"] as? String })
            #expect(flagged == Set(settings), "review flags")
        }
        let codes = (actual["messages"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        if let messages = expected["messages"] as? [String] {
            #expect(Set(codes) == Set(messages), "messages")
            // A clock with messages computes no date at all.
            #expect(actual["pretrial"] == nil && actual["sentence"] == nil, "dates computed despite messages")
        } else {
            #expect(codes.isEmpty, "unexpected messages \(codes)")
        }
        if let fields = expected["message_fields"] as? [String] {
            let named = (actual["messages"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(Set(named) == Set(fields), "fields named by the messages")
        }
        // The dates-only computation (stored clocks, mass recompute) agrees with the explained one.
        let quick = LegalClock.compute(input, rules: Self.rules, explain: false)
        #expect(quick.status == result.status)
        #expect(quick.pretrial == result.pretrial)
        #expect(quick.sentence == result.sentence)
        #expect(quick.needsLegalReview == result.needsLegalReview)
        #expect(quick.needsLegalReview == !result.review.isEmpty)
        #expect(quick.messages == result.messages)
        // Every rule the result names is a known rule and cites its own source.
        for rule in actual["rules"] as? [[String: Any]] ?? [] {
            let id = (rule["id"] as? String).flatMap(RuleID.init(rawValue:))
            #expect(id != nil, "the result cites an unknown rule \(rule["id"] ?? "")")
            #expect(id.map { rule["citation"] as? String == $0.citation && !$0.citation.isEmpty } == true)
        }
        for flag in actual["review"] as? [[String: Any]] ?? [] {
            #expect((flag["rule"] as? String).flatMap(RuleID.init(rawValue:)) != nil, "review flag with an unknown rule")
        }
    }

    static func compare(_ wanted: [String: Any], _ got: [String: Any], path: String) {
        for (key, value) in wanted {
            let here = "\(path).\(key)"
            if let nested = value as? [String: Any] {
                compare(nested, got[key] as? [String: Any] ?? [:], path: here)
            } else {
                #expect(String(describing: got[key] ?? "absent") == String(describing: value), "\(here)")
            }
        }
    }
}
