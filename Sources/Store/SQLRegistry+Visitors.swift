import CustodiaCore
import Foundation
import Placement
import SQLKit

/// The register of visitors (issue 12 point 1): identity, whom they visit and as what, bans, and the persons in custody
/// whose document is theirs.
extension SQLRegistry {
    static let visitorColumns = """
        v.id, v.document_kind, v.document_number, v.given_names, v.paternal_surname, v.maternal_surname, v.sex,
        v.birth_date, v.address, v.photo_reference, v.registered_on, v.version
        """

    public func registerVisitor(_ new: NewVisitor, asOf: CivilDate, actor: Actor) async throws -> ChangeOutcome<VisitorFile> {
        let messages = VisitRules.validate(new, asOf: asOf)
        guard messages.isEmpty, let number = new.document.number else { return .rejected(messages) }
        let taken = [ValidationMessage(.visitorAlreadyRegistered, field: "document.number")]
        do {
            let id = try await database.transaction { sql in
                let existing = try await sql.execute(
                    "SELECT id FROM visitors WHERE document_kind = $1 AND document_number = $2",
                    [new.document.kind.rawValue, number])
                guard existing.isEmpty else { throw Refusal(outcome: .rejected(taken)) }
                let id = try await sql.insertReturningID(
                    "visitors",
                    [
                        "document_kind", "document_number", "given_names", "paternal_surname", "maternal_surname", "sex",
                        "birth_date", "address", "photo_reference", "registered_on", "version",
                    ],
                    [
                        new.document.kind.rawValue, number, new.name.givenNames.trimmingWhitespace(),
                        new.name.paternalSurname.trimmingWhitespace(), new.name.maternalSurname.trimmingWhitespace(),
                        new.sex.rawValue, new.birthDate?.description, new.address.trimmingWhitespace(),
                        new.photoReference?.trimmingWhitespace(), asOf.description, 1,
                    ] as [any Encodable & Sendable])
                try await record(
                    sql,
                    .visitorChanged(
                        .init(
                            visitorID: id, action: "registered", documentKind: new.document.kind.rawValue,
                            documentNumber: number)),
                    actor: actor, resource: "visitor \(id)", outcome: "ok: registered")
                return id
            }
            return try await visitorFile(.init(rawValue: id)).map { .done($0) } ?? .notFound
        } catch let refusal as Refusal {
            return refusal.answer()
        } catch  where DatabaseFailure.isUniqueViolation(error) {
            return .rejected(taken)
        }
    }

    public func visitorFile(_ id: Visitor.ID) async throws -> VisitorFile? {
        let found = try await database.read { sql -> VisitorFile? in
            guard let visitor = try await Self.visitor(sql, id) else { return nil }
            let links = try await sql.execute(
                "SELECT visitor_id, person_id, relationship, since FROM visitor_links WHERE visitor_id = $1 ORDER BY since, person_id",
                [id.rawValue]
            ).map(Decode.visitorLink)
            let bans = try await Self.bans(sql, of: [id])
            // Flagged: a person in custody whose identity document is the visitor's.
            let inCustody = try await sql.execute(
                """
                SELECT p.id FROM persons p JOIN custody_episodes ce ON ce.person_id = p.id AND ce.released_on IS NULL
                WHERE p.document_type = $1 AND p.document_number = $2
                """, [visitor.document.kind.rawValue, visitor.document.number ?? ""]
            ).map { Person.ID(rawValue: try $0.int64("id")) }
            let visits = try await sql.execute(
                """
                SELECT \(Self.visitColumns) \(Self.visitJoins)
                WHERE vi.id IN (SELECT visit_id FROM visit_visitors WHERE visitor_id = $1)
                ORDER BY vi.starts_at DESC, vi.id DESC LIMIT 50
                """, [id.rawValue]
            ).map(Decode.visit)
            let named = Array(Set(links.map(\.personID) + bans.compactMap(\.personID) + inCustody)).map(\.rawValue)
            var establishmentOf: [Person.ID: String] = [:]
            if !named.isEmpty {
                let list = Placeholders.list(named.count)
                for row in try await sql.execute(
                    """
                    SELECT ce.person_id, e.code FROM custody_episodes ce JOIN establishments e ON e.id = ce.establishment_id
                    WHERE ce.released_on IS NULL AND ce.person_id IN (\(list))
                    """, named
                ) {
                    establishmentOf[.init(rawValue: try row.int64("person_id"))] = try row.string("code")
                }
            }
            return VisitorFile(
                visitor: visitor, links: links, bans: bans, inCustody: inCustody, visits: visits,
                establishmentOf: establishmentOf)
        }
        guard var file = found else { return nil }
        file.visits = try await withVisitors(file.visits)
        return file
    }

    public func findVisitors(_ query: String, limit: Int) async throws -> [Visitor] {
        let text = query.trimmingWhitespace()
        guard !text.isEmpty else { return [] }
        return try await database.read { sql in
            try await sql.execute(
                """
                SELECT \(Self.visitorColumns) FROM visitors v
                WHERE v.document_number = $1 OR UPPER(v.paternal_surname) LIKE $2 OR UPPER(v.given_names) LIKE $2
                ORDER BY v.paternal_surname, v.given_names, v.id LIMIT $3
                """, [text.uppercased(), "\(text.uppercased())%", limit] as [any Encodable & Sendable]
            ).map(Decode.visitor)
        }
    }

    public func visitorsOf(_ person: Person.ID) async throws -> [(Visitor, Relationship)] {
        try await database.read { sql in
            try await sql.execute(
                """
                SELECT \(Self.visitorColumns), l.relationship FROM visitor_links l JOIN visitors v ON v.id = l.visitor_id
                WHERE l.person_id = $1 ORDER BY v.paternal_surname, v.given_names, v.id
                """, [person.rawValue]
            ).map { (try Decode.visitor($0), try $0.enumValue("relationship", as: Relationship.self)) }
        }
    }

    public func visitors(_ ids: [Visitor.ID]) async throws -> [Visitor] {
        guard !ids.isEmpty else { return [] }
        let list = Placeholders.list(ids.count)
        let found = try await database.read { sql in
            try await sql.execute("SELECT \(Self.visitorColumns) FROM visitors v WHERE v.id IN (\(list))", ids.map(\.rawValue))
                .map(Decode.visitor)
        }
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }
    }

    /// A visit's visitors, in the order they were booked: one statement.
    static func visitors(_ sql: any SQLDatabase, of visit: Visit.ID) async throws -> [Visitor] {
        try await sql.execute(
            """
            SELECT \(visitorColumns) FROM visit_visitors vv JOIN visitors v ON v.id = vv.visitor_id
            WHERE vv.visit_id = $1 ORDER BY vv.position
            """, [visit.rawValue]
        ).map(Decode.visitor)
    }

    public func visitorNames(_ ids: Set<Visitor.ID>) async throws -> [Visitor.ID: String] {
        guard !ids.isEmpty else { return [:] }
        let sorted = ids.map(\.rawValue).sorted()
        let list = Placeholders.list(sorted.count)
        return try await database.read { sql in
            var names: [Visitor.ID: String] = [:]
            for row in try await sql.execute(
                "SELECT id, given_names, paternal_surname, maternal_surname FROM visitors WHERE id IN (\(list))", sorted)
            {
                let name = PersonName(
                    givenNames: try row.string("given_names"), paternalSurname: try row.string("paternal_surname"),
                    maternalSurname: try row.string("maternal_surname"))
                names[.init(rawValue: try row.int64("id"))] = name.registerForm
            }
            return names
        }
    }

    public func linkVisitor(_ link: VisitorLink, actor: Actor) async throws -> ChangeOutcome<VisitorFile> {
        try await visitorChange(link.visitorID, actor: actor) { sql, visitor in
            guard try await self.lockedPerson(sql, link.personID) != nil else {
                throw Refusal(outcome: .rejected([ValidationMessage(.personUnknown, field: "person_number")]))
            }
            try await sql.execute(
                "DELETE FROM visitor_links WHERE visitor_id = $1 AND person_id = $2",
                [
                    visitor.id.rawValue, link.personID.rawValue,
                ])
            try await sql.execute(
                "INSERT INTO visitor_links (visitor_id, person_id, relationship, since) VALUES ($1, $2, $3, $4)",
                [visitor.id.rawValue, link.personID.rawValue, link.relationship.rawValue, link.since.description]
                    as [any Encodable & Sendable])
            return .init(
                visitorID: visitor.id.rawValue, action: "linked", documentKind: visitor.document.kind.rawValue,
                documentNumber: visitor.document.number ?? "", personID: link.personID.rawValue,
                relationship: link.relationship.rawValue)
        }
    }

    public func banVisitor(_ ban: VisitorBan, asOf: CivilDate, actor: Actor) async throws -> ChangeOutcome<VisitorFile> {
        var messages: [ValidationMessage] = []
        for (text, field) in [(ban.reason, "reason"), (ban.resolution, "resolution")] {
            if text.trimmingWhitespace().isEmpty { messages.append(ValidationMessage(.visitReasonRequired, field: field)) }
            messages += TextLimits.check(text, field: field)
        }
        if let ends = ban.endsOn, ends < ban.startsOn {
            messages.append(ValidationMessage(.valueOutOfRange, field: "ends_on"))
        }
        guard messages.isEmpty else { return .rejected(messages) }
        return try await visitorChange(ban.visitorID, actor: actor) { sql, visitor in
            if let person = ban.personID, try await self.lockedPerson(sql, person) == nil {
                throw Refusal(outcome: .rejected([ValidationMessage(.personUnknown, field: "person_number")]))
            }
            let id = try await sql.insertReturningID(
                "visitor_bans",
                ["visitor_id", "person_id", "establishment_id", "starts_on", "ends_on", "reason", "resolution"],
                [
                    visitor.id.rawValue, ban.personID?.rawValue, ban.establishmentID?.rawValue, ban.startsOn.description,
                    ban.endsOn?.description, ban.reason.trimmingWhitespace(), ban.resolution.trimmingWhitespace(),
                ] as [any Encodable & Sendable])
            return .init(
                visitorID: visitor.id.rawValue, action: "banned", documentKind: visitor.document.kind.rawValue,
                documentNumber: visitor.document.number ?? "", personID: ban.personID?.rawValue, banID: id)
        }
    }

    /// A change of a visitor in one transaction with its event and audit row; the file read back after.
    private func visitorChange(
        _ id: Visitor.ID, actor: Actor,
        _ body: @escaping @Sendable (any SQLDatabase, Visitor) async throws -> DomainEvent.VisitorChanged
    ) async throws -> ChangeOutcome<VisitorFile> {
        do {
            try await database.transaction { sql in
                guard
                    let visitor = try await sql.execute(
                        "SELECT \(Self.visitorColumns) FROM visitors v WHERE v.id = $1\(self.lockClause)", [id.rawValue]
                    ).first.map(Decode.visitor)
                else { throw Refusal(outcome: .notFound) }
                let event = try await body(sql, visitor)
                try await sql.execute("UPDATE visitors SET version = version + 1 WHERE id = $1", [id.rawValue])
                try await self.record(
                    sql, .visitorChanged(event), actor: actor, resource: "visitor \(id.rawValue)",
                    outcome: "ok: \(event.action)")
            }
            return try await visitorFile(id).map { .done($0) } ?? .notFound
        } catch let refusal as Refusal {
            return refusal.answer()
        }
    }

    static func visitor(_ sql: any SQLDatabase, _ id: Visitor.ID) async throws -> Visitor? {
        try await sql.execute("SELECT \(visitorColumns) FROM visitors v WHERE v.id = $1", [id.rawValue]).first.map(
            Decode.visitor)
    }

    static func bans(_ sql: any SQLDatabase, of visitors: [Visitor.ID]) async throws -> [VisitorBan] {
        guard !visitors.isEmpty else { return [] }
        let list = Placeholders.list(visitors.count)
        return try await sql.execute(
            """
            SELECT id, visitor_id, person_id, establishment_id, starts_on, ends_on, reason, resolution
            FROM visitor_bans WHERE visitor_id IN (\(list)) ORDER BY starts_on, id
            """, visitors.map(\.rawValue)
        ).map(Decode.visitorBan)
    }
}

extension Decode {
    static func visitor(_ row: any SQLRow) throws -> Visitor {
        let kind = try row.enumValue("document_kind", as: IdentityDocument.Kind.self)
        let number = try row.string("document_number")
        let document: IdentityDocument =
            switch kind {
            case .dni: .dni(number)
            case .foreignerCard: .foreignerCard(number)
            case .passport: .passport(number)
            case .none: .none
            }
        return Visitor(
            id: .init(rawValue: try row.int64("id")), document: document,
            name: PersonName(
                givenNames: try row.string("given_names"), paternalSurname: try row.string("paternal_surname"),
                maternalSurname: try row.string("maternal_surname")),
            sex: try row.enumValue("sex", as: Sex.self), birthDate: try row.optionalDate("birth_date"),
            address: try row.string("address"), photoReference: try row.optionalString("photo_reference"),
            registeredOn: try row.date("registered_on"), version: try row.int("version"))
    }

    static func visitorLink(_ row: any SQLRow) throws -> VisitorLink {
        VisitorLink(
            visitorID: .init(rawValue: try row.int64("visitor_id")), personID: .init(rawValue: try row.int64("person_id")),
            relationship: try row.enumValue("relationship", as: Relationship.self), since: try row.date("since"))
    }

    static func visitorBan(_ row: any SQLRow) throws -> VisitorBan {
        VisitorBan(
            id: .init(rawValue: try row.int64("id")), visitorID: .init(rawValue: try row.int64("visitor_id")),
            personID: try row.optionalInt64("person_id").map { .init(rawValue: $0) },
            establishmentID: try row.optionalInt64("establishment_id").map { .init(rawValue: $0) },
            startsOn: try row.date("starts_on"), endsOn: try row.optionalDate("ends_on"), reason: try row.string("reason"),
            resolution: try row.string("resolution"))
    }
}
