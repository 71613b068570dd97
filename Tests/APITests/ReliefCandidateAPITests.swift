import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import Store
import Testing

/// The relief candidate lists through the API on both engines (issue 26 point 2): the legal officer reads who qualifies
/// and why, as JSON or CSV; a court's token sees its district's persons only; bad input is a 422 with its field; the
/// analysts, who read counts, do not read names.
@Suite struct ReliefCandidateAPITests {
    @Test(arguments: TestDatabase.engines)
    func theListsAsJSONAndCSVWithinTheCallersScope(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            // A procesada for hurto simple (3 years) in Callao's district, a procesado for robo agravado in Lima's.
            var callao = Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "42345678", given: "Mario")))
            callao.legalCase.judicialDistrict = "Corte Superior de Justicia del Callao"
            callao.legalCase.number = CaseNumber("00777-2026-1-0701-JR-PE-01")!
            callao.legalCase.chargeArticles = ["185"]
            guard case .done(let lima) = try await services.registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t"),
                case .done(let theft) = try await services.registry.admit(callao, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            var headers: [String: HTTPFields] = [:]
            for (name, role) in [("legal", Role.legalOfficer), ("nacional", .nationalAnalyst)] {
                let user = try await AccessFixtures.user(name, roles: [role], scope: .nation, in: services.directory)
                let session: StaffSession = try await client.signIn(user, clock: clock)
                headers[name] = session.headers
            }
            let legal = headers["legal"]!
            let list = try await client.call(.get, "/api/v1/relief/candidates?list=electronic", headers: legal)
            #expect(list.status == 200 && list["examined"] as? Int == 2 && list["penalties_version"] as? String == "CP-2026-01")
            #expect(list["penalties_need_legal_review"] as? Bool == true)
            let items = try #require(list["items"] as? [[String: Any]])
            #expect(items.map { $0["person_number"] as? String } == [theft.person.number.description])
            let reasons = try #require(items.first?["reasons"] as? [[String: Any]])
            #expect(reasons.map { $0["rule"] as? String } == ["VE-3", "VE-2"])
            #expect((reasons[0]["citation"] as? String)?.contains("268-A") == true)
            // With the excluded: robo agravado, kept off by its penalty and VE-6's list.
            let all = try await client.call(
                .get, "/api/v1/relief/candidates?list=electronic&include_excluded=true", headers: legal)
            let excluded = try #require((all["items"] as? [[String: Any]])?.last)
            #expect(
                excluded["person_number"] as? String == lima.person.number.description && excluded["qualifies"] as? Bool == false)
            #expect(
                (excluded["reasons"] as? [[String: Any]])?.map { $0["code"] as? String } == ["penalty_life", "crime_excluded"])
            // The same list as CSV: a header and one line.
            let csv = try await client.call(
                .get, "/api/v1/relief/candidates?list=electronic", headers: legal.merging([.accept: "text/csv"]))
            #expect(csv.status == 200 && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.count == 2 && lines[0].hasPrefix("person_id,paternal_surname") && lines[1].contains("VE-3 VE-2"))
            // The pretrial review on the fixtures' day: the procesada for her charge (PP-1, VE-3).
            let review = try await client.call(.get, "/api/v1/relief/candidates?list=pretrial_review", headers: legal)
            #expect((review["items"] as? [[String: Any]])?.count == 1 && review["within_days"] as? Int == 30)
            // Bad input: an unknown list, a horizon out of range, an establishment outside the register.
            #expect(try await client.call(.get, "/api/v1/relief/candidates?list=amnesty", headers: legal).status == 400)
            let far = try await client.call(
                .get, "/api/v1/relief/candidates?list=pretrial_review&within_days=999", headers: legal)
            #expect(far.status == 422 && far.errorFields == ["within_days"])
            #expect(
                try await client.call(.get, "/api/v1/relief/candidates?list=electronic&establishment=ep-x", headers: legal).status
                    == 404)
            // The analysts read counts, not names.
            #expect(
                try await client.call(.get, "/api/v1/relief/candidates?list=electronic", headers: headers["nacional"]!).status
                    == 403)
            // A court's token of Lima's district: its procesado only (examined), and he does not qualify.
            let token = try await AccessFixtures.token(
                client: "Juzgado de Lima", operations: [.readReliefCandidates],
                scope: .judicialDistricts(["Corte Superior de Justicia de Lima"]), in: services.directory,
                expiresAt: clock.now.addingTimeInterval(86_400))
            let court = try await client.call(
                .get, "/api/v1/relief/candidates?list=electronic&include_excluded=true",
                headers: [.authorization: "Bearer \(token)"])
            #expect(court.status == 200 && court["examined"] as? Int == 1)
            #expect(
                (court["items"] as? [[String: Any]])?.map { $0["person_number"] as? String } == [lima.person.number.description])
            // The conversion lists (DR-1, DR-2): a Colombian sentenced to 3 years from 2025-01-10 is on the conversion
            // list with the jornadas left, and on the expulsion list only with the excluded: two thirds on 2027-01-10.
            var foreigner = Fixtures.sentencedAdmission(dni: "45678901", given: "Andrés")
            if case .new(var person) = foreigner.subject {
                person.document = .passport("AB1234567")
                person.nationality = "COL"
                foreigner.subject = .new(person)
            }
            guard case .done(let sentenced) = try await services.registry.admit(foreigner, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            let conversion = try await client.call(.get, "/api/v1/relief/candidates?list=conversion", headers: legal)
            let converted = try #require((conversion["items"] as? [[String: Any]])?.first)
            #expect(conversion["list"] as? String == "conversion" && conversion["examined"] as? Int == 1)
            #expect(converted["person_number"] as? String == sentenced.person.number.description)
            #expect(
                (converted["reasons"] as? [[String: Any]])?.map { $0["code"] as? String }
                    == ["sentence_within_conversion", "jornadas"])
            let expulsion = try await client.call(
                .get, "/api/v1/relief/candidates?list=expulsion&include_excluded=true", headers: legal)
            let expelled = try #require((expulsion["items"] as? [[String: Any]])?.first)
            #expect(expelled["qualifies"] as? Bool == false && expulsion["examined"] as? Int == 1)
            let reasons2 = try #require(expelled["reasons"] as? [[String: Any]])
            #expect(reasons2.map { $0["code"] as? String } == ["sentence_within_expulsion", "two_thirds_not_served"])
            #expect(
                (reasons2[1]["detail"] as? String)?.contains("2027-01-10") == true && reasons2[1]["rule"] as? String == "DR-2")
            let onlyQualifying = try await client.call(.get, "/api/v1/relief/candidates?list=expulsion", headers: legal)
            #expect((onlyQualifying["items"] as? [[String: Any]])?.isEmpty == true)
        }
    }
}
