import CustodiaCore
import Foundation
import SQLKit

/// Reading incident reports: one report with everything added to it, an establishment's list with INC-7's figures,
/// and the reports naming a person.
extension SQLRegistry {
    static let incidentColumns = """
        i.id, i.establishment_id, e.code AS establishment_code, i.kind, i.search_kind, i.relevance, i.occurred_at,
        i.place, i.narrative, i.police_notice, i.clock_person_id, i.clock_episode_id, i.clock_status, i.clock_ends_on,
        i.clock_read_on, i.reported_by, i.reported_at, i.state, i.version
        """

    public func incident(_ id: Incident.ID) async throws -> Incident? {
        try await database.read { sql in try await Self.incidents(sql, where: "i.id = $1", [id.rawValue]).first }
    }

    public func incidents(of person: Person.ID, limit: Int) async throws -> [Incident] {
        try await database.read { sql in
            try await Self.incidents(
                sql,
                where: """
                    (i.clock_person_id = $1 OR i.id IN (SELECT incident_id FROM incident_participants WHERE person_id = $1))
                    """, [person.rawValue, limit], limit: "$2")
        }
    }

    public func incidents(_ query: IncidentQuery) async throws -> IncidentList {
        var conditions: [String] = []
        var binds: [any Encodable & Sendable] = []
        func add(_ condition: String, _ values: [any Encodable & Sendable]) {
            var text = condition
            for value in values {
                binds.append(value)
                text = text.replacingOccurrences(of: "?", with: "$\(binds.count)", options: [], range: text.range(of: "?"))
            }
            conditions.append(text)
        }
        if let codes = query.establishmentCodes?.sorted() {
            if codes.isEmpty {
                conditions.append("1 = 0")
            } else {
                add("e.code IN (\(codes.map { _ in "?" }.joined(separator: ",")))", codes)
            }
        }
        if let kind = query.kind { add("i.kind = ?", [kind.rawValue]) }
        if let state = query.state { add("i.state = ?", [state.rawValue]) }
        if let from = query.from { add("i.day >= ?", [from.description]) }
        if let until = query.until { add("i.day <= ?", [until.description]) }
        let filter = conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND ")
        let scoped = "FROM incidents i JOIN establishments e ON e.id = i.establishment_id WHERE \(filter)"
        let limitBind = "$\(binds.count + 1)"
        return try await database.read { [binds] sql in
            let incidents = try await Self.incidents(sql, where: filter, binds + [query.limit], limit: limitBind)
            var byKind: [IncidentKind: Int] = [:]
            var searches: [SearchKind: Int] = [:]
            for row in try await sql.execute(
                "SELECT i.kind, i.search_kind, COUNT(*) AS n \(scoped) GROUP BY i.kind, i.search_kind", binds)
            {
                let kind = try row.enumValue("kind", as: IncidentKind.self)
                let count = try row.int("n")
                byKind[kind, default: 0] += count
                if kind == .search, let search = try row.optionalString("search_kind").flatMap(SearchKind.init(rawValue:)) {
                    searches[search, default: 0] += count
                }
            }
            var seized: [SeizedCategory: Double] = [:]
            for row in try await sql.execute(
                "SELECT s.category, SUM(s.quantity) AS q FROM seized_items s WHERE s.incident_id IN (SELECT i.id \(scoped)) GROUP BY s.category",
                binds)
            {
                seized[try row.enumValue("category", as: SeizedCategory.self)] = try row.decode(column: "q", as: Double.self)
            }
            let intervened =
                try await sql.execute(
                    """
                    SELECT COUNT(*) AS n FROM incident_participants p
                    WHERE p.role = 'intervenido' AND p.incident_id IN (SELECT i.id \(scoped))
                    """, binds
                ).first?.int("n") ?? 0
            return IncidentList(
                incidents: incidents, total: byKind.values.reduce(0, +), byKind: byKind, searches: searches, seized: seized,
                intervened: intervened)
        }
    }

    /// The reports a condition selects, newest first, each with its persons, items, addenda and history (four more
    /// statements in all, whatever the number of reports).
    static func incidents(
        _ sql: any SQLDatabase, where condition: String, _ binds: [any Encodable & Sendable], limit: String? = nil
    ) async throws -> [Incident] {
        var incidents = try await sql.execute(
            """
            SELECT \(incidentColumns) FROM incidents i JOIN establishments e ON e.id = i.establishment_id
            WHERE \(condition) ORDER BY i.occurred_at DESC, i.id DESC\(limit.map { " LIMIT \($0)" } ?? "")
            """, binds
        ).map(Decode.incident)
        guard !incidents.isEmpty else { return [] }
        let ids = incidents.map(\.id.rawValue)
        let list = Placeholders.list(ids.count)
        var participants: [Int64: [IncidentParticipant]] = [:]
        for row in try await sql.execute(
            "SELECT incident_id, person_id, visitor_id, staff_name, role FROM incident_participants WHERE incident_id IN (\(list)) ORDER BY incident_id, position",
            ids)
        {
            let who: IncidentParticipant.Who
            if let person = try row.optionalInt64("person_id") {
                who = .person(.init(rawValue: person))
            } else if let visitor = try row.optionalInt64("visitor_id") {
                who = .visitor(.init(rawValue: visitor))
            } else {
                who = .staff(try row.string("staff_name"))
            }
            participants[try row.int64("incident_id"), default: []].append(
                IncidentParticipant(who, role: try row.enumValue("role", as: IncidentRole.self)))
        }
        var items: [Int64: [SeizedItem]] = [:]
        for row in try await sql.execute(
            "SELECT incident_id, category, quantity, description, found_at, imei FROM seized_items WHERE incident_id IN (\(list)) ORDER BY incident_id, position",
            ids)
        {
            items[try row.int64("incident_id"), default: []].append(
                SeizedItem(
                    category: try row.enumValue("category", as: SeizedCategory.self),
                    quantity: try row.decode(column: "quantity", as: Double.self), description: try row.string("description"),
                    foundAt: try row.string("found_at"), imei: try row.optionalString("imei")))
        }
        var addenda: [Int64: [IncidentAddendum]] = [:]
        for row in try await sql.execute(
            "SELECT incident_id, text, corrects, author, at FROM incident_addenda WHERE incident_id IN (\(list)) ORDER BY id", ids
        ) {
            addenda[try row.int64("incident_id"), default: []].append(
                IncidentAddendum(
                    text: try row.string("text"),
                    corrects: try row.optionalString("corrects").flatMap(IncidentAddendum.Part.init(rawValue:)),
                    author: try row.string("author"), at: try Decode.minute(row, "at")))
        }
        var history: [Int64: [IncidentStateChange]] = [:]
        for row in try await sql.execute(
            "SELECT incident_id, state, author, at, note FROM incident_states WHERE incident_id IN (\(list)) ORDER BY id", ids)
        {
            history[try row.int64("incident_id"), default: []].append(
                IncidentStateChange(
                    state: try row.enumValue("state", as: IncidentState.self), author: try row.string("author"),
                    at: try Decode.minute(row, "at"), note: try row.string("note")))
        }
        for index in incidents.indices {
            let id = incidents[index].id.rawValue
            incidents[index].participants = participants[id] ?? []
            incidents[index].items = items[id] ?? []
            incidents[index].addenda = addenda[id] ?? []
            incidents[index].history = history[id] ?? []
        }
        return incidents
    }
}

extension Decode {
    /// A stored Lima minute (`YYYY-MM-DDTHH:MM`); a row that holds anything else is corrupt.
    static func minute(_ row: any SQLRow, _ column: String) throws -> LocalTime {
        guard let value = try optionalMinute(row, column) else { throw StoreError.corrupt("\(column) is empty") }
        return value
    }

    static func optionalMinute(_ row: any SQLRow, _ column: String) throws -> LocalTime? {
        guard let text = try row.optionalString(column) else { return nil }
        guard let value = LocalTime(text: text) else { throw StoreError.corrupt("\(column) \(text)") }
        return value
    }

    static func incident(_ row: any SQLRow) throws -> Incident {
        var clock: IncidentClockLink?
        if let person = try row.optionalInt64("clock_person_id"), let episode = try row.optionalInt64("clock_episode_id") {
            clock = IncidentClockLink(
                personID: .init(rawValue: person), episodeID: .init(rawValue: episode),
                status: try row.enumValue("clock_status", as: StoredClock.Status.self),
                endsOn: try row.optionalDate("clock_ends_on"),
                readOn: try row.date("clock_read_on"))
        }
        return Incident(
            id: .init(rawValue: try row.int64("id")), establishmentID: .init(rawValue: try row.int64("establishment_id")),
            establishmentCode: try row.string("establishment_code"), kind: try row.enumValue("kind", as: IncidentKind.self),
            searchKind: try row.optionalString("search_kind").flatMap(SearchKind.init(rawValue:)),
            relevance: try row.enumValue("relevance", as: IncidentRelevance.self), occurredAt: try minute(row, "occurred_at"),
            place: try row.string("place"), narrative: try row.string("narrative"),
            policeNotice: try row.optionalString("police_notice"), participants: [], items: [], clock: clock,
            reportedBy: try row.string("reported_by"), reportedAt: try minute(row, "reported_at"),
            state: try row.enumValue("state", as: IncidentState.self), history: [], addenda: [],
            version: try row.int("version"))
    }
}
