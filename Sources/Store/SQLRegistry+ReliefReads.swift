import CustodiaCore
import SQLKit

extension SQLRegistry {
    /// Everyone with a stored clock (everyone in custody) in the establishments, with a case in one of the districts
    /// when given: three reads (the clocks, the cases' charges, the sentences), joined here by person.
    public func reliefSubjects(establishmentCodes: Set<String>?, districts: Set<String>?) async throws -> [ReliefSubject] {
        var binds: [any Encodable & Sendable] = []
        var filter = Placeholders.establishments(establishmentCodes, after: &binds)
        if let names = districts?.sorted() {
            filter += """
                 AND lc.person_id IN (SELECT person_id FROM legal_cases WHERE judicial_district IN \
                (\(names.isEmpty ? "NULL" : Placeholders.list(names.count, from: binds.count + 1))))
                """
            binds += names as [any Encodable & Sendable]
        }
        let within = """
            SELECT lc.person_id FROM legal_clocks lc JOIN establishments e ON e.id = lc.establishment_id WHERE 1 = 1\(filter)
            """
        let (query, condition) = (binds, filter)
        return try await database.read { sql in
            let clocks = try await sql.execute(
                """
                SELECT p.id, p.given_names, p.paternal_surname, p.maternal_surname, p.nationality, p.birth_date, e.code,
                  lc.status, lc.pretrial_ends_on, lc.sentence_ends_on
                FROM legal_clocks lc JOIN persons p ON p.id = lc.person_id JOIN establishments e ON e.id = lc.establishment_id
                WHERE 1 = 1\(condition) ORDER BY p.id
                """, query)
            var articles: [Int64: Set<String>] = [:]
            var districtsOf: [Int64: Set<String>] = [:]
            for row in try await sql.execute(
                """
                SELECT lcase.person_id, lcase.judicial_district, c.article FROM legal_cases lcase
                  LEFT JOIN charges c ON c.case_id = lcase.id WHERE lcase.person_id IN (\(within))
                """, query)
            {
                let person = try row.int64("person_id")
                districtsOf[person, default: []].insert(try row.string("judicial_district"))
                if let article = try row.optionalString("article") { articles[person, default: []].insert(article) }
            }
            var sentences: [Int64: (months: Int, life: Bool, recidivist: Bool)] = [:]
            for row in try await sql.execute(
                """
                SELECT person_id, sentence_years, sentence_months, sentence_days, life_sentence, recidivism FROM court_orders
                  WHERE kind = 'sentence' AND person_id IN (\(within))
                """, query)
            {
                let person = try row.int64("person_id")
                let days = try row.optionalInt("sentence_days") ?? 0
                let months =
                    (try row.optionalInt("sentence_years") ?? 0) * 12 + (try row.optionalInt("sentence_months") ?? 0)
                    + (days + 29) / 30
                let previous = sentences[person] ?? (0, false, false)
                let life = try row.int("life_sentence") != 0
                let recidivist = try row.optionalString("recidivism") != nil
                sentences[person] = (max(previous.months, months), previous.life || life, previous.recidivist || recidivist)
            }
            return try clocks.map { row in
                let id = try row.int64("id")
                let sentence = sentences[id]
                return ReliefSubject(
                    personID: Person.ID(rawValue: id),
                    name: PersonName(
                        givenNames: try row.string("given_names"), paternalSurname: try row.string("paternal_surname"),
                        maternalSurname: try row.string("maternal_surname")),
                    establishmentCode: try row.string("code"),
                    status: try row.enumValue("status", as: StoredClock.Status.self),
                    pretrialEndsOn: try row.optionalDate("pretrial_ends_on"),
                    sentenceEndsOn: try row.optionalDate("sentence_ends_on"),
                    articles: (articles[id] ?? []).sorted(), sentenceMonths: sentence?.months,
                    lifeSentence: sentence?.life ?? false, recidivist: sentence?.recidivist ?? false,
                    nationality: try row.string("nationality"), birthDate: try row.optionalDate("birth_date"),
                    districts: (districtsOf[id] ?? []).sorted())
            }
        }
    }
}
