import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import SQLKit
import Store
import Testing

@Suite struct APITests {
    static func rowCounts(_ database: Database) async throws -> [Int] {
        var counts: [Int] = []
        for table in ["persons", "legal_cases", "charges", "court_orders", "custody_episodes", "placements", "events"] {
            counts.append(
                try await database.read { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
                })
        }
        return counts
    }

    @Test(arguments: TestDatabase.engines)
    func servesTheOpenAPIDocument(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, _ in
            try await client.execute(uri: "/api/v1/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.hasPrefix("openapi: 3.1.0"))
                #expect(text.contains("operationId: admitPerson"))
            }
            // The events delivered to subscribers (issue 13 point 6), served as committed.
            try await client.execute(uri: "/api/v1/asyncapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let served = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(served?["asyncapi"] as? String == "3.0.0")
                let messages = (served?["components"] as? [String: Any])?["messages"] as? [String: [String: Any]] ?? [:]
                #expect(Set(messages.values.compactMap { $0["name"] as? String }) == Set(DomainEvent.types))
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func listsEstablishmentsWithOccupancyAndCursor(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, _ in
            let first = try await client.call(.get, "/api/v1/establishments?limit=1")
            #expect(first.status == 200)
            let items = first["items"] as? [[String: Any]] ?? []
            #expect(items.first?["code"] as? String == "ep-mujeres")
            let cursor = try #require(first["next_cursor"] as? String)
            let second = try await client.call(.get, "/api/v1/establishments?limit=1&cursor=\(cursor)")
            #expect((second["items"] as? [[String: Any]])?.first?["code"] as? String == "ep-norte")
            #expect(second["next_cursor"] == nil)
            let one = try await client.call(.get, "/api/v1/establishments/ep-norte")
            #expect(one.status == 200)
            #expect(one.headers[.eTag] == "\"1\"")
            #expect((one["pavilions"] as? [Any])?.count == 3)
            let occupancy = (one["establishment"] as? [String: Any])?["occupancy"] as? [String: Any]
            #expect(occupancy?["capacity"] as? Int == 10)
            let missing = try await client.call(.get, "/api/v1/establishments/nowhere")
            #expect(missing.status == 404)
            #expect(missing.problemCode == "not_found")
            let badLimit = try await client.call(.get, "/api/v1/establishments?limit=abc")
            #expect(badLimit.status == 400)
            #expect(badLimit.problemCode == "request.malformed")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func admitMoveReleaseWithETags(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, _ in
            let admitted = try await client.call(.post, "/api/v1/admissions", json: Bodies.admission())
            #expect(admitted.status == 201)
            #expect(admitted.headers[.eTag] == "\"1\"")
            let number = try #require(admitted["person_number"] as? String)
            #expect(admitted.headers[.location] == "/api/v1/persons/\(number)")
            #expect(admitted["in_custody"] as? Bool == true)
            let orders = admitted["orders"] as? [[String: Any]]
            #expect(orders?.first?["ends_on"] as? String == "2026-11-30")

            let file = try await client.call(.get, "/api/v1/persons/\(number)")
            #expect(file.status == 200)
            #expect(file.headers[.eTag] == "\"1\"")
            #expect((file["identity"] as? [String: Any])?["paternal_surname"] as? String == "Ñahui")

            let found = try await client.call(.get, "/api/v1/persons?q=NAHUI%20quis")
            #expect((found["items"] as? [[String: Any]])?.first?["person_number"] as? String == number)
            let byDNI = try await client.call(.get, "/api/v1/persons?q=41234567")
            #expect((byDNI["items"] as? [Any])?.count == 1)

            let move: [String: Any] = ["pavilion_code": "B", "moved_on": "2026-03-05", "reason": "Seguridad"]
            let noIfMatch = try await client.call(.post, "/api/v1/persons/\(number)/moves", json: move)
            #expect(noIfMatch.status == 428)
            #expect(noIfMatch.problemCode == "precondition.if_match_required")
            let stale = try await client.call(.post, "/api/v1/persons/\(number)/moves", json: move, headers: [.ifMatch: "\"5\""])
            #expect(stale.status == 412)
            #expect(stale.problemCode == "precondition.stale_version")
            let moved = try await client.call(.post, "/api/v1/persons/\(number)/moves", json: move, headers: [.ifMatch: "\"1\""])
            #expect(moved.status == 200)
            #expect(moved.headers[.eTag] == "\"2\"")
            #expect((moved["current_placement"] as? [String: Any])?["pavilion_code"] as? String == "B")

            let released = try await client.call(
                .post, "/api/v1/persons/\(number)/release", json: Bodies.release, headers: [.ifMatch: "\"2\""])
            #expect(released.status == 200)
            #expect(released["in_custody"] as? Bool == false)
            #expect(released.headers[.eTag] == "\"3\"")
            let again = try await client.call(
                .post, "/api/v1/persons/\(number)/release", json: Bodies.release, headers: [.ifMatch: "\"3\""])
            #expect(again.status == 422)
            #expect(again.errorCodes == ["custody.not_in_custody"])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func badInputIsAProblemAndWritesNothing(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine, maxBodyBytes: 8 * 1024) { client, database in
            let before = try await Self.rowCounts(database)

            var malformedDNI = Bodies.admission(dni: "1234")
            var person = malformedDNI["person"] as! [String: Any]
            person["birth_date"] = "1990-02-30"
            malformedDNI["person"] = person
            let dni = try await client.call(.post, "/api/v1/admissions", json: malformedDNI)
            #expect(dni.status == 422)
            #expect(dni.problemCode == "validation_failed")
            #expect(Set(dni.errorCodes) == ["document.dni_invalid", "date.invalid"])
            #expect(Set(dni.errorFields) == ["person.document.number", "person.birth_date"])

            var badFormats = Bodies.admission()
            var badCaseNumber = badFormats["case"] as! [String: Any]
            badCaseNumber["number"] = "123-2026"
            badFormats["case"] = badCaseNumber
            badFormats["admitted_at"] = "25:61"
            let formats = try await client.call(.post, "/api/v1/admissions", json: badFormats)
            #expect(formats.status == 422)
            #expect(Set(formats.errorCodes) == ["case.number_invalid", "admission.time_invalid"])
            #expect(Set(formats.errorFields) == ["case.number", "admitted_at"])

            var notAuthorising = Bodies.admission()
            var releaseOrder = notAuthorising["order"] as! [String: Any]
            releaseOrder["kind"] = "release"
            notAuthorising["order"] = releaseOrder
            let authorising = try await client.call(.post, "/api/v1/admissions", json: notAuthorising)
            #expect(authorising.errorCodes == ["admission.order_does_not_authorize"])

            var unknownPlace = Bodies.admission()
            unknownPlace["establishment_code"] = "nowhere"
            let place = try await client.call(.post, "/api/v1/admissions", json: unknownPlace)
            #expect(place.status == 422)
            #expect(place.errorCodes == ["placement.establishment_unknown"])

            var unknownPavilion = Bodies.admission(pavilion: "Z")
            unknownPavilion["admitted_on"] = "2026-03-01"
            let pavilion = try await client.call(.post, "/api/v1/admissions", json: unknownPavilion)
            #expect(Set(pavilion.errorCodes) == ["placement.pavilion_unknown", "admission.order_after_admission"])

            var noOrder = Bodies.admission()
            noOrder.removeValue(forKey: "order")
            let order = try await client.call(.post, "/api/v1/admissions", json: noOrder)
            #expect(order.status == 422)
            #expect(order.errorCodes == ["admission.order_required"])

            let future = try await client.call(
                .post, "/api/v1/admissions", json: Bodies.admission().merging(["admitted_on": "2027-01-01"]) { $1 })
            #expect(future.errorCodes.contains("admission.date_in_future"))

            let tooLong = try await client.call(.post, "/api/v1/admissions", json: Bodies.admission(months: 12))
            #expect(tooLong.errorCodes == ["order.pretrial_months_out_of_range"])

            // Wrong JSON types and malformed JSON are 400 with the field named.
            var wrongType = Bodies.admission()
            wrongType["admitted_on"] = 20_260_302
            let typed = try await client.call(.post, "/api/v1/admissions", json: wrongType)
            #expect(typed.status == 400)
            #expect(typed.problemCode == "request.malformed")
            #expect(typed.errorFields == ["admitted_on"])
            var badEnum = Bodies.admission()
            var badCase = badEnum["case"] as! [String: Any]
            badCase["case_type"] = "very_complex"
            badEnum["case"] = badCase
            let enumResponse = try await client.call(.post, "/api/v1/admissions", json: badEnum)
            #expect(enumResponse.status == 400)
            #expect(enumResponse.errorFields == ["case.case_type"])
            let garbage = try await client.call(.post, "/api/v1/admissions", raw: "{\"person\": ")
            #expect(garbage.status == 400)

            // Oversized bodies are refused before they are read.
            var huge = Bodies.admission()
            huge["arrest_place"] = String(repeating: "x", count: 20_000)
            let large = try await client.call(.post, "/api/v1/admissions", json: huge)
            #expect(large.status == 413)
            #expect(large.problemCode == "request.too_large")

            // Release or move of someone not in custody or unknown.
            let unknown = try await client.call(
                .post, "/api/v1/persons/P-0000099-1/release", json: Bodies.release, headers: [.ifMatch: "\"1\""])
            #expect(unknown.status == 404 && unknown.problemCode == "not_found", "\(unknown.status)")
            let notANumber = try await client.call(
                .post, "/api/v1/persons/12345/moves", json: ["pavilion_code": "B", "moved_on": "2026-03-05", "reason": "x"],
                headers: [.ifMatch: "\"1\""])
            #expect(notANumber.status == 404)
            let nowhere = try await client.call(.get, "/api/v1/no-such-thing")
            #expect(nowhere.status == 404)
            #expect(nowhere.problemCode == "not_found")

            #expect(try await Self.rowCounts(database) == before)

            // One admission succeeds; the same person again is refused and writes nothing more.
            let ok = try await client.call(.post, "/api/v1/admissions", json: Bodies.admission())
            #expect(ok.status == 201)
            let number = try #require(ok["person_number"] as? String)
            let afterOne = try await Self.rowCounts(database)
            var again = Bodies.admission()
            again.removeValue(forKey: "person")
            again["person_number"] = number
            let second = try await client.call(.post, "/api/v1/admissions", json: again)
            #expect(second.status == 422)
            #expect(second.errorCodes == ["admission.already_in_custody"])
            let badRelease = try await client.call(
                .post, "/api/v1/persons/\(number)/release",
                json: ["released_on": "2026-03-01", "released_at": "08:00", "ground": "court_order"], headers: [.ifMatch: "\"1\""]
            )
            #expect(Set(badRelease.errorCodes) == ["release.before_admission", "release.order_required"])
            let badMove = try await client.call(
                .post, "/api/v1/persons/\(number)/moves", json: ["pavilion_code": "C", "moved_on": "2026-03-05", "reason": "x"],
                headers: [.ifMatch: "\"1\""])
            #expect(badMove.errorCodes == ["placement.pavilion_status_mismatch"])
            #expect(try await Self.rowCounts(database) == afterOne)
        }
    }
}

@Suite struct AlertAPITests {
    @Test(arguments: TestDatabase.engines)
    func alertsAreListedFilteredAndPaged(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, _ in
            let admitted = try await client.call(.post, "/api/v1/admissions", json: Bodies.admission())
            let number = try #require(admitted["person_number"] as? String)
            let alerts = try await client.call(.get, "/api/v1/alerts?as_of=2026-12-05")
            #expect(alerts.status == 200)
            let items = alerts["items"] as? [[String: Any]] ?? []
            // The unlawful detention first (critical), then the classification never made (CL-4, medium).
            #expect(items.map { $0["kind"] as? String } == ["unlawful_detention", "classification_overdue"])
            #expect(items.last?["date"] as? String == "2026-04-01")
            #expect(items.first?["kind"] as? String == "unlawful_detention")
            #expect(items.first?["severity"] as? String == "critical")
            #expect(items.first?["person_number"] as? String == number)
            #expect(items.first?["date"] as? String == "2026-11-30")
            #expect(items.first?["days"] as? Int == -5)
            let counts = alerts["counts"] as? [[String: Any]] ?? []
            #expect(counts.first(where: { $0["kind"] as? String == "unlawful_detention" })?["count"] as? Int == 1)
            let none = try await client.call(.get, "/api/v1/alerts?as_of=2026-12-05&severity=high")
            #expect((none["items"] as? [Any])?.isEmpty == true)
            let soon = try await client.call(.get, "/api/v1/alerts?as_of=2026-11-25&establishment=ep-norte")
            #expect((soon["items"] as? [[String: Any]])?.first?["kind"] as? String == "pretrial_ends_7d")
            let unknown = try await client.call(.get, "/api/v1/alerts?establishment=nowhere")
            #expect(unknown.status == 404)
            let badDate = try await client.call(.get, "/api/v1/alerts?as_of=2026-13-01")
            #expect(badDate.status == 422)
            #expect(badDate.errorCodes == ["date.invalid"])
            let badSeverity = try await client.call(.get, "/api/v1/alerts?severity=apocalyptic")
            #expect(badSeverity.status == 400)
        }
    }
}

@Suite struct LegalRecordAPITests {
    @Test(arguments: TestDatabase.engines)
    func suspensionsAndRedemptionThroughTheAPI(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, _ in
            let admitted = try await client.call(.post, "/api/v1/admissions", json: Bodies.admission())
            let number = try #require(admitted["person_number"] as? String)
            let suspension: [String: Any] = ["from": "2026-03-05", "to": "2026-03-14", "resolution": "Resolución N.º 5"]
            let noVersion = try await client.call(.post, "/api/v1/persons/\(number)/suspensions", json: suspension)
            #expect(noVersion.status == 428)
            let recorded = try await client.call(
                .post, "/api/v1/persons/\(number)/suspensions", json: suspension, headers: [.ifMatch: "\"1\""])
            #expect(recorded.status == 200)
            #expect(recorded.headers[.eTag] == "\"2\"")
            #expect((recorded["suspensions"] as? [[String: Any]])?.first?["to"] as? String == "2026-03-14")
            // The clock moved: the term now ends on 2026-12-10, so on 2026-12-05 it is 5 days from its end.
            let alerts = try await client.call(.get, "/api/v1/alerts?as_of=2026-12-05")
            #expect((alerts["items"] as? [[String: Any]])?.first?["kind"] as? String == "pretrial_ends_7d")
            let work: [String: Any] = [
                "activity": "work", "from": "2026-03-02", "to": "2026-03-03", "days": 9, "certified_by": "Área de Trabajo",
            ]
            let bad = try await client.call(
                .post, "/api/v1/persons/\(number)/redemption", json: work, headers: [.ifMatch: "\"2\""])
            #expect(bad.status == 422)
            #expect(bad.errorCodes == ["redemption.days_out_of_range"])
            let badDate = try await client.call(
                .post, "/api/v1/persons/\(number)/redemption", json: work.merging(["to": "2026-02-31"]) { $1 },
                headers: [.ifMatch: "\"2\""])
            #expect(badDate.errorCodes == ["date.invalid"])
            let ok = try await client.call(
                .post, "/api/v1/persons/\(number)/redemption", json: work.merging(["days": 2]) { $1 },
                headers: [.ifMatch: "\"2\""])
            #expect(ok.status == 200)
            #expect((ok["redemption"] as? [[String: Any]])?.first?["days"] as? Int == 2)
        }
    }
}

@Suite struct PersonClockAPITests {
    @Test(arguments: TestDatabase.engines)
    func theClockOfAPersonShowsItsWork(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, _ in
            let admitted = try await client.call(.post, "/api/v1/admissions", json: Bodies.admission())
            let number = try #require(admitted["person_number"] as? String)
            let clock = try await client.call(.get, "/api/v1/persons/\(number)/clock?as_of=2026-12-05")
            #expect(clock.status == 200)
            #expect(clock["status"] as? String == "pretrial")
            let pretrial = clock["pretrial"] as? [String: Any]
            #expect(pretrial?["term_ends_on"] as? String == "2026-11-30")
            #expect(pretrial?["days_left"] as? Int == -5)
            let rules = (clock["rules"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(rules.contains("PP-2") && rules.contains("PP-6") && rules.contains("R-CAL-3"))
            #expect((clock["rules"] as? [[String: Any]])?.allSatisfy { ($0["citation"] as? String)?.isEmpty == false } == true)
            let unknown = try await client.call(.get, "/api/v1/persons/P-0000099-1/clock")
            #expect(unknown.status == 404)
            let badDate = try await client.call(.get, "/api/v1/persons/\(number)/clock?as_of=2026-02-30")
            #expect(badDate.status == 422)
            _ = try await client.call(
                .post, "/api/v1/persons/\(number)/release", json: Bodies.release, headers: [.ifMatch: "\"1\""])
            let released = try await client.call(.get, "/api/v1/persons/\(number)/clock")
            #expect(released.status == 404)
        }
    }
}

/// Recidivism declared by the sentence (issue 9, point 4): recorded with the order, shown in the file and applied
/// by the person's clock; only a sentence may declare it.
@Suite struct RecidivismAPITests {
    static func sentenced(recidivism: String?, dni: String) -> [String: Any] {
        var body = Bodies.admission(dni: dni, pavilion: "C")
        var order: [String: Any] = [
            "kind": "sentence", "issuing_court": "Juzgado Penal Colegiado de Lima", "issued_on": "2026-03-02",
            "reference": "Sentencia, Resolución N.º 14", "starts_on": "2026-03-01", "sentence_years": 12,
        ]
        if let recidivism { order["recidivism"] = recidivism }
        body["order"] = order
        return body
    }

    @Test(arguments: TestDatabase.engines)
    func aSentenceDeclaringRecidivismExcludesTheBenefitsOfTheListedCrimes(_ engine: TestDatabase.Engine) async throws {
        try await withAPI(engine) { client, database in
            let declared = try await client.call(
                .post, "/api/v1/admissions", json: Self.sentenced(recidivism: "recidivist", dni: "41234567"))
            #expect(declared.status == 201)
            #expect((declared["orders"] as? [[String: Any]])?.first?["recidivism"] as? String == "recidivist")
            let number = try #require(declared["person_number"] as? String)
            let clock = try await client.call(.get, "/api/v1/persons/\(number)/clock?as_of=2026-06-01")
            #expect(clock["status"] as? String == "sentenced")
            let sentence = clock["sentence"] as? [String: Any]
            // Robo agravado (189) is in the CP arts. 46-B/46-C list: no semilibertad, no liberación condicional.
            #expect((sentence?["semiliberty"] as? [String: Any])?["excluded_by"] as? String == "BF-3")
            #expect((sentence?["conditional_release"] as? [String: Any])?["excluded_by"] as? String == "BF-3")
            let details = (clock["rules"] as? [[String: Any]] ?? []).compactMap { $0["detail"] as? String }
            #expect(details.contains { $0.contains("Reincidente (CP art. 46-B) declarado por Sentencia, Resolución N.º 14") })

            let plain = try await client.call(.post, "/api/v1/admissions", json: Self.sentenced(recidivism: nil, dni: "41234568"))
            let other = try #require(plain["person_number"] as? String)
            let open = try await client.call(.get, "/api/v1/persons/\(other)/clock?as_of=2026-06-01")
            #expect(((open["sentence"] as? [String: Any])?["semiliberty"] as? [String: Any])?["eligible_from"] is String)

            // Only a sentence declares it: refused with the field, nothing written.
            let before = try await APITests.rowCounts(database)
            var pretrial = Bodies.admission(dni: "41234569")
            var order = pretrial["order"] as! [String: Any]
            order["recidivism"] = "habitual"
            pretrial["order"] = order
            let refused = try await client.call(.post, "/api/v1/admissions", json: pretrial)
            #expect(refused.status == 422)
            #expect(refused.errorCodes == ["order.recidivism_not_sentence"])
            #expect(refused.errorFields == ["order.recidivism"])
            #expect(try await APITests.rowCounts(database) == before)
        }
    }
}
