import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// The daily health check of an isolated person on both engines (issue 12 point 5; DS-5, Mandela Rule 46): a day of
/// isolation without its check is an alert the next day, gone once recorded; a check outside the isolation, at a
/// minute of another day, or without who made it is refused and writes nothing. Today is 2026-03-15.
@Suite struct IsolationCheckTests {
    @Test(arguments: TestDatabase.engines)
    func aMissingCheckIsAnAlertUntilRecorded(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, _, file in
            let yesterday = Fixtures.asOf.adding(days: -1)
            guard
                case .done(let isolated) = try await registry.isolate(
                    IsolationRequest(
                        personID: file.person.id, startsOn: yesterday, days: 5, resolution: "Acta CTP 4-2026",
                        reason: "Agresión (sintético)", medicalReport: .init(reference: "Informe médico 3-2026")),
                    expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let isolation = try #require(isolated.isolations.first)
            func missing() async throws -> Int {
                try await registry.alertCounts(asOf: Fixtures.asOf, establishmentCode: "ep-norte")[.isolationCheckMissing] ?? 0
            }
            #expect(try await missing() == 1)
            let minute = LocalTime(date: yesterday, time: TimeOfDay(hour: 9, minute: 0)!)
            func check(_ day: CivilDate, _ at: LocalTime, by: String = "Tópico (sintético)") -> IsolationCheck {
                IsolationCheck(personID: file.person.id, isolationID: isolation.id, day: day, at: at, by: by)
            }
            for (bad, field) in [
                (check(Fixtures.asOf.adding(days: 10), minute), "day"),
                (check(yesterday, LocalTime(date: Fixtures.asOf, time: minute.time)), "at"),
                (check(yesterday, minute, by: " "), "by"),
            ] {
                guard
                    case .rejected(let messages) = try await registry.recordIsolationCheck(
                        bad, expectedVersion: nil, asOf: Fixtures.asOf, actor: "t")
                else { throw CancellationError() }
                #expect(messages.map(\.field).contains(field), "\(messages)")
            }
            #expect(try #require(try await registry.personFile(file.person.id)).isolations.first?.checks.isEmpty == true)
            guard
                case .done(let after) = try await registry.recordIsolationCheck(
                    check(yesterday, minute), expectedVersion: isolated.person.version, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            #expect(after.isolations.first?.checks.map(\.day) == [yesterday])
            #expect(try await missing() == 0)
            let events = try await registry.events(after: 0, limit: 100, within: nil).filter {
                $0.type == "custodia.person.isolation_checked.v1"
            }
            #expect(events.count == 1 && events.first?.payload.contains("\"day\":\"2026-03-14\"") == true)
        }
    }
}
