import CustodiaCore
import Foundation
import LegalClock
import SQLKit

/// The terms of the benefit procedure as alerts (issue 26 point 1): a file past a term, and a person eligible without a
/// file past the term one opened ex officio would have had. A person whose file was denied is not "not started": a new
/// file starts at their request (BP-2, BP-15), and the board shows the denial with the day they may ask again.
extension SQLRegistry {
    func benefitAlerts(asOf: CivilDate, establishmentID: Int64?) async throws -> [(Alert, String)] {
        let terms = rules.benefitTerms.terms(on: asOf)
        var binds: [any Encodable & Sendable] = []
        if let establishmentID { binds.append(establishmentID) }
        let filter = establishmentID == nil ? "" : " AND bf.establishment_id = $1"
        let files = try await database.read { [binds] sql in
            try await Self.benefitFiles(
                sql, where: "bf.state IN ('assembling','complete','sent','hearing_set','granted')\(filter)", binds,
                details: false)
        }
        var alerts: [(Alert, String)] = []
        var establishments: [String: Int64] = [:]
        if !files.isEmpty {
            for row in try await database.read({ sql in try await sql.execute("SELECT id, code FROM establishments", []) }) {
                establishments[try row.string("code")] = try row.int64("id")
            }
        }
        for file in files {
            let fileTerms = rules.benefitTerms.terms(version: file.termsVersion) ?? terms
            guard let late = BenefitProcedure.late(file, terms: fileTerms, asOf: asOf),
                let establishment = establishments[file.establishmentCode]
            else { continue }
            let dates = BenefitProcedure.schedule(of: file, terms: fileTerms)
            let due: CivilDate =
                switch late {
                case .file: dates.completeBy
                case .send: dates.sendBy
                case .hearing: dates.hearingBy
                case .decision: dates.decisionBy
                case .release: file.grantedOn ?? asOf
                }
            var alert = Alert(
                kind: .benefitFileLate, personID: file.personID, establishmentID: .init(rawValue: establishment), date: due,
                days: asOf.days(until: due))
            alert.benefitFileID = file.id.rawValue
            alert.benefitLate = late.rawValue
            alerts.append((alert, file.establishmentCode))
        }
        // The latest eligibility day whose file term has passed: the term grows with the day, so step back from today.
        var latest = asOf
        while !BenefitProcedure.lateWithoutFile(eligibleFrom: latest, terms: terms, asOf: asOf) {
            latest = latest.adding(days: -1)
        }
        var query: [any Encodable & Sendable] = [latest.description, latest.description]
        if let establishmentID { query.append(establishmentID) }
        let rows = try await database.read { [query] sql in
            try await sql.execute(
                """
                SELECT lc.person_id, lc.establishment_id, e.code, lc.semiliberty_from, lc.conditional_release_from
                FROM legal_clocks lc JOIN establishments e ON e.id = lc.establishment_id
                WHERE lc.status = 'sentenced' AND (lc.semiliberty_from <= $1 OR lc.conditional_release_from <= $2)
                  AND NOT EXISTS (SELECT 1 FROM benefit_files bf WHERE bf.person_id = lc.person_id
                    AND bf.state NOT IN ('released','revoked'))\(establishmentID == nil ? "" : " AND lc.establishment_id = $3")
                """, query)
        }
        for row in rows {
            let eligible = [try row.optionalDate("semiliberty_from"), try row.optionalDate("conditional_release_from")]
                .compactMap { $0 }.filter { $0 <= latest }.min()
            guard let eligible else { continue }
            let due = BenefitProcedure.schedule(eligibleFrom: eligible, terms: terms).completeBy
            alerts.append(
                (
                    Alert(
                        kind: .benefitFileNotStarted, personID: .init(rawValue: try row.int64("person_id")),
                        establishmentID: .init(rawValue: try row.int64("establishment_id")), date: due,
                        days: asOf.days(until: due)),
                    try row.string("code")
                ))
        }
        return alerts
    }
}
