import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import Testing

/// The month's open data through the API (issue 15 point 3), both engines: nothing that names a person in any file or
/// the JSON, counts below the operator's threshold withheld (the caller cannot lower it), the dictionary, one file as
/// CSV with the same bytes twice, bad months refused at `month`.
@Suite struct OpenDataAPITests {
    static let persons = [
        ("43111111", Sex.male, "Aurelio"), ("43222222", .male, "Benigno"), ("43333333", .male, "Ciriaco"),
        ("43444444", .male, "Dionisio"), ("43555555", .male, "Eleuterio"), ("43666666", .male, "Fulgencio"),
        ("43777777", .female, "Gumersinda"),
    ]

    static func admitAll(_ services: Services) async throws -> [String] {
        var numbers: [String] = []
        for (index, (dni, sex, given)) in persons.enumerated() {
            var request = Fixtures.admission(subject: .new(Fixtures.newPerson(dni: dni, sex: sex, given: given)))
            if sex == .female { request.establishmentCode = "ep-mujeres" }
            request.legalCase.number = CaseNumber("00\(400 + index)-2026-1-0701-JR-PE-02")!
            guard case .done(let admitted) = try await services.registry.admit(request, asOf: Fixtures.asOf, actor: "t")
            else { throw CancellationError() }
            numbers.append(PersonNumber(id: admitted.person.id).description)
        }
        return numbers
    }

    @Test(arguments: TestDatabase.engines)
    func publishedWithoutIdentifiersAndSmallCountsWithheld(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            let numbers = try await Self.admitAll(services)
            let user = try await AccessFixtures.user(
                "nacional", roles: [.nationalAnalyst], scope: .nation, in: services.directory)
            let session: StaffSession = try await client.signIn(user, clock: clock)
            let march = try await client.call(.get, "/api/v1/reports/open-data?month=2026-03", headers: session.headers)
            #expect(march.status == 200 && march["cutoff"] as? String == Fixtures.asOf.description)
            #expect(march["minimum_cell"] as? Int == 5)
            let files = try #require(march["files"] as? [[String: Any]])
            #expect(files.compactMap { $0["name"] as? String }.contains("poblacion_penal_2026-03.csv"))
            // Six procesados men in ep-norte are published; the one woman in ep-mujeres is withheld, and so is her
            // establishment's population.
            let population = try #require(files.first { $0["table"] as? String == "poblacion_penal" })
            let rows = try #require(population["rows"] as? [[String]])
            #expect(
                rows.contains { $0[3] == "ep-norte" && $0[5] == "H" && $0[6] == "procesado" && $0[7] == "6" && $0[8] == "NO" })
            #expect(rows.contains { $0[3] == "ep-mujeres" && $0[5] == "M" && $0[7] == "" && $0[8] == "SI" })
            let occupancy = try #require(files.first { $0["table"] as? String == "capacidad_ocupacion" })
            #expect(
                (occupancy["rows"] as? [[String]])?.contains { $0[3] == "ep-mujeres" && $0[6] == "" && $0[9] == "SI" } == true)
            #expect((march["withheld"] as? Int ?? 0) > 0)
            let dictionary = try #require(march["dictionary"] as? [[String: Any]])
            #expect(dictionary.contains { $0["file"] as? String == "poblacion_penal" && $0["field"] as? String == "cantidad" })

            // Every file as CSV and the JSON: no name, document number or person number of anyone held.
            var published = march.text
            let csv = session.headers.merging([.accept: "text/csv"])
            for file in ["poblacion_penal", "capacidad_ocupacion", "poblacion_edad", "poblacion_extranjera", "ingresos_egresos"] {
                let answer = try await client.call(.get, "/api/v1/reports/open-data?month=2026-03&file=\(file)", headers: csv)
                #expect(answer.status == 200 && answer.headers[.contentType]?.hasPrefix("text/csv") == true)
                let again = try await client.call(.get, "/api/v1/reports/open-data?month=2026-03&file=\(file)", headers: csv)
                #expect(again.text == answer.text)
                published += answer.text
            }
            for (dni, _, given) in Self.persons { #expect(!published.contains(dni) && !published.contains(given)) }
            for number in numbers { #expect(!published.contains(number)) }
            #expect(!published.contains("Ñahui") && !published.contains("1990-05-04"))
            let dictionaryCSV = try await client.call(
                .get, "/api/v1/reports/open-data?month=2026-03&file=diccionario_datos", headers: csv)
            #expect(dictionaryCSV.text.hasPrefix("archivo,campo,tipo,descripcion_es,descripcion_en,valores\r\n"))

            // Bad months: in the future, not a month, not a date at all.
            for month in ["2026-04", "2026-13", "2026-3x", "marzo-26"] {
                let bad = try await client.call(.get, "/api/v1/reports/open-data?month=\(month)", headers: session.headers)
                #expect(bad.status == 422 && bad.errorFields == ["month"], "\(month)")
            }
        }
    }

    /// The operator's threshold (`CUSTODIA_OPEN_DATA_MIN_CELL`) decides: at 1, every count is published.
    @Test func theOperatorsThresholdDecides() async throws {
        try await withApplication(.sqlite, openDataMinimumCell: 1) { client, services, clock in
            _ = try await Self.admitAll(services)
            let user = try await AccessFixtures.user(
                "nacional", roles: [.nationalAnalyst], scope: .nation, in: services.directory)
            let session: StaffSession = try await client.signIn(user, clock: clock)
            let march = try await client.call(
                .get, "/api/v1/reports/open-data?month=2026-03&minimum_cell=9", headers: session.headers)
            #expect(march["minimum_cell"] as? Int == 1 && march["withheld"] as? Int == 0)
            let files = try #require(march["files"] as? [[String: Any]])
            let rows = try #require(files.first { $0["table"] as? String == "poblacion_penal" }?["rows"] as? [[String]])
            #expect(rows.contains { $0[3] == "ep-mujeres" && $0[5] == "M" && $0[7] == "1" && $0[8] == "NO" })
        }
    }
}
