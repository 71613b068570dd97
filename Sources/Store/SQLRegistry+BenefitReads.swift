import CustodiaCore
import Foundation
import LegalClock
import SQLKit

/// Reading benefit files, and who is eligible for one (issue 26).
extension SQLRegistry {
    static let benefitFileSelect = """
        SELECT bf.id, bf.person_id, e.code AS establishment_code, bf.benefit, bf.eligible_from, bf.terms_version,
          bf.opened_on, bf.requested_on, bf.requested_by, bf.court, bf.completed_on, bf.sent_on, bf.acknowledged_on,
          bf.hearing_on, bf.decided_on, bf.granted_on, bf.grounds, bf.may_request_again_on, bf.appealed_on, bf.appealed_by,
          bf.released_on, bf.revoked_on, bf.state, bf.version
        FROM benefit_files bf JOIN establishments e ON e.id = bf.establishment_id
        """

    public func benefitFile(_ id: BenefitFile.ID) async throws -> BenefitFile? {
        try await database.read { sql in try await Self.benefitFiles(sql, where: "bf.id = $1", [id.rawValue]).first }
    }

    public func benefitFiles(person: Person.ID) async throws -> [BenefitFile] {
        try await database.read { sql in
            try await Self.benefitFiles(sql, where: "bf.person_id = $1", [person.rawValue]).sorted { $0.id > $1.id }
        }
    }

    /// Files matching a condition, with their documents and history unless `details` is false (the board and the
    /// alerts read the state and the dates only).
    static func benefitFiles(
        _ sql: any SQLDatabase, where condition: String, _ binds: [any Encodable & Sendable], details: Bool = true
    ) async throws -> [BenefitFile] {
        var files = try await sql.execute("\(benefitFileSelect) WHERE \(condition)", binds).map(decodeBenefitFile)
        guard !files.isEmpty, details else { return files }
        let ids = files.map(\.id.rawValue)
        let list = Placeholders.list(ids.count)
        var documents: [Int64: [BenefitFile.DocumentRecord]] = [:]
        for row in try await sql.execute(
            """
            SELECT file_id, document, state, issued_on, issuer, reference, recorded_by, recorded_at FROM benefit_documents
            WHERE file_id IN (\(list))
            """, ids)
        {
            documents[try row.int64("file_id"), default: []].append(
                BenefitFile.DocumentRecord(
                    document: try row.enumValue("document", as: BenefitFile.Document.self),
                    state: try row.enumValue("state", as: BenefitFile.DocumentRecord.State.self),
                    issuedOn: try row.optionalDate("issued_on"), issuer: try row.optionalString("issuer"),
                    reference: try row.optionalString("reference"), recordedBy: try row.optionalString("recorded_by"),
                    recordedAt: Instant.parse(try row.string("recorded_at"))))
        }
        var history: [Int64: [BenefitFile.Change]] = [:]
        for row in try await sql.execute(
            "SELECT file_id, step, state, on_day, at, by_name, note, recorded_on FROM benefit_file_steps WHERE file_id IN (\(list)) ORDER BY id",
            ids)
        {
            guard let at = Instant.parse(try row.string("at")) else { throw StoreError.corrupt("benefit step instant") }
            history[try row.int64("file_id"), default: []].append(
                BenefitFile.Change(
                    step: try row.string("step"), state: try row.enumValue("state", as: BenefitFile.State.self),
                    on: try row.date("on_day"), at: at, by: try row.string("by_name"), note: try row.optionalString("note"),
                    recordedOn: try row.optionalDate("recorded_on")))
        }
        for index in files.indices {
            let order = BenefitFile.Document.allCases
            files[index].documents = (documents[files[index].id.rawValue] ?? []).sorted {
                order.firstIndex(of: $0.document)! < order.firstIndex(of: $1.document)!
            }
            files[index].history = history[files[index].id.rawValue] ?? []
        }
        return files
    }

    static func decodeBenefitFile(_ row: any SQLRow) throws -> BenefitFile {
        var file = BenefitFile(
            id: .init(rawValue: try row.int64("id")), personID: .init(rawValue: try row.int64("person_id")),
            establishmentCode: try row.string("establishment_code"),
            benefit: try row.enumValue("benefit", as: BenefitFile.Benefit.self), eligibleFrom: try row.date("eligible_from"),
            termsVersion: try row.string("terms_version"), openedOn: try row.date("opened_on"),
            state: try row.enumValue("state", as: BenefitFile.State.self), version: try row.int("version"), documents: [],
            history: [])
        file.requestedOn = try row.optionalDate("requested_on")
        file.requestedBy = try row.optionalString("requested_by")
        file.court = try row.optionalString("court")
        file.completedOn = try row.optionalDate("completed_on")
        file.sentOn = try row.optionalDate("sent_on")
        file.acknowledgedOn = try row.optionalDate("acknowledged_on")
        file.hearingOn = try row.optionalDate("hearing_on")
        file.decidedOn = try row.optionalDate("decided_on")
        file.grantedOn = try row.optionalDate("granted_on")
        file.grounds = try row.optionalString("grounds")
        file.mayRequestAgainOn = try row.optionalDate("may_request_again_on")
        file.appealedOn = try row.optionalDate("appealed_on")
        file.appealedBy = try row.optionalString("appealed_by")
        file.releasedOn = try row.optionalDate("released_on")
        file.revokedOn = try row.optionalDate("revoked_on")
        return file
    }

    /// Everyone in custody sentenced and eligible (or within the lead days) on `asOf`, with their running file (or their
    /// last denied one), late first: an open file's own term, or for a person without one the term a file opened on the first day would
    /// have had.
    public func benefitCandidates(establishmentCodes: Set<String>?, asOf: CivilDate) async throws -> [BenefitCandidate] {
        let terms = rules.benefitTerms.terms(on: asOf)
        let horizon = asOf.adding(days: terms.value(.leadDays)).description
        var binds: [any Encodable & Sendable] = [horizon, horizon]
        let filter = Placeholders.establishments(establishmentCodes, after: &binds)
        let (query, condition) = (binds, filter)
        return try await database.read { sql in
            let rows = try await sql.execute(
                """
                SELECT p.id, p.given_names, p.paternal_surname, p.maternal_surname, e.code, lc.semiliberty_from,
                  lc.conditional_release_from
                FROM legal_clocks lc JOIN persons p ON p.id = lc.person_id JOIN establishments e ON e.id = lc.establishment_id
                WHERE lc.status = 'sentenced' AND (lc.semiliberty_from <= $1 OR lc.conditional_release_from <= $2)\(condition)
                """, query)
            let files = try await Self.benefitFiles(
                sql,
                where: """
                    bf.state NOT IN ('released','revoked') AND bf.person_id IN (SELECT lc.person_id FROM legal_clocks lc
                      JOIN establishments e ON e.id = lc.establishment_id WHERE lc.status = 'sentenced'
                      AND (lc.semiliberty_from <= $1 OR lc.conditional_release_from <= $2)\(condition))
                    """, query, details: false)
            // The open file; without one, the last denied (the board says when the person may ask again).
            let open = Dictionary(files.map { ($0.personID, $0) }) { a, b in
                a.state.isOpen != b.state.isOpen ? (a.state.isOpen ? a : b) : (a.id > b.id ? a : b)
            }
            return try rows.map { row in
                let person = Person.ID(rawValue: try row.int64("id"))
                let semiliberty = try row.optionalDate("semiliberty_from")
                let conditional = try row.optionalDate("conditional_release_from")
                let file = open[person]
                let benefit: BenefitFile.Benefit =
                    file?.benefit
                    ?? ((semiliberty.map { $0 <= asOf.adding(days: terms.value(.leadDays)) } ?? false)
                        ? .semiliberty : .conditionalRelease)
                let eligibleFrom = file?.eligibleFrom ?? (benefit == .semiliberty ? semiliberty : conditional) ?? asOf
                return BenefitCandidate(
                    personID: person,
                    name: PersonName(
                        givenNames: try row.string("given_names"), paternalSurname: try row.string("paternal_surname"),
                        maternalSurname: try row.string("maternal_surname")),
                    establishmentCode: try row.string("code"), benefit: benefit, eligibleFrom: eligibleFrom, file: file)
            }
        }
    }
}
