import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// Disciplinary isolation on the staff pages (issue 12 point 5): the person's file lists the order, the
/// establishment's board shows the day of the streak; a role that may not read isolations sees neither.
@Suite struct IsolationPageTests {
    @Test(arguments: TestDatabase.engines)
    func theFileAndTheBoard(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            guard
                case .done = try await services.registry.isolate(
                    IsolationRequest(
                        personID: file.person.id, startsOn: CivilDate(year: 2026, month: 3, day: 14)!, days: 10,
                        resolution: "Acta CTP 3-2026 (sintética)", reason: "Agresión (sintético)",
                        medicalReport: .init(reference: "Informe médico 12-2026")), expectedVersion: nil,
                    asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let number = file.person.number.description
            var clerk = Browser(client: client)
            _ = try await clerk.signIn(
                try await AccessFixtures.user(
                    "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            let person = try await clerk.get("/persons/\(number)")
            #expect(person.contains("id=\"isolations\"") && person.contains("2026-03-14 – 2026-03-23"))
            let board = try await clerk.get("/establishments/ep-norte")
            #expect(board.contains("id=\"isolated\"") && board.contains("2 / 15"))
            var analyst = Browser(client: client)
            _ = try await analyst.signIn(
                try await AccessFixtures.user("ana", roles: [.nationalAnalyst], scope: .nation, in: services.directory),
                clock: clock)
            #expect(!(try await analyst.get("/establishments/ep-norte")).contains("id=\"isolated-h\""))
        }
    }

    /// The warden's form: 20 days refused at the field (example 15), no medical report refused, 5 days recorded.
    @Test(arguments: TestDatabase.engines)
    func theWardensForm(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            let number = file.person.number.description
            var warden = Browser(client: client)
            _ = try await warden.signIn(
                try await AccessFixtures.user(
                    "diego", roles: [.warden], scope: .establishments(["ep-norte"]), in: services.directory),
                clock: clock)
            #expect(try await warden.get("/persons/\(number)").contains("href=\"/persons/\(number)/isolation\""))
            let form = try await warden.get("/persons/\(number)/isolation")
            let version = try #require(form.inputValue("version"))
            var fields = [
                ("_csrf", try await warden.csrf()), ("version", version), ("starts_on", "2026-03-15"), ("days", "20"),
                ("resolution", "Acta CTP 4-2026 (sintética)"), ("reason", "Pelea (sintético)"),
                ("medical_report", "Informe médico 13-2026"), ("medical_report.protected_condition", "no"),
            ]
            let twenty = try await warden.post("/persons/\(number)/isolation", form: fields)
            #expect(twenty.status == 422 && twenty.contains("id=\"f-days-error\"") && twenty.contains("15 días"))
            fields[3] = ("days", "5")
            fields[6] = ("medical_report", "")
            let unreported = try await warden.post("/persons/\(number)/isolation", form: fields)
            #expect(unreported.status == 422 && unreported.contains("id=\"f-medical-report-error\""))
            fields[6] = ("medical_report", "Informe médico 13-2026")
            let recorded = try await warden.post("/persons/\(number)/isolation", form: fields)
            #expect(recorded.status == 303)
            let after = try await warden.get(try #require(recorded.location))
            #expect(after.contains("Aislamiento registrado.") && after.contains("2026-03-15 – 2026-03-19"))
            // Days in isolation up to today: the first of the five.
            #expect(after.contains("id=\"isolation-year\"") && after.contains("<strong>1</strong>"))
            // The day's health check from the file's link (DS-5): without who made it, refused at the field; then kept.
            let check = try #require(
                after.html.range(of: #"/persons/[^"]+/isolations/[0-9]+/check"#, options: .regularExpression).map {
                    String(after.html[$0])
                })
            let checkForm = try await warden.get(check)
            let checkVersion = try #require(checkForm.inputValue("version"))
            var checkFields = [
                ("_csrf", try await warden.csrf()), ("version", checkVersion), ("day", "2026-03-15"),
                ("at", "2026-03-15 06:30"), ("by", ""), ("note", ""),
            ]
            let nobody = try await warden.post(check, form: checkFields)
            #expect(nobody.status == 422 && nobody.contains("id=\"f-by-error\""))
            checkFields[4] = ("by", "Tópico del establecimiento (sintético)")
            let checked = try await warden.post(check, form: checkFields)
            #expect(checked.status == 303)
            let withCheck = try await warden.get(try #require(checked.location))
            #expect(withCheck.contains("Control de salud registrado.") && withCheck.contains("1 / 1"))
            // Lifted from the file's link: the last day before the planned end, with its reason.
            let lift = try #require(
                after.html.range(of: #"/persons/[^"]+/isolations/[0-9]+/lift"#, options: .regularExpression).map {
                    String(after.html[$0])
                })
            let liftForm = try await warden.get(lift)
            let liftVersion = try #require(liftForm.inputValue("version"))
            let noReason = try await warden.post(
                lift,
                form: [("_csrf", try await warden.csrf()), ("version", liftVersion), ("last_day", "2026-03-15"), ("reason", "")])
            #expect(noReason.status == 422 && noReason.contains("id=\"f-reason-error\""))
            let lifted = try await warden.post(
                lift,
                form: [
                    ("_csrf", try await warden.csrf()), ("version", liftVersion), ("last_day", "2026-03-15"),
                    ("reason", "El servicio médico lo suspende (DS-5)"),
                ])
            #expect(lifted.status == 303)
            let final = try await warden.get(try #require(lifted.location))
            #expect(final.contains("Aislamiento levantado.") && final.contains("2026-03-15 – 2026-03-15"))
        }
    }
}
