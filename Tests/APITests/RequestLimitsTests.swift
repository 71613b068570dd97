import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import SQLKit
import Store
import Testing

/// The limits the contract sets on request bodies (maxLength, minimum and maximum, maxItems; ADR 0020) are checked
/// before the handler: a body that breaks one is refused with 422 and the field at fault whatever else is wrong
/// with the request, a stale `If-Match` included, and nothing changes. The CI run of d596af9 found the gap:
/// a too-long `reason` on an exit's step with a stale version was answered 412.
@Suite struct RequestLimitsTests {
    static let long = String(repeating: "û", count: 401)

    @Test(arguments: TestDatabase.engines)
    func aBodyOverTheContractsLimitsIsRefusedBeforeItsVersionIsCompared(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, database in
            // An admission: limits inside nested objects and arrays, named as the API names them.
            var admission = Bodies.admission()
            var legalCase = admission["case"] as! [String: Any]
            legalCase["charges"] = ["189", String(repeating: "1", count: 21)]
            admission["case"] = legalCase
            let charge = try await client.call(.post, "/api/v1/admissions", json: admission)
            #expect(charge.status == 422 && charge.errorFields == ["case.charges[1]"])
            #expect(charge.errorCodes == ["input.text_too_long"])
            legalCase["charges"] = Array(repeating: "189", count: 31)
            admission["case"] = legalCase
            let charges = try await client.call(.post, "/api/v1/admissions", json: admission)
            #expect(charges.status == 422 && charges.errorFields == ["case.charges"])
            #expect(try await Meta.personCount(in: database) == 0)
            // No member of the contract is nullable: a null is refused at its field, not read as absent.
            var nulls = Bodies.admission()
            nulls["intake"] = NSNull()
            var person = nulls["person"] as! [String: Any]
            person["aliases"] = ["Chato", NSNull()]
            nulls["person"] = person
            let refusedNull = try await client.call(.post, "/api/v1/admissions", json: nulls)
            #expect(
                refusedNull.status == 422 && refusedNull.errorCodes == ["input.value_not_allowed", "input.value_not_allowed"])
            #expect(Set(refusedNull.errorFields) == ["intake", "person.aliases[1]"])
            let noDocument = try await client.call(
                .post, "/api/v1/identity/candidates",
                json: ["document": NSNull(), "given_names": "José", "paternal_surname": "Ñahui"])
            #expect(noDocument.status == 422 && noDocument.errorFields == ["document"])
            #expect(try await Meta.personCount(in: database) == 0)

            let admitted = try await client.call(.post, "/api/v1/admissions", json: Bodies.admission())
            let number = try #require(admitted["person_number"] as? String)
            let stale: HTTPFields = [.ifMatch: "\"99\""]
            // A move with a reason over 400 code points and a stale version: the limit is answered, not the version.
            let move: [String: Any] = ["pavilion_code": "B", "moved_on": "2026-03-15", "reason": Self.long]
            let tooLong = try await client.call(.post, "/api/v1/persons/\(number)/moves", json: move, headers: stale)
            #expect(tooLong.status == 422 && tooLong.errorFields == ["reason"])
            #expect(tooLong.errorCodes == ["input.text_too_long"])
            // JSON Schema counts code points: 250 letters with a combining accent are 500 of them.
            let combining = ["pavilion_code": "B", "moved_on": "2026-03-15", "reason": String(repeating: "e\u{301}", count: 250)]
            let accents = try await client.call(.post, "/api/v1/persons/\(number)/moves", json: combining, headers: stale)
            #expect(accents.status == 422 && accents.errorFields == ["reason"])
            // Within the limits, the stale version is what is wrong.
            let within = try await client.call(
                .post, "/api/v1/persons/\(number)/moves",
                json: ["pavilion_code": "B", "moved_on": "2026-03-15", "reason": "Reubicación"], headers: stale)
            #expect(within.status == 412 && within.problemCode == "precondition.stale_version")
            // A number out of the contract's range, and an override's text, nested.
            let isolation: [String: Any] = [
                "starts_on": "2026-03-14", "days": 61, "resolution": "Acta", "reason": "Sintético",
                "medical_report": ["reference": Self.long],
            ]
            let days = try await client.call(.post, "/api/v1/persons/\(number)/isolations", json: isolation, headers: stale)
            #expect(days.status == 422 && days.errorFields == ["days", "medical_report.reference"])
            #expect(days.errorCodes == ["query.value_out_of_range", "input.text_too_long"])
            // The exit's step of the CI run, on an exit that does not exist: the body is refused first.
            let step = try await client.call(
                .post, "/api/v1/outings/113/movements", json: ["action": "back", "reason": Self.long], headers: stale)
            #expect(step.status == 422 && step.errorFields == ["reason"])
            // A body of the wrong shape is still the decoder's (400), and nothing changed.
            let wrongType = try await client.call(
                .post, "/api/v1/persons/\(number)/moves", json: ["pavilion_code": 7, "reason": Self.long], headers: stale)
            #expect(wrongType.status == 400 || wrongType.status == 422)
            let file = try await client.call(.get, "/api/v1/persons/\(number)")
            #expect(file.headers[.eTag] == "\"1\"")
            #expect(try await Meta.personCount(in: database) == 1)
        }
    }
}
