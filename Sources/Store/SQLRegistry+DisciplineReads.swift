import CustodiaCore
import Foundation
import SQLKit

/// Reading disciplinary cases: one, a person's, an establishment's.
extension SQLRegistry {
    static let disciplineColumns = """
        dc.id, dc.person_id, dc.establishment_id, e.code AS establishment_code, dc.offence_code, o.gravity, o.text,
        o.article, o.valid_from, dc.incident_id, dc.act, dc.occurred_on, dc.opened_on, dc.opened_by, dc.notified_on,
        dc.notice, dc.descargo_on, dc.descargo, dc.defender, dc.descargo_lapsed, dc.report_on, dc.report, dc.decided_on,
        dc.acta, dc.outcome, dc.appeal_on, dc.appeal, dc.appeal_result, dc.appeal_result_on, dc.appeal_result_text,
        dc.state, dc.version
        """

    public func disciplineCase(_ id: DisciplineCase.ID) async throws -> DisciplineCase? {
        try await database.read { sql in try await Self.disciplineCases(sql, where: "dc.id = $1", [id.rawValue]).first }
    }

    public func disciplineCases(of person: Person.ID) async throws -> [DisciplineCase] {
        try await database.read { sql in try await Self.disciplineCases(sql, where: "dc.person_id = $1", [person.rawValue]) }
    }

    public func disciplineCases(establishmentCodes: Set<String>?, open: Bool, limit: Int) async throws -> [DisciplineCase] {
        var binds: [any Encodable & Sendable] = []
        var conditions: [String] = []
        if let codes = establishmentCodes?.sorted() {
            binds += codes
            conditions.append(
                codes.isEmpty ? "1 = 0" : "e.code IN (\(Placeholders.list(codes.count)))")
        }
        if open { conditions.append("dc.state <> 'closed'") }
        binds.append(limit)
        let condition = conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND ")
        return try await database.read { [binds] sql in
            try await Self.disciplineCases(sql, where: condition, binds, limit: "$\(binds.count)")
        }
    }

    /// The cases a condition selects, newest first, with their measures (one more statement).
    static func disciplineCases(
        _ sql: any SQLDatabase, where condition: String, _ binds: [any Encodable & Sendable], limit: String? = nil
    ) async throws -> [DisciplineCase] {
        var cases = try await sql.execute(
            """
            SELECT \(disciplineColumns) FROM discipline_cases dc JOIN establishments e ON e.id = dc.establishment_id
            JOIN discipline_offences o ON o.code = dc.offence_code
            WHERE \(condition) ORDER BY dc.id DESC\(limit.map { " LIMIT \($0)" } ?? "")
            """, binds
        ).map(Decode.disciplineCase)
        guard !cases.isEmpty else { return [] }
        let ids = cases.map(\.id.rawValue)
        let list = Placeholders.list(ids.count)
        var measures: [Int64: [SanctionMeasure]] = [:]
        for row in try await sql.execute(
            "SELECT case_id, kind, starts_on, days FROM discipline_measures WHERE case_id IN (\(list)) ORDER BY case_id, position",
            ids)
        {
            measures[try row.int64("case_id"), default: []].append(
                SanctionMeasure(
                    kind: try row.enumValue("kind", as: SanctionKind.self), startsOn: try row.date("starts_on"),
                    days: try row.int("days")))
        }
        for index in cases.indices { cases[index].measures = measures[cases[index].id.rawValue] ?? [] }
        return cases
    }
}

extension Decode {
    static func offence(_ row: any SQLRow) throws -> Offence {
        Offence(
            code: try row.string("code"), gravity: try row.enumValue("gravity", as: Offence.Gravity.self),
            text: try row.string("text"), article: try row.string("article"), validFrom: try row.date("valid_from"))
    }

    static func disciplineCase(_ row: any SQLRow) throws -> DisciplineCase {
        var c = DisciplineCase(
            id: .init(rawValue: try row.int64("id")), personID: .init(rawValue: try row.int64("person_id")),
            establishmentID: .init(rawValue: try row.int64("establishment_id")),
            establishmentCode: try row.string("establishment_code"),
            offence: Offence(
                code: try row.string("offence_code"), gravity: try row.enumValue("gravity", as: Offence.Gravity.self),
                text: try row.string("text"), article: try row.string("article"), validFrom: try row.date("valid_from")),
            incidentID: try row.optionalInt64("incident_id").map { .init(rawValue: $0) }, act: try row.string("act"),
            occurredOn: try row.date("occurred_on"), openedOn: try row.date("opened_on"), openedBy: try row.string("opened_by"),
            state: try row.enumValue("state", as: DisciplineCase.State.self), version: try row.int("version"))
        c.notifiedOn = try row.optionalDate("notified_on")
        c.notice = try row.optionalString("notice")
        c.descargoOn = try row.optionalDate("descargo_on")
        c.descargo = try row.optionalString("descargo")
        c.defender = try row.optionalString("defender")
        c.descargoLapsed = try row.int("descargo_lapsed") != 0
        c.reportOn = try row.optionalDate("report_on")
        c.report = try row.optionalString("report")
        c.decidedOn = try row.optionalDate("decided_on")
        c.acta = try row.optionalString("acta")
        c.outcome = try row.optionalString("outcome").flatMap(DisciplineCase.Outcome.init(rawValue:))
        c.appealOn = try row.optionalDate("appeal_on")
        c.appeal = try row.optionalString("appeal")
        c.appealResult = try row.optionalString("appeal_result").flatMap(DisciplineCase.AppealResult.init(rawValue:))
        c.appealResultOn = try row.optionalDate("appeal_result_on")
        c.appealResultText = try row.optionalString("appeal_result_text")
        return c
    }
}

extension SQLRegistry {
    /// The time limits of the procedure on `asOf` (DS-7 … DS-9): the report overdue 15 days after opening (high) or due
    /// within 3 (medium), the descargo period run out with nothing recorded (medium), a sanction's appeal period ending
    /// within 3 days (low). One statement over the cases not yet reported on or decided and not appealed.
    func disciplineAlerts(asOf: CivilDate, establishmentID: Int64?) async throws -> [(Alert, String)] {
        let binds: [any Encodable & Sendable] = establishmentID.map { [$0] } ?? []
        let cases = try await database.read { sql in
            try await Self.disciplineCases(
                sql,
                where: "dc.state IN ('opened', 'notified', 'heard', 'decided')"
                    + (establishmentID == nil ? "" : " AND dc.establishment_id = $1"), binds)
        }
        var alerts: [(Alert, String)] = []
        for c in cases {
            func add(_ kind: AlertKind, _ date: CivilDate) {
                alerts.append(
                    (
                        Alert(
                            kind: kind, personID: c.personID, establishmentID: c.establishmentID, date: date,
                            days: asOf.days(until: date)), c.establishmentCode
                    ))
            }
            if c.state == .decided {
                if c.outcome == .sanctioned, let due = c.appealDue, (0...3).contains(asOf.days(until: due)) {
                    add(.disciplineAppealEnds, due)
                }
                continue
            }
            let left = asOf.days(until: c.reportDue)
            if left < 0 {
                add(.disciplineReportOverdue, c.reportDue)
            } else if left <= 3 {
                add(.disciplineReportDue, c.reportDue)
            }
            if c.state == .notified, let due = c.descargoDue, due < asOf { add(.disciplineDescargoOver, due) }
        }
        return alerts
    }
}
