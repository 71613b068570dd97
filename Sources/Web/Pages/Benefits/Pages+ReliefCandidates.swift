import CustodiaCore
import Foundation
import Hummingbird
import LegalClock

/// The relief candidate lists on the staff pages (issue 26 point 2): the filters, who is on the list with the rules
/// that put them there (or keep them off), and the same rows as CSV for the defense, prosecutors and courts.
extension Pages {
    /// Rows shown on the page; the CSV carries every one.
    static let reliefCandidateRowsShown = 500

    func reliefCandidates(_ web: WebRequest) async throws -> Response {
        guard let principal = web.principal else { return WebRequest.redirect("/login") }
        let t = web.strings
        guard let kind = ReliefCandidateList.Kind(rawValue: web.query("list") ?? "electronic") else {
            return web.message(title: t["relief_candidates_title"], text: t["relief_candidates_bad_list"], status: .badRequest)
        }
        let establishment = web.query("establishment")
        if let code = establishment {
            guard principal.covers(establishment: code), web.names.establishments[code] != nil else {
                return CustodiaWeb.notFound(web)
            }
        }
        let withinText = web.query("within_days") ?? "30"
        let within = Int(withinText).flatMap { (0...365).contains($0) ? $0 : nil }
        let includeExcluded = web.query("include_excluded") == "1"
        let asOf = services.today()
        let list = try await services.registry.reliefCandidates(
            kind, establishmentCodes: establishment.map { [$0] } ?? principal.establishments, districts: principal.districts,
            asOf: asOf, rules: services.environment.rules, withinDays: within ?? 30, includeExcluded: includeExcluded)
        if web.query("format") == "csv", within != nil {
            let name = "custodia-\(kind.rawValue)-\(establishment ?? "todos")-\(asOf).csv"
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"",
                    .cacheControl: "no-store",
                ],
                body: .init(byteBuffer: ByteBuffer(string: list.csv())))
        }
        var parts = ["list=\(kind.rawValue)", "within_days=\(within ?? 30)"]
        if let establishment { parts.append("establishment=\(establishment.queryEncoded)") }
        if includeExcluded { parts.append("include_excluded=1") }
        let shown = within == nil ? [] : Array(list.rows.prefix(Self.reliefCandidateRowsShown))
        let qualifying = list.rows.filter(\.qualifies).count
        let heading = t["relief_candidates_title"]
        let model = ReliefCandidatesModel(
            layout: web.layout(title: heading, current: "/relief"), heading: heading, asOf: asOf.description,
            summary: t["relief_candidates_summary"].replacingOccurrences(of: "{qualifying}", with: String(qualifying))
                .replacingOccurrences(of: "{examined}", with: String(list.examined)),
            review: list.penaltiesNeedLegalReview ? "\(t["relief_candidates_review"]) (\(list.penaltiesVersion))" : nil,
            lists: ReliefCandidateList.Kind.allCases.map {
                .init(value: $0.rawValue, label: t["relief_list_\($0.rawValue)"], selected: $0 == kind)
            },
            establishments: web.names.establishments.values.filter { principal.covers(establishment: $0.code) }
                .sorted { $0.name < $1.name }
                .map { .init(value: $0.code, label: $0.name, selected: $0.code == establishment) },
            withinDays: withinText, withinError: within == nil ? t["relief_candidates_within_invalid"] : nil,
            includeExcluded: includeExcluded, csvHref: "/relief/candidates?" + (parts + ["format=csv"]).joined(separator: "&"),
            rows: shown.map { candidateRow($0, web) }, hasRows: !shown.isEmpty,
            truncated: list.rows.count > shown.count && within != nil
                ? t["relief_candidates_truncated"].replacingOccurrences(of: "{shown}", with: String(shown.count))
                    .replacingOccurrences(of: "{total}", with: String(list.rows.count)) : nil)
        return web.page("relief_candidates", model, status: within == nil ? .unprocessableContent : .ok)
    }

    func candidateRow(_ row: ReliefCandidateList.Row, _ web: WebRequest) -> ReliefCandidatesModel.Row {
        let t = web.strings
        let s = row.subject
        let flags = [
            row.qualifies ? nil : t["relief_flag_excluded"], row.priority ? t["relief_flag_priority"] : nil,
            row.needsLegalReview ? t["relief_flag_review"] : nil,
        ].compactMap { $0 }
        let sentence = s.lifeSentence ? t["relief_life_sentence"] : s.sentenceMonths.map { "\($0) \(t["relief_months"])" }
        return ReliefCandidatesModel.Row(
            number: PersonNumber(id: s.personID).description, name: s.name.displayForm,
            establishment: web.names.establishment(code: s.establishmentCode), status: t["relief_status.\(s.status.rawValue)"],
            pretrialEndsOn: s.pretrialEndsOn?.description ?? "", sentence: sentence ?? "",
            articles: s.articles.joined(separator: ", "), flags: flags.joined(separator: " · "),
            rowClass: row.qualifies ? "" : "muted",
            reasons: row.reasons.map {
                let label = t["relief_reason.\($0.code)"]
                return .init(
                    rule: $0.rule.rawValue, citation: $0.rule.citation, label: label,
                    detail: $0.detail.lowercased() == label.lowercased() ? nil : $0.detail, mark: $0.qualifies ? "✓" : "✗")
            })
    }
}
