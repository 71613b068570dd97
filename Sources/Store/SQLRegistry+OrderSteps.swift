import CustodiaCore
import Foundation
import SQLKit

/// The steps on an order received electronically (issue 13 point 2) and the inbox reads. Executing an order changes
/// the person's record through the one template (`changePerson`): the release, the order recorded on the case or the
/// suspension, with the order's own step in the same transaction.
extension SQLRegistry {
    public func stepOrder(
        _ step: OrderStep, expectedVersion: Int?, within scope: Set<String>?, asOf: CivilDate, actor: Actor
    ) async throws -> ChangeOutcome<InboundOrder> {
        guard let found = try await inboundOrder(step.id) else { return .notFound }
        if let scope, !(found.establishmentCode.map(scope.contains) ?? false) { return .notFound }
        if let expectedVersion, expectedVersion != found.version { return .versionConflict(current: found.version) }
        guard InboundOrderRules.allows(step.action, in: found.state) else {
            return .rejected([ValidationMessage(.orderWrongState, field: "action", detail: found.state.rawValue)])
        }
        if step.action == .execute {
            return try await executeOrder(found, step: step, asOf: asOf, actor: actor)
        }
        do {
            try await database.transaction { sql in
                try await lockOrder(sql, found)
                switch step.action {
                case .match:
                    guard let number = step.personNumber, found.candidates.contains(number.id) else {
                        throw Refusal(outcome: .rejected([ValidationMessage(.orderNotCandidate, field: "person_number")]))
                    }
                    guard
                        let person = try await sql.execute(
                            "SELECT \(Columns.person) FROM persons p WHERE p.id = $1", [number.id.rawValue]
                        ).first.map({ try Decode.person($0) })
                    else { throw Refusal(outcome: .rejected([ValidationMessage(.personUnknown, field: "person_number")])) }
                    let resolved = try await resolve(sql, found.content, person: person, within: nil, asOf: asOf)
                    try await sql.execute(
                        """
                        UPDATE inbound_orders SET person_id = $1, case_id = $2, establishment_id = $3, legal_check = $4,
                          state = 'matched', version = version + 1 WHERE id = $5
                        """,
                        [
                            resolved.person.rawValue, resolved.caseID, resolved.establishmentID, resolved.legalCheck,
                            found.id.rawValue,
                        ] as [any Encodable & Sendable])
                    try await orderStep(sql, found.id, state: .matched, action: "matched", note: step.note, actor: actor)
                    // A court's grant or decision held for a clerk to name the person is recorded on its file once named.
                    try await benefitByOrder(sql, found.id, found.content, person: person.id, asOf: asOf, actor: actor)
                case .accept:
                    try await setState(sql, found, .accepted)
                    try await orderStep(sql, found.id, state: .accepted, action: "accepted", note: step.note, actor: actor)
                case .clear:
                    guard let check = found.legalCheck, check.isPending else {
                        throw Refusal(outcome: .rejected([ValidationMessage(.orderWrongState, field: "action")]))
                    }
                    try await sql.execute(
                        "UPDATE inbound_orders SET legal_check_by = $1, legal_check_at = $2, version = version + 1 WHERE id = $3",
                        [actor.user, Instant.iso(now()), found.id.rawValue] as [any Encodable & Sendable])
                    try await orderStep(sql, found.id, state: .accepted, action: "cleared", note: step.note, actor: actor)
                case .refuse:
                    guard let note = step.note, !note.trimmingWhitespace().isEmpty else {
                        throw Refusal(outcome: .rejected([ValidationMessage(.orderReasonRequired, field: "note")]))
                    }
                    try await setState(sql, found, .refused)
                    try await orderStep(
                        sql, found.id, state: .refused, action: "refused", note: note.trimmingWhitespace(), actor: actor)
                case .execute:
                    break
                }
            }
        } catch let refusal as Refusal {
            return refusal.answer()
        }
        guard let order = try await inboundOrder(step.id) else { return .notFound }
        return .done(order)
    }

    /// Executing: the release, the order recorded on its case (the clock recomputed), or the suspension, each a change
    /// of the person; an admission order is executed by the admission, a transfer by the transfer.
    private func executeOrder(_ order: InboundOrder, step: OrderStep, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<InboundOrder>
    {
        let content = order.content
        guard let personID = order.personID, !content.kind.admits else {
            return .rejected([ValidationMessage(.orderExecutedByAdmission, field: "action")])
        }
        if content.kind == .transfer {
            // Executed by a transfer: requested now (the placement check at the destination decides it, the order
            // linked in the same transaction), done when the person is received there.
            guard let destination = content.transferTo, let pavilion = step.pavilionCode, !pavilion.isEmpty else {
                return .rejected([ValidationMessage(.orderTermsRequired, field: "pavilion_code")])
            }
            var request = TransferRequest(
                personID: personID, toEstablishmentCode: destination, toPavilionCode: pavilion, ground: .mandatoJudicial,
                reason: "Orden judicial: \(content.court), \(content.resolution)", requestedOn: asOf)
            request.inboundOrderID = order.id
            switch try await requestTransfer(request, expectedVersion: nil, asOf: asOf, actor: actor) {
            case .done:
                guard let changed = try await inboundOrder(order.id) else { return .notFound }
                return .done(changed)
            case .rejected(let messages): return .rejected(messages)
            case .notFound: return .notFound
            case .versionConflict(let current): return .versionConflict(current: current)
            }
        }
        if order.legalCheck?.isPending == true {
            return .rejected([ValidationMessage(.orderLegalCheckPending, field: "action")])
        }
        let clock: ClockEffect = content.kind == .release ? .remove : .recompute
        let outcome = try await changePerson(personID, expectedVersion: nil, asOf: asOf, actor: actor, clock: clock) {
            sql, person, open in
            try await lockOrder(sql, order)
            let event: DomainEvent
            switch content.kind {
            case .release:
                let minute = step.at ?? referenceMinute(asOf).time
                event = try await releaseWrite(
                    sql,
                    ReleaseRequest(
                        personID: person.id, releasedOn: asOf, releasedAt: minute, ground: .courtOrder,
                        order: content.courtOrder),
                    person: person, open: open, caseID: order.caseID?.rawValue, asOf: asOf, actor: actor)
            case .suspension:
                guard let from = content.suspensionFrom, let until = content.suspensionUntil else {
                    throw StoreError.corrupt("suspension order without its days")
                }
                event = try await suspensionWrite(
                    sql,
                    SuspensionRequest(personID: person.id, fromDate: from, toDate: until, resolution: content.resolution),
                    person: person, episode: open, asOf: asOf)
            default:
                guard let terms = content.terms, let caseID = order.caseID, open != nil else {
                    throw Refusal(outcome: .rejected([ValidationMessage(.notInCustody, field: "person")]))
                }
                try await checkClock(sql, person: person.id, caseID: caseID.rawValue, content: content, terms: terms, asOf: asOf)
                guard let newOrder = content.courtOrder else { throw StoreError.corrupt("order without terms") }
                let id = try await insertOrder(sql, personID: person.id, caseID: caseID.rawValue, order: newOrder)
                try await sql.execute(
                    "UPDATE inbound_orders SET court_order_id = $1 WHERE id = $2", [id, order.id.rawValue])
                event = .orderRecorded(.init(orderID: id, kind: terms.code.rawValue, issuedOn: content.issuedOn))
            }
            try await setState(sql, order, .executed)
            try await orderStep(sql, order.id, state: .executed, action: "executed", note: step.note, actor: actor)
            return event
        }
        switch outcome {
        case .done:
            guard let executed = try await inboundOrder(order.id) else { return .notFound }
            return .done(executed)
        case .rejected(let messages): return .rejected(messages)
        case .notFound: return .notFound
        case .versionConflict(let current): return .versionConflict(current: current)
        }
    }

    /// An admission order (detention, prisión preventiva, a sentence for a person at liberty) executed by the admission
    /// that names it, in the admission's transaction: the order must still be open, of a kind that admits, and about
    /// this person when it was matched to one.
    func executeByAdmission(
        _ sql: any SQLDatabase, _ id: InboundOrder.ID, person: Person.ID, establishment: Establishment.ID, caseID: Int64,
        courtOrderID: Int64, actor: Actor
    ) async throws {
        guard let order = try await Self.inboundOrder(sql, id) else {
            throw Refusal(outcome: .rejected([ValidationMessage(.orderWrongState, field: "inbound_order_id", detail: "?")]))
        }
        let admits = order.content.kind.admits || order.content.kind == .sentence
        guard admits, order.state.isOpen, order.state != .held, order.personID.map({ $0 == person }) ?? true else {
            throw Refusal(
                outcome: .rejected([ValidationMessage(.orderWrongState, field: "inbound_order_id", detail: order.state.rawValue)])
            )
        }
        try await lockOrder(sql, order)
        try await sql.execute(
            """
            UPDATE inbound_orders SET state = 'executed', person_id = $1, establishment_id = $2, case_id = $3,
              court_order_id = $4, version = version + 1 WHERE id = $5
            """, [person.rawValue, establishment.rawValue, caseID, courtOrderID, id.rawValue] as [any Encodable & Sendable])
        try await orderStep(sql, id, state: .executed, action: "executed", note: "admission", actor: actor)
    }

    /// Locks the order's row and refuses when another step changed it since it was read.
    private func lockOrder(_ sql: any SQLDatabase, _ order: InboundOrder) async throws {
        guard
            let version = try await sql.execute(
                "SELECT version FROM inbound_orders WHERE id = $1\(lockClause)", [order.id.rawValue]
            ).first?.int("version")
        else { throw Refusal(outcome: .notFound) }
        if version != order.version { throw Refusal(outcome: .conflict(version)) }
    }

    private func setState(_ sql: any SQLDatabase, _ order: InboundOrder, _ state: InboundOrder.State) async throws {
        try await sql.execute(
            "UPDATE inbound_orders SET state = $1, version = version + 1 WHERE id = $2", [state.rawValue, order.id.rawValue])
    }

    public func inboundOrder(_ id: InboundOrder.ID) async throws -> InboundOrder? {
        try await database.read { sql in try await Self.inboundOrder(sql, id) }
    }

    /// Orders of the establishments (all when `nil`), the open ones only when asked, release orders past their time
    /// first, then the oldest first.
    public func inboundOrders(establishmentCodes: Set<String>?, openOnly: Bool, limit: Int) async throws -> [InboundOrder] {
        var conditions: [String] = []
        var binds: [any Encodable & Sendable] = []
        if let codes = establishmentCodes?.sorted() {
            conditions.append("e.code IN (\(codes.isEmpty ? "NULL" : Placeholders.list(codes.count)))")
            binds += codes as [any Encodable & Sendable]
        }
        if openOnly { conditions.append("o.state NOT IN ('executed', 'refused')") }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let query = binds
        return try await database.read { sql in
            let rows = try await sql.execute(
                """
                \(Self.inboundOrderSelect)\(filter)
                ORDER BY CASE WHEN o.release_due IS NOT NULL AND o.state NOT IN ('executed', 'refused') THEN 0 ELSE 1 END,
                  o.release_due, o.id LIMIT \(max(1, min(limit, 500)))
                """, query)
            return try await Self.withHistory(sql, rows)
        }
    }

    /// The orders received for a person, newest first (the person file's list).
    public func inboundOrders(person: Person.ID) async throws -> [InboundOrder] {
        try await database.read { sql in
            let rows = try await sql.execute(
                "\(Self.inboundOrderSelect) WHERE o.person_id = $1 ORDER BY o.id DESC", [person.rawValue])
            return try await Self.withHistory(sql, rows)
        }
    }

    static func inboundOrder(_ sql: any SQLDatabase, _ id: InboundOrder.ID) async throws -> InboundOrder? {
        let rows = try await sql.execute("\(inboundOrderSelect) WHERE o.id = $1", [id.rawValue])
        return try await withHistory(sql, rows).first
    }

    private static func withHistory(_ sql: any SQLDatabase, _ rows: [any SQLRow]) async throws -> [InboundOrder] {
        let ids = try rows.map { try $0.int64("id") }
        guard !ids.isEmpty else { return [] }
        var history: [Int64: [InboundOrder.Change]] = [:]
        for row in try await sql.execute(
            "SELECT order_id, state, at, by_name, note FROM inbound_order_steps WHERE order_id IN (\(Placeholders.list(ids.count))) ORDER BY id",
            ids)
        {
            guard let at = Instant.parse(try row.string("at")) else { throw StoreError.corrupt("order step instant") }
            history[try row.int64("order_id"), default: []].append(
                InboundOrder.Change(
                    state: try row.enumValue("state", as: InboundOrder.State.self), at: at, by: try row.string("by_name"),
                    note: try row.optionalString("note")))
        }
        return try rows.map { try Decode.inboundOrder($0, history: history[try $0.int64("id")] ?? []) }
    }
}

extension Decode {
    static func inboundOrder(_ row: any SQLRow, history: [InboundOrder.Change]) throws -> InboundOrder {
        let kind = try row.enumValue("kind", as: InboundOrder.Kind.self)
        let subject: OrderSubject
        if let number = try row.optionalString("subject_person_number"), let parsed = PersonNumber(number) {
            subject = .personNumber(parsed)
        } else {
            let documentKind = try row.enumValue("subject_document_type", as: IdentityDocument.Kind.self)
            let documentNumber = try row.optionalString("subject_document_number")
            let document: IdentityDocument =
                switch documentKind {
                case .dni: .dni(documentNumber ?? "")
                case .foreignerCard: .foreignerCard(documentNumber ?? "")
                case .passport: .passport(documentNumber ?? "")
                case .none: .none
                }
            subject = .identity(
                OrderIdentity(
                    document: document,
                    name: PersonName(
                        givenNames: try row.string("subject_given_names"),
                        paternalSurname: try row.string("subject_paternal_surname"),
                        maternalSurname: try row.string("subject_maternal_surname")),
                    birthDate: try row.optionalDate("subject_birth_date")))
        }
        var terms: CourtOrder.Kind?
        if let code = CourtOrder.Code(rawValue: kind.rawValue) { terms = try courtOrderKind(row, code: code) }
        guard let caseNumber = CaseNumber(try row.string("case_number")),
            let receivedAt = Instant.parse(try row.string("received_at")),
            let receivedMinute = LocalTime(text: try row.string("received_minute"))
        else { throw StoreError.corrupt("inbound order") }
        var legalCheck: InboundOrder.LegalCheck?
        if let reason = try row.optionalString("legal_check") {
            legalCheck = InboundOrder.LegalCheck(
                reason: reason, clearedBy: try row.optionalString("legal_check_by"),
                clearedAt: try row.optionalString("legal_check_at").flatMap(Instant.parse))
        }
        let content = InboundOrderContent(
            kind: kind, court: try row.string("court"), judge: try row.string("judge"),
            resolution: try row.string("resolution"), issuedOn: try row.date("issued_on"), caseNumber: caseNumber,
            judicialDistrict: try row.string("judicial_district"), subject: subject, terms: terms,
            releaseReason: try row.optionalString("release_reason").flatMap(InboundOrder.ReleaseReason.init(rawValue:)),
            suspensionFrom: try row.optionalDate("suspension_from"), suspensionUntil: try row.optionalDate("suspension_until"),
            transferTo: try row.optionalString("transfer_to"),
            benefitFileID: try row.optionalInt64("benefit_file_id").map(BenefitFile.ID.init(rawValue:)),
            benefitDecision: try Decode.benefitDecision(row))
        let candidates = try row.string("candidates").split(separator: ",").compactMap { Int64($0) }.map(
            Person.ID.init(rawValue:))
        return InboundOrder(
            id: .init(rawValue: try row.int64("id")), client: try row.string("client"),
            clientKind: try row.enumValue("client_kind", as: ClientKind.self),
            issuerOrderID: try row.optionalString("issuer_order_id"), content: content,
            personID: try row.optionalInt64("person_id").map(Person.ID.init(rawValue:)), candidates: candidates,
            caseID: try row.optionalInt64("case_id").map(LegalCase.ID.init(rawValue:)),
            establishmentCode: try row.optionalString("establishment_code"),
            state: try row.enumValue("state", as: InboundOrder.State.self), version: try row.int("version"),
            receivedAt: receivedAt, receivedMinute: receivedMinute,
            releaseDue: try row.optionalString("release_due").flatMap { LocalTime(text: $0) }, legalCheck: legalCheck,
            history: history, transferID: try row.optionalInt64("transfer_id").map(Transfer.ID.init(rawValue:)))
    }
}

extension SQLRegistry {
    /// Release orders received electronically and still not executed past their time at the register's minute of
    /// `asOf` (critical, issue 13 point 3): the order and the hours since it arrived.
    func releaseOrderAlerts(asOf: CivilDate, establishmentID: Int64?) async throws -> [(Alert, String)] {
        let now = referenceMinute(asOf)
        var binds: [any Encodable & Sendable] = [now.description]
        if let establishmentID { binds.append(establishmentID) }
        let query = binds
        return try await database.read { sql in
            try await sql.execute(
                """
                SELECT o.id, o.person_id, o.establishment_id, o.received_minute, e.code FROM inbound_orders o
                JOIN establishments e ON e.id = o.establishment_id
                WHERE o.release_due IS NOT NULL AND o.state NOT IN ('executed', 'refused') AND o.release_due < $1
                  AND o.person_id IS NOT NULL\(establishmentID == nil ? "" : " AND o.establishment_id = $2")
                """, query
            ).map { row in
                guard let received = LocalTime(text: try row.string("received_minute")) else {
                    throw StoreError.corrupt("received minute")
                }
                var alert = Alert(
                    kind: .releaseOrderOverdue, personID: .init(rawValue: try row.int64("person_id")),
                    establishmentID: .init(rawValue: try row.int64("establishment_id")), date: received.date,
                    days: asOf.days(until: received.date))
                alert.orderID = try row.int64("id")
                alert.hours = received.minutes(until: now) / 60
                return (alert, try row.string("code"))
            }
        }
    }
}
