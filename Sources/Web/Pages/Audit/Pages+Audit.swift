import CustodiaCore
import Foundation
import Hummingbird

extension Pages {
    func audit(_ web: WebRequest) async throws -> Response {
        var errors: [String: String] = [:]
        for field in ["from", "until"] {
            if let value = web.query(field), CivilDate(iso: value) == nil { errors[field] = web.strings["invalid_date"] }
        }
        let filter = AuditFilter(
            personNumber: web.query("person").map { PersonNumber($0)?.description ?? $0 }, user: web.query("user"),
            establishmentCode: web.query("establishment"), from: errors["from"] == nil ? web.query("from") : nil,
            until: errors["until"] == nil ? web.query("until") : nil)
        let page = try await services.auditLog.search(filter, after: web.query("cursor"), limit: 100)
        let rows = page.items.map {
            AuditModel.Row(
                sequence: String($0.sequence), when: $0.occurredAt, user: $0.record.actor.user,
                // Staff roles in the reader's language; a client's kind or "unknown" as recorded.
                role: $0.record.actor.role.split(separator: ",").map { part in
                    Role(rawValue: String(part)).map { web.language == .es ? $0.spanishName : $0.englishName } ?? String(part)
                }.joined(separator: ", "),
                action: $0.record.actor.action,
                resource: ($0.record.resource).flatMap { $0.isEmpty ? nil : $0 } ?? $0.record.personNumber ?? "",
                address: $0.record.actor.address ?? "", outcome: $0.record.outcome,
                rowPerson: $0.record.personNumber.flatMap { $0.isEmpty ? nil : $0 })
        }
        var next: String?
        if let cursor = page.nextCursor {
            let kept = ["person", "user", "establishment", "from", "until"].compactMap { name in
                web.query(name).map { "\(name)=\($0.queryEncoded)" }
            }
            next = "/audit?" + (kept + ["cursor=\(cursor)"]).joined(separator: "&")
        }
        let typed = AuditModel.Filter(
            person: web.query("person") ?? "", user: web.query("user") ?? "", establishment: web.query("establishment") ?? "",
            from: web.query("from") ?? "", until: web.query("until") ?? "")
        return web.page(
            "audit",
            AuditModel(
                layout: web.layout(title: web.strings["audit_title"], current: "/audit"), filter: typed,
                fromError: errors["from"], untilError: errors["until"], rows: rows, hasRows: !rows.isEmpty, next: next),
            status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
