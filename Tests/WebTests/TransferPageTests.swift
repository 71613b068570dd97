import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// Transfers on the staff pages (issue 11 points 4 and 8): the request from the person's file with its messages at
/// the fields, the transfer's page with the steps each role may take, the departure and the reception, and the
/// transfers under way on both establishments' pages.
@Suite struct TransferPageTests {
    @Test(arguments: TestDatabase.engines)
    func requestDecideDepartReceive(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            try await Fixtures.loadSouthernOffice(into: services.database)
            let number = file.person.number.description
            var warden = Browser(client: client)
            _ = try await warden.signIn(
                try await AccessFixtures.user(
                    "diego", roles: [.warden], scope: .establishments(["ep-norte", "ep-sur"]), in: services.directory),
                clock: clock)
            let person = try await warden.get("/persons/\(number)")
            #expect(person.contains("href=\"/persons/\(number)/transfer\""))
            let form = try await warden.get("/persons/\(number)/transfer")
            #expect(form.status == 200 && form.contains("f-establishment-code") && form.contains("Hacinamiento"))
            let version = try #require(form.inputValue("version"))
            var fields = [
                ("_csrf", try await warden.csrf()), ("version", version), ("establishment_code", "ep-sur"),
                ("pavilion_code", "S"), ("ground", "hacinamiento"), ("reason", ""), ("requested_on", "2026-03-10"),
            ]
            let refused = try await warden.post("/persons/\(number)/transfer", form: fields)
            #expect(refused.status == 422 && refused.contains("id=\"f-reason-error\""))
            #expect(refused.contains("id=\"f-pavilion-code-error\""))  // a sentenciados pavilion for a procesado
            fields[3] = ("pavilion_code", "A")
            fields[5] = ("reason", "Descongestión (sintético)")
            let requested = try await warden.post("/persons/\(number)/transfer", form: fields)
            #expect(requested.status == 303)
            let location = try #require(requested.location)
            #expect(location.hasPrefix("/transfers/") && location.hasSuffix("?done=requested"))
            let page = try await warden.get(location)
            #expect(page.contains("Traslado solicitado.") && page.contains("Solicitado"))
            #expect(page.contains("action=\"/transfers/") && page.contains("Aprobar"))
            let path = String(location.prefix { $0 != "?" })
            // The establishment's page lists it under way; the person file links it.
            #expect(try await warden.get("/establishments/ep-norte").contains("href=\"\(path)\""))
            #expect(try await warden.get("/persons/\(number)").contains("href=\"\(path)\""))

            let csrf = try await warden.csrf()
            let approve = [
                ("_csrf", csrf), ("action", "approve"), ("version", "1"), ("approve.on", "2026-03-11"),
                ("approve.authority", "director_establecimiento"), ("approve.resolution", ""),
                ("approve.notified_on", "2026-03-11"),
            ]
            let noResolution = try await warden.post(path + "/decision", form: approve)
            #expect(noResolution.status == 422 && noResolution.contains("id=\"f-approve-resolution-error\""))
            var withResolution = approve
            withResolution[5] = ("approve.resolution", "R.D. 30-2026-INPE")
            let approved = try await warden.post(path + "/decision", form: withResolution)
            #expect(approved.status == 303 && approved.location?.hasSuffix("?done=approve") == true)
            let after = try await warden.get(try #require(approved.location))
            #expect(after.contains("Aprobado") && after.contains("R.D. 30-2026-INPE") && after.contains("2026-04-01"))
            // A decision posted to the movement path is refused; a stale version is a conflict.
            let wrongPath = try await warden.post(path + "/movement", form: withResolution)
            #expect(wrongPath.status == 400)
            let stale = try await warden.post(
                path + "/movement", form: [("_csrf", csrf), ("action", "depart"), ("version", "1"), ("depart.on", "2026-03-12")])
            #expect(stale.status == 409)
            let departed = try await warden.post(
                path + "/movement", form: [("_csrf", csrf), ("action", "depart"), ("version", "2"), ("depart.on", "2026-03-12")])
            #expect(departed.status == 303)
            #expect(try await warden.get(path).contains("En tránsito"))
            // The destination's clerk receives the person; a clerk of neither establishment does not see the transfer.
            var clerk = Browser(client: client)
            _ = try await clerk.signIn(
                try await AccessFixtures.user(
                    "rosa.sur", roles: [.registryClerk], scope: .establishments(["ep-sur"]), in: services.directory),
                clock: clock)
            let clerkView = try await clerk.get(path)
            #expect(clerkView.contains("Registrar recepción") && !clerkView.contains("Aprobar"))
            let received = try await clerk.post(
                path + "/movement",
                form: [("_csrf", try await clerk.csrf()), ("action", "receive"), ("version", "3"), ("receive.on", "2026-03-13")])
            #expect(received.status == 303)
            #expect(try await clerk.get(try #require(received.location)).contains("Recepción registrada."))
            var outsider = Browser(client: client)
            _ = try await outsider.signIn(
                try await AccessFixtures.user(
                    "rosa.mujeres", roles: [.registryClerk], scope: .establishments(["ep-mujeres"]), in: services.directory),
                clock: clock)
            #expect(try await outsider.get(path).status == 404)
        }
    }
}
