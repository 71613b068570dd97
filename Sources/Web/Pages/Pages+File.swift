import API
import CustodiaCore
import Foundation
import Hummingbird
import LegalClock

extension Pages {
    func file(_ web: WebRequest, number text: String) async throws -> Response {
        guard let number = PersonNumber(text), let file = try await services.registry.personFile(number.id) else {
            return CustodiaWeb.notFound(web)
        }
        let p = file.person
        let today = services.today()
        func establishment(_ id: Establishment.ID) -> String {
            file.establishmentCodes[id].map { web.names.establishment(code: $0) } ?? ""
        }
        let placements: [[String: Any]] = file.placements.reversed().map {
            [
                "establishment": establishment($0.establishmentID), "pavilion": file.pavilionCodes[$0.pavilionID] ?? "",
                "cell": $0.cellID.flatMap { file.cellCodes[$0] } ?? "—", "from": $0.fromDate.description,
                "until": $0.untilDate?.description ?? "",
            ]
        }
        let episodes: [[String: Any]] = file.episodes.reversed().map {
            [
                "establishment": establishment($0.establishmentID), "admitted": "\($0.admittedOn) \($0.admittedAt)",
                "authority": $0.sendingAuthority,
                "status": web.strings[$0.proceduralStatus == .sentenced ? "sentenced" : "unsentenced"],
                "released": $0.release.map { "\($0.releasedOn) \($0.releasedAt)" } ?? "",
                "ground": $0.release.map { web.strings["ground.\($0.ground.rawValue)"] } ?? "",
            ]
        }
        let cases: [[String: Any]] = file.cases.map {
            [
                "number": $0.number.text, "court": $0.court, "district": $0.judicialDistrict,
                "type": web.strings["case.\($0.caseType.rawValue)"],
                "charges": $0.charges.map { "\($0.crimeName) (art. \($0.article))" }.joined(separator: "; "),
            ]
        }
        let orders: [[String: Any]] = file.orders.reversed().map {
            [
                "kind": orderText($0.kind, web), "court": $0.issuingCourt, "issued": $0.issuedOn.description,
                "reference": $0.reference,
            ]
        }
        var current: [String: Any]?
        if let placement = file.currentPlacement, file.openEpisode != nil {
            current = [
                "establishment": establishment(placement.establishmentID),
                "establishmentCode": file.establishmentCodes[placement.establishmentID] ?? "",
                "pavilion": file.pavilionCodes[placement.pavilionID] ?? "", "since": placement.fromDate.description,
            ]
            // No cell: no key, so no label either (a nil wrapped in Any would open the template's section).
            if let cell = placement.cellID.flatMap({ file.cellCodes[$0] }) { current?["cell"] = cell }
        }
        var sensitive: [[String: Any]] = []
        if let principal = web.principal {
            let s = file.sensitive
            for (section, value) in [
                (SensitiveSection.health, s.health), (.affiliation, s.affiliation), (.intelligence, s.intelligence),
            ] {
                if let value, principal.mayRead(section) {
                    sensitive.append(["label": web.strings[section.rawValue], "value": value])
                }
            }
        }
        let inCustody = file.openEpisode != nil
        let done = web.query("done").flatMap {
            ["admission", "move", "release", "sensitive"].contains($0) ? web.strings["done.\($0)"] : nil
        }
        return web.page(
            "person",
            web.model(
                title: "\(p.name.registerForm) · \(p.number)",
                [
                    "number": p.number.description, "name": p.name.registerForm, "document": documentText(p.document, web),
                    "aliases": p.aliases.isEmpty ? nil as String? as Any : p.aliases.joined(separator: ", "),
                    "sex": web.strings["sex.\(p.sex.rawValue)"],
                    "birthDate": p.birthDate?.description ?? "", "nationality": p.nationality,
                    "custody": web.strings[inCustody ? "in_custody" : "released"], "current": current as Any,
                    "episodes": episodes, "cases": cases, "orders": orders, "placements": placements,
                    "clock": clock(file, today: today, web) as Any, "sensitive": sensitive, "hasSensitive": !sensitive.isEmpty,
                    "canMove": inCustody && web.principal?.may(.move) == true,
                    "canRelease": inCustody && web.principal?.may(.release) == true, "done": done as Any,
                    "canRecordSensitive": web.principal?.may(.recordSensitive) == true,
                ]))
    }

    func orderText(_ kind: CourtOrder.Kind, _ web: WebRequest) -> String {
        let months = web.strings["months"].lowercased()
        let years = web.strings["years"].lowercased()
        let startsOn = web.strings["starts_on"].lowercased()
        return switch kind {
        case .detention: web.strings["order.detention"]
        case .release: web.strings["order.release"]
        case .prolongation(let n): "\(web.strings["order.prolongation"]): \(n) \(months)"
        case .adecuacion(let n): "\(web.strings["order.adecuacion"]): \(n) \(months)"
        case .appealProlongation(let n): "\(web.strings["order.appeal_prolongation"]): \(n) \(months)"
        case .appealedConviction(let term):
            "\(web.strings["order.appealed_conviction"]): \(term.years) \(years), \(term.months) \(months)"
        case .pretrialDetention(let term):
            "\(web.strings["order.pretrial_detention"]): \(term.months) \(months), \(startsOn) \(term.startsOn)"
        case .sentence(let term):
            (term.isLife
                ? "\(web.strings["order.sentence"]): \(web.strings["order.life_sentence"]) — \(startsOn) \(term.startsOn)"
                : "\(web.strings["order.sentence"]): \(term.years) \(years), \(term.months) \(months), \(term.days) \(web.strings["days"].lowercased()) — \(startsOn) \(term.startsOn)")
                + (term.recidivism.map { " — \(web.strings["recidivism.\($0.rawValue)"])" } ?? "")
        }
    }

    /// The legal clock with its work shown: dates, each rule with its citation, the points for legal review.
    func clock(_ file: PersonFile, today: CivilDate, _ web: WebRequest) -> [String: Any]? {
        guard let input = ClockInput.from(file, asOf: today) else { return nil }
        let result = LegalClock.compute(input, rules: services.environment.rules, explain: true)
        var facts: [[String: Any]] = []
        func fact(_ key: String, _ value: String?, alert: Bool = false) {
            if let value { facts.append(["label": web.strings[key], "value": value, "alert": alert]) }
        }
        if let pretrial = result.pretrial {
            fact("starts_on", pretrial.startsOn.description)
            fact("term_ends_on", pretrial.termEndsOn.description, alert: pretrial.expired)
            fact("release_on", pretrial.releaseOn.description)
            fact("days_left", pretrial.expired ? web.strings["expired"] : String(pretrial.daysLeft), alert: pretrial.expired)
            fact("maximum_ends_on", pretrial.maximumEndsOn.description)
            fact("appeal_limit_ends_on", pretrial.appealLimitEndsOn?.description)
        }
        if let sentence = result.sentence {
            fact("starts_on", sentence.startsOn.description)
            fact("credited_days", String(sentence.creditedDays))
            fact("redeemed_days", String(sentence.redeemedDays))
            fact("sentence_ends_on", sentence.endsOn?.description ?? (sentence.life ? "—" : nil))
            fact("release_on", sentence.releaseOn?.description)
            if let days = sentence.daysLeft { fact("days_left", String(days), alert: days < 0) }
            for (key, benefit) in [("semiliberty", sentence.semiliberty), ("conditional_release", sentence.conditionalRelease)] {
                guard let benefit else { continue }
                fact(
                    key,
                    benefit.eligibleFrom?.description ?? benefit.excludedBy.map { "\(web.strings["excluded"]) (\($0.rawValue))" })
            }
        }
        return [
            "status": web.strings["clock.\(result.status.rawValue)"], "facts": facts, "ruleVersion": result.ruleVersion as Any,
            "rules": result.rules.map {
                ["id": $0.id.rawValue, "citation": $0.citation, "detail": web.language == .es ? $0.detail : $0.detailEn]
            },
            "review": result.review.map {
                [
                    "setting": $0.setting, "rule": $0.rule.rawValue, "value": $0.value,
                    "reason": web.language == .es ? $0.reason : $0.reasonEn,
                ]
            },
            "hasReview": !result.review.isEmpty,
            "messages": result.messages.map { web.language == .es ? $0.message : $0.messageEn },
        ]
    }

    // MARK: Alerts and audit

    func alerts(_ web: WebRequest) async throws -> Response {
        guard let principal = web.principal else { return WebRequest.redirect("/login") }
        let (asOf, dateError) = asOf(web)
        let kind = web.query("kind").flatMap(AlertKind.init(rawValue:))
        let severity = web.query("severity").flatMap(AlertSeverity.init(rawValue:))
        let establishment = web.query("establishment")
        if let code = establishment, !principal.covers(establishment: code) { return CustodiaWeb.notFound(web) }
        let page = try await services.registry.alerts(
            asOf: asOf, establishmentCode: establishment, within: principal.establishments, severity: severity, kind: kind,
            after: web.query("cursor"), limit: 50)
        // The names the request already read; no occupancy needed for a list of establishments.
        let establishments = web.names.establishments.values.filter { principal.covers(establishment: $0.code) }
            .sorted { $0.name < $1.name }
            .map { ["code": $0.code, "name": $0.name, "selected": $0.code == establishment] }
        var nextHref: String?
        if let cursor = page?.nextCursor {
            var parts = ["as_of=\(asOf)", "cursor=\(cursor.queryEncoded)"]
            if let kind { parts.append("kind=\(kind.rawValue)") }
            if let severity { parts.append("severity=\(severity.rawValue)") }
            if let establishment { parts.append("establishment=\(establishment.queryEncoded)") }
            nextHref = "/alerts?" + parts.joined(separator: "&")
        }
        let rows = (page?.items ?? []).map { alertRow($0, web) }
        return web.page(
            "alerts",
            web.model(
                title: web.strings["alerts_title"], current: "/alerts",
                [
                    "asOf": asOf.description, "dateError": dateError as Any, "rows": rows, "hasRows": !rows.isEmpty,
                    "kinds": AlertKind.allCases.map {
                        ["value": $0.rawValue, "label": web.strings["alert.\($0.rawValue)"], "selected": $0 == kind]
                    },
                    "severities": AlertSeverity.allCases.map {
                        ["value": $0.rawValue, "label": web.strings["severity.\($0.rawValue)"], "selected": $0 == severity]
                    },
                    "establishments": establishments, "next": nextHref as Any,
                ]))
    }

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
        let rows: [[String: Any]] = page.items.map {
            var row: [String: Any] = [
                "sequence": String($0.sequence), "when": $0.occurredAt, "user": $0.record.actor.user,
                // Staff roles in the reader's language; a client's kind or "unknown" as recorded.
                "role": $0.record.actor.role.split(separator: ",").map { part in
                    Role(rawValue: String(part)).map { web.language == .es ? $0.spanishName : $0.englishName } ?? String(part)
                }.joined(separator: ", "),
                "action": $0.record.actor.action,
                // A link always has a text: the resource, else the person's number.
                "resource": ($0.record.resource).flatMap { $0.isEmpty ? nil : $0 } ?? $0.record.personNumber ?? "",
                "address": $0.record.actor.address ?? "",
                "outcome": $0.record.outcome,
            ]
            // Only a present key opens the section (a name of its own: the filter form has a "person" too, which a
            // row without one would inherit).
            if let person = $0.record.personNumber, !person.isEmpty { row["rowPerson"] = person }
            return row
        }
        var next: String?
        if let cursor = page.nextCursor {
            let kept = ["person", "user", "establishment", "from", "until"].compactMap { name in
                web.query(name).map { "\(name)=\($0.queryEncoded)" }
            }
            next = "/audit?" + (kept + ["cursor=\(cursor)"]).joined(separator: "&")
        }
        return web.page(
            "audit",
            web.model(
                title: web.strings["audit_title"], current: "/audit",
                [
                    "person": web.query("person") ?? "", "user": web.query("user") ?? "",
                    "establishment": web.query("establishment") ?? "",
                    "from": web.query("from") ?? "", "until": web.query("until") ?? "", "fromError": errors["from"] as Any,
                    "untilError": errors["until"] as Any, "rows": rows, "hasRows": !rows.isEmpty, "next": next as Any,
                ]), status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
