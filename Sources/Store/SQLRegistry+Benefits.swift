import CustodiaCore
import Foundation
import LegalClock
import SQLKit

/// Benefit files (issue 26; ADR 0026): opened for a person the stored clock makes eligible, moved by steps the pure
/// rules check first (`BenefitFileRules`), each step written with its history row, its event and its audit row in one
/// transaction, the file's row locked and its version checked.
extension SQLRegistry {
    public func openBenefitFile(
        person: Person.ID, benefit: BenefitFile.Benefit, within scope: Set<String>?, asOf: CivilDate, actor: Actor
    ) async throws -> ChangeOutcome<BenefitFile> {
        let terms = rules.benefitTerms.terms(on: asOf)
        do {
            let id = try await database.transaction { sql -> BenefitFile.ID in
                guard
                    let row = try await sql.execute(
                        """
                        SELECT e.id AS e_id, e.code AS e_code, lc.status, lc.semiliberty_from, lc.conditional_release_from
                        FROM custody_episodes ce JOIN establishments e ON e.id = ce.establishment_id
                        LEFT JOIN legal_clocks lc ON lc.person_id = ce.person_id
                        WHERE ce.person_id = $1 AND ce.released_on IS NULL
                        """, [person.rawValue]
                    ).first,
                    scope.map({ $0.contains((try? row.string("e_code")) ?? "") }) ?? true
                else { throw Refusal(outcome: .notFound) }
                let sentenced = try row.optionalString("status") == "sentenced"
                let column = benefit == .semiliberty ? "semiliberty_from" : "conditional_release_from"
                let eligibleFrom = sentenced ? try row.optionalDate(column) : nil
                // The last denial of this benefit says when the person may ask again (BP-15).
                let again = try await sql.execute(
                    """
                    SELECT may_request_again_on FROM benefit_files WHERE person_id = $1 AND benefit = $2 AND state = 'denied'
                    ORDER BY id DESC LIMIT 1
                    """, [person.rawValue, benefit.rawValue]
                ).first?.optionalDate("may_request_again_on")
                let refusals = BenefitFileRules.openingRefusals(
                    eligibleFrom: eligibleFrom, terms: terms, asOf: asOf, mayRequestAgainOn: again)
                guard let eligibleFrom, refusals.isEmpty else { throw Refusal(outcome: .rejected(refusals)) }
                let open = try await sql.execute(
                    "SELECT id FROM benefit_files WHERE person_id = $1 AND benefit = $2 AND state NOT IN ('denied','released','revoked')",
                    [person.rawValue, benefit.rawValue])
                guard open.isEmpty else {
                    throw Refusal(outcome: .rejected([ValidationMessage(.benefitFileExists, field: "benefit")]))
                }
                let establishment = try row.int64("e_id")
                let id = try await sql.insertReturningID(
                    "benefit_files",
                    [
                        "person_id", "establishment_id", "benefit", "eligible_from", "terms_version", "opened_on", "state",
                        "version",
                    ],
                    [
                        person.rawValue, establishment, benefit.rawValue, eligibleFrom.description, terms.version,
                        asOf.description,
                        BenefitFile.State.assembling.rawValue, 1,
                    ] as [any Encodable & Sendable])
                try await benefitStep(
                    sql, fileID: id, step: "opened", state: .assembling, on: asOf, recordedOn: asOf, note: benefit.rawValue,
                    person: person,
                    establishment: establishment, event: nil, actor: actor)
                return BenefitFile.ID(rawValue: id)
            }
            guard let file = try await benefitFile(id) else { return .notFound }
            return .done(file)
        } catch let refusal as Refusal {
            return refusal.answer()
        } catch  where DatabaseFailure.isUniqueViolation(error) {
            // Two openings at once: the unique index of open files let one through.
            return .rejected([ValidationMessage(.benefitFileExists, field: "benefit")])
        }
    }

    public func stepBenefitFile(
        _ id: BenefitFile.ID, step: BenefitStep, expectedVersion: Int?, within scope: Set<String>?, asOf: CivilDate,
        actor: Actor
    ) async throws -> ChangeOutcome<BenefitFile> {
        guard let found = try await benefitFile(id) else { return .notFound }
        if let scope, !scope.contains(found.establishmentCode) { return .notFound }
        if let expectedVersion, expectedVersion != found.version { return .versionConflict(current: found.version) }
        do {
            try await database.transaction { sql in try await applyBenefitStep(sql, found, step, asOf: asOf, actor: actor) }
        } catch let refusal as Refusal {
            return refusal.answer()
        }
        guard let file = try await benefitFile(id) else { return .notFound }
        return .done(file)
    }

    /// A step on a file inside the caller's transaction: the rules first (a refusal throws and writes nothing), the
    /// row locked and its version checked, then the row, the document, the history row, the event and the audit row.
    func applyBenefitStep(_ sql: any SQLDatabase, _ found: BenefitFile, _ step: BenefitStep, asOf: CivilDate, actor: Actor)
        async throws
    {
        let id = found.id
        let refusals = BenefitFileRules.refusals(step, on: found, asOf: asOf)
        guard refusals.isEmpty else { throw Refusal(outcome: .rejected(refusals)) }
        let terms = rules.benefitTerms.terms(version: found.termsVersion) ?? rules.benefitTerms.terms(on: found.openedOn)
        let instant = now()
        let next = BenefitFileRules.applying(step, to: found, by: actor.user, at: instant, today: asOf, terms: terms)
        guard
            let row = try await sql.execute(
                "SELECT version, establishment_id FROM benefit_files WHERE id = $1\(lockClause)", [id.rawValue]
            ).first
        else { throw Refusal(outcome: .notFound) }
        let version = try row.int("version")
        if version != found.version { throw Refusal(outcome: .conflict(version)) }
        try await writeBenefitFile(sql, next)
        switch step {
        case .document(let document, _, _, _), .notApplicable(let document, _):
            guard let record = next.record(document) else { throw StoreError.corrupt("document not applied") }
            try await sql.execute(
                "DELETE FROM benefit_documents WHERE file_id = $1 AND document = $2", [id.rawValue, document.rawValue])
            try await sql.insertRows(
                "benefit_documents",
                ["file_id", "document", "state", "issued_on", "issuer", "reference", "recorded_by", "recorded_at"],
                [
                    [
                        id.rawValue, document.rawValue, record.state.rawValue, record.issuedOn?.description, record.issuer,
                        record.reference, actor.user, Instant.iso(instant),
                    ]
                ])
        default: break
        }
        let change = next.history.last!
        let package: [DomainEvent.PackagedDocument]? =
            if case .send = step {
                next.documents.map {
                    DomainEvent.PackagedDocument(
                        document: $0.document.rawValue, state: $0.state.rawValue, issuedOn: $0.issuedOn, issuer: $0.issuer,
                        reference: $0.reference)
                }
            } else { nil }
        let establishment = try row.int64("establishment_id")
        try await benefitStep(
            sql, fileID: id.rawValue, step: change.step, state: change.state, on: change.on, recordedOn: asOf,
            note: change.note,
            person: found.personID, establishment: establishment, event: package, actor: actor, court: next.court)
        if next.state == .complete, found.state == .assembling {
            try await benefitStep(
                sql, fileID: id.rawValue, step: "completed", state: .complete, on: asOf, recordedOn: asOf, note: nil,
                person: found.personID,
                establishment: establishment, event: nil, actor: actor, court: next.court)
        }
    }

    /// A court's release order by benefit naming a file (issue 26 point 3): its receipt records the grant on the file, in
    /// the receipt's transaction; the order itself is the release order with its clock (release the same day). A file
    /// of another person, or one not sent or already decided, refuses the order.
    func benefitByOrder(
        _ sql: any SQLDatabase, _ orderID: InboundOrder.ID, _ content: InboundOrderContent, person: Person.ID,
        asOf: CivilDate, actor: Actor
    ) async throws {
        guard let id = content.benefitFileID else { return }
        guard let file = try await Self.benefitFiles(sql, where: "bf.id = $1", [id.rawValue]).first, file.personID == person
        else {
            throw Refusal(outcome: .rejected([ValidationMessage(.benefitWrongState, field: "benefit_file_id", detail: "?")]))
        }
        // A release by benefit grants the file; a decision takes its own step, and the order is done with it.
        let step = content.benefitStep ?? .grant(on: content.issuedOn)
        let refusals = BenefitFileRules.refusals(step, on: file, asOf: asOf)
        guard refusals.isEmpty else {
            throw Refusal(outcome: .rejected(refusals.map { $0.at("benefit_file_id") }))
        }
        try await applyBenefitStep(sql, file, step, asOf: asOf, actor: actor)
        guard content.benefitStep != nil else { return }
        try await sql.execute(
            "UPDATE inbound_orders SET state = 'executed', version = version + 1 WHERE id = $1", [orderID.rawValue])
        try await orderStep(
            sql, orderID, state: .executed, action: "executed", note: "expediente de beneficio \(id.rawValue)", actor: actor)
    }

    /// The release of a person executes the benefit granted to them (issue 26 point 3): each granted file (appealed or
    /// not, BP-7) moves to released in the release's transaction. A release the rules would refuse for the file (a day
    /// before the grant) leaves the file as it was: the person's release is the legal act, never blocked by it.
    func releaseBenefitFiles(_ sql: any SQLDatabase, person: Person.ID, on day: CivilDate, asOf: CivilDate, actor: Actor)
        async throws
    {
        let granted = try await Self.benefitFiles(
            sql, where: "bf.person_id = $1 AND bf.granted_on IS NOT NULL AND bf.state IN ('granted','appealed')",
            [person.rawValue])
        for file in granted where BenefitFileRules.refusals(.release(on: day), on: file, asOf: asOf).isEmpty {
            try await applyBenefitStep(sql, file, .release(on: day), asOf: asOf, actor: actor)
        }
    }

    /// Writes every column a step may change, and the version.
    private func writeBenefitFile(_ sql: any SQLDatabase, _ file: BenefitFile) async throws {
        let dates: [CivilDate?] = [
            file.requestedOn, file.completedOn, file.sentOn, file.acknowledgedOn, file.hearingOn, file.decidedOn, file.grantedOn,
            file.mayRequestAgainOn, file.appealedOn, file.releasedOn, file.revokedOn,
        ]
        try await sql.execute(
            """
            UPDATE benefit_files SET requested_on = $1, completed_on = $2, sent_on = $3, acknowledged_on = $4, hearing_on = $5,
              decided_on = $6, granted_on = $7, may_request_again_on = $8, appealed_on = $9, released_on = $10, revoked_on = $11,
              requested_by = $12, court = $13, grounds = $14, appealed_by = $15, state = $16, version = $17
            WHERE id = $18
            """,
            dates.map { $0?.description } as [any Encodable & Sendable]
                + [
                    file.requestedBy, file.court, file.grounds, file.appealedBy, file.state.rawValue, file.version,
                    file.id.rawValue,
                ] as [any Encodable & Sendable])
    }

    /// The step's history row, its event and its audit row.
    private func benefitStep(
        _ sql: any SQLDatabase, fileID: Int64, step: String, state: BenefitFile.State, on day: CivilDate,
        recordedOn: CivilDate, note: String?,
        person: Person.ID, establishment: Int64, event package: [DomainEvent.PackagedDocument]?, actor: Actor,
        court: String? = nil
    ) async throws {
        let instant = now()
        try await sql.insertRows(
            "benefit_file_steps", ["file_id", "step", "state", "on_day", "at", "by_name", "note", "recorded_on"],
            [[fileID, step, state.rawValue, day.description, Instant.iso(instant), actor.user, note, recordedOn.description]])
        guard
            let row = try await sql.execute(
                "SELECT bf.benefit, e.code FROM benefit_files bf JOIN establishments e ON e.id = bf.establishment_id WHERE bf.id = $1",
                [fileID]
            ).first
        else { throw StoreError.corrupt("benefit file vanished") }
        let code = try row.string("code")
        try await EventLog.append(
            .benefitFileChanged(
                .init(
                    fileID: fileID, benefit: try row.string("benefit"), step: step, state: state.rawValue, on: day,
                    establishmentCode: code, court: court, note: note, documents: package)),
            at: instant, actor: actor.user, person: person, establishment: Establishment.ID(rawValue: establishment), on: sql)
        guard auditTrail else { return }
        try await AuditChain.append(
            NewAuditRecord(
                actor: actor, resource: "benefit file \(fileID)", personNumber: PersonNumber(id: person).description,
                establishmentCode: code, outcome: "ok \(step)"),
            at: instant, on: sql, engine: database.engine)
    }
}
