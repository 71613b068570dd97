import CustodiaCore
import Foundation
import LegalClock
import SQLKit

/// Orders received electronically (issue 13 points 1-3; ADR 0024): the receipt, idempotent by the client's key; the
/// match against the register (never guessed: a partial or many-person match is held for a clerk); what the register
/// checks before an order is taken (the case, custody, the legal clock); each state change as a step, an event the
/// issuer reads, and an audit row, in the change's transaction.
extension SQLRegistry {
    static let inboundOrderSelect = """
        SELECT o.*, e.code AS establishment_code FROM inbound_orders o LEFT JOIN establishments e ON e.id = o.establishment_id
        """

    public func receiveOrder(
        _ request: InboundOrderRequest, client: String, clientKind: ClientKind, within scope: Set<String>?,
        districts: Set<String>?, asOf: CivilDate, actor: Actor
    ) async throws -> ChangeOutcome<OrderReceipt> {
        let place = Reach(establishments: scope, districts: districts)
        do {
            return try await attemptReceipt(
                request, client: client, clientKind: clientKind, within: place, asOf: asOf, actor: actor)
        } catch  where DatabaseFailure.isUniqueViolation(error) {
            // The same key sent twice at once: the second finds the first's row and answers as a retry.
            return try await attemptReceipt(
                request, client: client, clientKind: clientKind, within: place, asOf: asOf, actor: actor)
        }
    }

    /// Where a client may act: its establishments, and a district-scoped client's judicial districts.
    struct Reach: Sendable {
        var establishments: Set<String>?
        var districts: Set<String>?
    }

    private func attemptReceipt(
        _ request: InboundOrderRequest, client: String, clientKind: ClientKind, within scope: Reach, asOf: CivilDate,
        actor: Actor
    ) async throws -> ChangeOutcome<OrderReceipt> {
        do {
            return .done(
                try await database.transaction { sql in
                    if let found = try await sql.execute(
                        """
                        SELECT id, fingerprint FROM inbound_orders
                        WHERE client = $1 AND (idempotency_key = $2 OR issuer_order_id = $3)
                        """, [client, request.idempotencyKey, request.issuerOrderID ?? ""]
                    ).first {
                        guard let order = try await Self.inboundOrder(sql, .init(rawValue: try found.int64("id"))) else {
                            throw StoreError.corrupt("inbound order vanished")
                        }
                        return try found.string("fingerprint") == request.fingerprint ? .replayed(order) : .keyReused
                    }
                    return .created(
                        try await insertInboundOrder(
                            sql, request, client: client, clientKind: clientKind, within: scope, asOf: asOf, actor: actor))
                })
        } catch let refusal as Refusal {
            return refusal.answer()
        }
    }

    private func insertInboundOrder(
        _ sql: any SQLDatabase, _ request: InboundOrderRequest, client: String, clientKind: ClientKind,
        within scope: Reach, asOf: CivilDate, actor: Actor
    ) async throws -> InboundOrder {
        let content = request.content
        // A district-scoped court sends orders of its districts' cases only: another district's reads as unknown.
        if let districts = scope.districts, !districts.contains(content.judicialDistrict.trimmingWhitespace()) {
            throw Refusal(outcome: .notFound)
        }
        let limits = rules.table(on: asOf).pretrial
        let own = InboundOrderRules.validate(content, caseType: nil, limits: limits, asOf: asOf)
        guard own.isEmpty else { throw Refusal(outcome: .rejected(own)) }
        if let destination = content.transferTo,
            try await sql.execute("SELECT id FROM establishments WHERE code = $1", [destination]).isEmpty
        {
            throw Refusal(outcome: .rejected([ValidationMessage(.establishmentUnknown, field: "transfer_to")]))
        }
        var state = InboundOrder.State.received
        var resolved: OrderResolution?
        var candidates: [Person.ID] = []
        switch try await matchSubject(sql, content.subject) {
        case .person(let person):
            resolved = try await resolve(sql, content, person: person, within: scope.establishments, asOf: asOf)
            if let districts = scope.districts, let caseID = resolved?.caseID,
                let district = try await sql.execute(
                    "SELECT judicial_district FROM legal_cases WHERE id = $1", [caseID]
                ).first?.string("judicial_district"), !districts.contains(district)
            {
                throw Refusal(outcome: .notFound)
            }
            state = .matched
        case .candidates(let ids):
            candidates = ids
            state = .held
        case .nobody:
            // Only an order that brings a person in may name someone the register does not know yet.
            guard content.kind.admits || content.kind == .sentence else {
                throw Refusal(outcome: .rejected([ValidationMessage(.personUnknown, field: "person")]))
            }
        }
        let received = referenceMinute(asOf)
        let releaseDue =
            content.kind == .release ? InboundOrderRules.releaseDue(received: received, hours: releaseOrderHours) : nil
        let terms = content.terms.map(OrderColumns.init)
        var identity: OrderIdentity?
        var number: String?
        switch content.subject {
        case .personNumber(let n): number = n.description
        case .identity(let i): identity = i
        }
        let decision = content.benefitDecision
        let instant = now()
        let id = try await sql.insertReturningID(
            "inbound_orders",
            [
                "client", "client_kind", "idempotency_key", "fingerprint", "issuer_order_id", "kind", "court", "judge",
                "resolution", "issued_on", "case_number", "judicial_district", "subject_person_number",
                "subject_document_type", "subject_document_number", "subject_given_names", "subject_paternal_surname",
                "subject_maternal_surname", "subject_birth_date", "case_type", "months", "starts_on", "sentence_years",
                "sentence_months", "sentence_days", "life_sentence", "recidivism", "release_reason", "suspension_from",
                "suspension_until", "transfer_to", "person_id", "candidates", "case_id", "establishment_id", "state",
                "received_at", "received_minute", "release_due", "legal_check", "version", "benefit_file_id",
                "benefit_decision", "hearing_on", "grounds", "may_request_again_on",
            ],
            [
                client, clientKind.rawValue, request.idempotencyKey, request.fingerprint, request.issuerOrderID,
                content.kind.rawValue, content.court.trimmingWhitespace(), content.judge.trimmingWhitespace(),
                content.resolution.trimmingWhitespace(), content.issuedOn.description, content.caseNumber.text,
                content.judicialDistrict.trimmingWhitespace(), number, identity?.document.kind.rawValue,
                identity?.document.number, identity?.name.givenNames, identity?.name.paternalSurname,
                identity?.name.maternalSurname, identity?.birthDate?.description, terms?.caseType, terms?.months,
                terms?.startsOn, terms?.years, terms?.sentenceMonths, terms?.days, terms?.life ?? 0, terms?.recidivism,
                content.releaseReason?.rawValue, content.suspensionFrom?.description, content.suspensionUntil?.description,
                content.transferTo, resolved?.person.rawValue, candidates.map { String($0.rawValue) }.joined(separator: ","),
                resolved?.caseID, resolved?.establishmentID, state.rawValue, Instant.iso(instant), received.description,
                releaseDue?.description, resolved?.legalCheck, 1, content.benefitFileID?.rawValue,
                decision?.code, decision?.hearingOn?.description, decision?.grounds?.trimmingWhitespace(),
                decision?.mayRequestAgainOn?.description,
            ])
        let orderID = InboundOrder.ID(rawValue: id)
        try await orderStep(sql, orderID, state: .received, action: "received", note: nil, actor: actor)
        switch state {
        case .matched:
            try await orderStep(sql, orderID, state: .matched, action: "matched", note: resolved?.legalCheck, actor: actor)
            if let person = resolved?.person {
                try await benefitByOrder(sql, orderID, content, person: person, asOf: asOf, actor: actor)
            }
        case .held:
            let numbers = candidates.map { PersonNumber(id: $0).description }.joined(separator: ", ")
            try await orderStep(sql, orderID, state: .held, action: "held", note: numbers, actor: actor)
        default: break
        }
        guard let order = try await Self.inboundOrder(sql, orderID) else { throw StoreError.corrupt("inbound order vanished") }
        return order
    }

    /// What the register found for an order's person: the case it names, where the person is, and whether a legal
    /// officer must first read another case with detention (a release).
    struct OrderResolution: Sendable {
        var person: Person.ID
        var caseID: Int64?
        var establishmentID: Int64?
        var legalCheck: String?
    }

    enum SubjectMatch {
        case person(Person)
        case candidates([Person.ID])
        case nobody
    }

    /// A person number names one person; an identity matches only when its document is registered and the names
    /// agree with it. A document with other names, or names and a birth date without the document, are held for a
    /// clerk with every person they could be.
    func matchSubject(_ sql: any SQLDatabase, _ subject: OrderSubject) async throws -> SubjectMatch {
        switch subject {
        case .personNumber(let number):
            guard
                let person = try await sql.execute(
                    "SELECT \(Columns.person) FROM persons p WHERE p.id = $1", [number.id.rawValue]
                ).first.map({ try Decode.person($0) })
            else { throw Refusal(outcome: .rejected([ValidationMessage(.personUnknown, field: "person.person_number")])) }
            return .person(person)
        case .identity(let identity):
            var byDocument: Person?
            if let documentNumber = identity.document.number {
                byDocument = try await sql.execute(
                    "SELECT \(Columns.person) FROM persons p WHERE p.document_type = $1 AND p.document_number = $2",
                    [identity.document.kind.rawValue, documentNumber]
                ).first.map { try Decode.person($0) }
            }
            let name = identity.name
            var byName: [Person.ID] = []
            if let birth = identity.birthDate {
                byName = try await sql.execute(
                    """
                    SELECT DISTINCT k.person_id FROM person_search_keys k JOIN persons p ON p.id = k.person_id
                    WHERE k.search_key = $1 AND p.birth_date = $2 ORDER BY k.person_id
                    """,
                    [SearchText.fold("\(name.paternalSurname) \(name.maternalSurname) \(name.givenNames)"), birth.description]
                ).map { Person.ID(rawValue: try $0.int64("person_id")) }
            }
            if let person = byDocument {
                let sameName =
                    SearchText.fold("\(person.name.paternalSurname) \(person.name.maternalSurname) \(person.name.givenNames)")
                    == SearchText.fold("\(name.paternalSurname) \(name.maternalSurname) \(name.givenNames)")
                let sameBirth = identity.birthDate == nil || person.birthDate == nil || identity.birthDate == person.birthDate
                if sameName && sameBirth { return .person(person) }
                return .candidates([person.id] + byName.filter { $0 != person.id })
            }
            return byName.isEmpty ? .nobody : .candidates(byName)
        }
    }

    /// Checks an order against the person it names and finds its case and establishment; refuses what the register
    /// cannot take (another establishment's person outside the token's scope reads as unknown).
    func resolve(
        _ sql: any SQLDatabase, _ content: InboundOrderContent, person: Person, within scope: Set<String>?, asOf: CivilDate
    ) async throws -> OrderResolution {
        let open = try await openEpisode(sql, person.id)
        let held = try await sql.execute(
            """
            SELECT ce.establishment_id, e.code FROM custody_episodes ce JOIN establishments e ON e.id = ce.establishment_id
            WHERE ce.person_id = $1 ORDER BY ce.admitted_on DESC, ce.id DESC LIMIT 1
            """, [person.id.rawValue]
        ).first
        let establishmentID = try held?.int64("establishment_id")
        if let scope, let code = try held?.string("code"), !scope.contains(code) { throw Refusal(outcome: .notFound) }
        let legalCase = try await sql.execute(
            "SELECT id, case_type FROM legal_cases WHERE person_id = $1 AND case_number = $2",
            [person.id.rawValue, content.caseNumber.text]
        ).first
        let caseID = try legalCase?.int64("id")
        let caseType = try legalCase?.optionalString("case_type").flatMap(CaseType.init(rawValue:))
        let admits = content.kind.admits || (content.kind == .sentence && open == nil)
        var messages = InboundOrderRules.validate(content, caseType: caseType, limits: rules.table(on: asOf).pretrial, asOf: asOf)
        if !admits {
            if open == nil { messages.append(ValidationMessage(.notInCustody, field: "person")) }
            if caseID == nil { messages.append(ValidationMessage(.orderCaseUnknown, field: "case.number")) }
        } else if open != nil {
            messages.append(ValidationMessage(.alreadyInCustody, field: "person"))
        }
        if content.kind == .suspension, open != nil, let from = content.suspensionFrom, let until = content.suspensionUntil {
            // The legal officer's own checks on an art. 275 suspension, said about the order's fields.
            let fields = ["from": "suspension_from", "to": "suspension_until", "person_number": "person"]
            messages += LegalRecordRules.validate(
                SuspensionRequest(personID: person.id, fromDate: from, toDate: until, resolution: content.resolution),
                person: person, episode: open, asOf: asOf
            ).map { $0.at(fields[$0.field] ?? $0.field) }
        }
        guard messages.isEmpty else { throw Refusal(outcome: .rejected(messages)) }
        if !admits, let terms = content.terms, terms.code != .release, let caseID {
            try await checkClock(sql, person: person.id, caseID: caseID, content: content, terms: terms, asOf: asOf)
        }
        var legalCheck: String?
        if content.kind == .release, let open, let caseID {
            legalCheck = try await otherDetention(sql, person: person.id, caseID: caseID, episode: open)
        }
        return OrderResolution(person: person.id, caseID: caseID, establishmentID: establishmentID, legalCheck: legalCheck)
    }

    /// The person's legal clock with the order added: what it says that it did not say before is the law refusing
    /// the order (a prolongation beyond the art. 274 maximum, an appeal prolongation beyond half the sentence).
    func checkClock(
        _ sql: any SQLDatabase, person: Person.ID, caseID: Int64, content: InboundOrderContent, terms: CourtOrder.Kind,
        asOf: CivilDate
    ) async throws {
        guard var file = try await Self.personFile(person, sql), let before = ClockInput.from(file, asOf: asOf) else { return }
        let known = LegalClock.compute(before, rules: rules, explain: false).messages
        file.orders.append(
            CourtOrder(
                id: .init(rawValue: Int64.max), personID: person, caseID: .init(rawValue: caseID), kind: terms,
                issuingCourt: content.court, issuedOn: content.issuedOn, reference: content.resolution))
        guard let after = ClockInput.from(file, asOf: asOf) else { return }
        let new = LegalClock.compute(after, rules: rules, explain: false).messages.filter { !known.contains($0) }
        guard !new.isEmpty else { return }
        throw Refusal(
            outcome: .rejected(
                new.map {
                    ValidationMessage(
                        .orderBeyondLegalLimit, field: $0.field.hasSuffix("months") ? "months" : "kind",
                        spanishDetail: $0.message, englishDetail: $0.messageEn)
                }))
    }

    /// The other cases of the open episode that hold the person (a custody order with no release after it), as the
    /// legal check's reason; `nil` when there is none.
    func otherDetention(_ sql: any SQLDatabase, person: Person.ID, caseID: Int64, episode: CustodyEpisode) async throws
        -> String?
    {
        let numbers = try await sql.execute(
            """
            SELECT DISTINCT lc.case_number FROM court_orders co JOIN legal_cases lc ON lc.id = co.case_id
            WHERE co.person_id = $1 AND co.case_id <> $2
              AND co.kind IN ('detention', 'pretrial_detention', 'sentence', 'appealed_conviction')
              AND (co.issued_on >= $3 OR co.id = $4)
              AND NOT EXISTS (SELECT 1 FROM court_orders r WHERE r.case_id = co.case_id AND r.kind = 'release'
                AND r.issued_on >= co.issued_on)
            ORDER BY lc.case_number
            """,
            [person.rawValue, caseID, episode.admittedOn.description, episode.authorizingOrderID.rawValue]
                as [any Encodable & Sendable]
        ).map { try $0.string("case_number") }
        return numbers.isEmpty ? nil : numbers.joined(separator: ", ")
    }

    /// One step of an order: its row in the history, its event (the issuer's acknowledgement) and its audit row.
    func orderStep(
        _ sql: any SQLDatabase, _ id: InboundOrder.ID, state: InboundOrder.State, action: String, note: String?, actor: Actor
    ) async throws {
        let instant = now()
        try await sql.insertRows(
            "inbound_order_steps", ["order_id", "state", "at", "by_name", "note"],
            [[id.rawValue, state.rawValue, Instant.iso(instant), actor.user, note]])
        guard
            let row = try await sql.execute(
                "\(Self.inboundOrderSelect) WHERE o.id = $1", [id.rawValue]
            ).first
        else { throw StoreError.corrupt("inbound order vanished") }
        let person = try row.optionalInt64("person_id").map(Person.ID.init(rawValue:))
        let establishment = try row.optionalInt64("establishment_id").map(Establishment.ID.init(rawValue:))
        let code = try row.optionalString("establishment_code")
        try await EventLog.append(
            .inboundOrderChanged(
                .init(
                    orderID: id.rawValue, action: action, state: state.rawValue, kind: try row.string("kind"),
                    client: try row.string("client"), issuerOrderID: try row.optionalString("issuer_order_id"),
                    caseNumber: try row.string("case_number"), establishmentCode: code, note: note)),
            at: instant, actor: actor.user, person: person, establishment: establishment, on: sql)
        guard auditTrail else { return }
        let number = person.map { PersonNumber(id: $0).description }
        try await AuditChain.append(
            NewAuditRecord(
                actor: actor, resource: "order \(id.rawValue)", personNumber: number, establishmentCode: code,
                outcome: "ok \(action)"),
            at: instant, on: sql, engine: database.engine)
    }
}

extension Decode {
    /// A benefit decision read back from its columns; `nil` when the row has none.
    static func benefitDecision(_ row: any SQLRow) throws -> BenefitDecision? {
        switch try row.optionalString("benefit_decision") {
        case "acknowledged": return .acknowledged
        case "hearing_set":
            guard let on = try row.optionalDate("hearing_on") else { throw StoreError.corrupt("a hearing without its day") }
            return .hearing(on: on)
        case "denied":
            return .denied(
                grounds: try row.optionalString("grounds") ?? "", mayRequestAgainOn: try row.optionalDate("may_request_again_on"))
        default: return nil
        }
    }
}
