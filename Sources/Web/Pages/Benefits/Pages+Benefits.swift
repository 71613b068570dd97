import CustodiaCore
import Foundation
import Hummingbird
import LegalClock
import Placement

/// Benefit files on the staff pages (issue 26 point 5): the establishment's board (late first, a button to open a
/// file), the file with its documents, due dates and history, and the forms of the steps its state allows; a refusal
/// is shown at its field and nothing is written.
extension Pages {
    func benefitsBoard(_ web: WebRequest, code: String) async throws -> Response {
        guard try await services.registry.establishment(code: code) != nil else { return CustodiaWeb.notFound(web) }
        let t = web.strings
        let asOf = services.today()
        let board = try await services.registry.benefitBoard(
            establishmentCodes: [code], asOf: asOf, rules: services.environment.rules)
        let mayOpen = web.principal?.may(.handleBenefits) ?? true
        let shown = 300
        let rows = board.entries.prefix(shown).map { entry in
            let c = entry.candidate
            return BenefitRow(
                number: PersonNumber(id: c.personID).description, name: c.name.registerForm,
                benefit: t["benefit.\(c.benefit.rawValue)"], benefitCode: c.benefit.rawValue,
                eligibleFrom: c.eligibleFrom.description, state: t["benefit_state.\(entry.state?.rawValue ?? "not_started")"],
                due: entry.dueBy.description,
                late: entry.late.map { entry.state == nil ? t["benefit_late.not_started"] : t["benefit_late.\($0.rawValue)"] },
                fileHref: c.file.map { "/benefit-files/\($0.id.rawValue)" }, fileText: c.file.map { "#\($0.id.rawValue)" },
                canOpen: mayOpen && (c.file.map { $0.state == .denied && ($0.mayRequestAgainOn ?? asOf) <= asOf } ?? true))
        }
        let counts = board.counts
        let states = ["not_started"] + BenefitFile.State.allCases.map(\.rawValue)
        let summary =
            "\(t["benefits_eligible"]): \(board.entries.count) · \(t["benefits_late"]): \(counts["late"] ?? 0) · "
            + states.compactMap { state in counts[state].map { "\(t["benefit_state.\(state)"]): \($0)" } }.joined(
                separator: " · ")
        let heading = "\(t["benefits_title"]) · \(web.names.establishment(code: code))"
        return web.page(
            "benefits",
            BenefitsModel(
                layout: web.layout(title: heading), heading: heading, code: code, summary: summary,
                review: board.terms.needsLegalReview ? "\(t["benefits_terms_review"]) (\(board.terms.version))" : nil,
                csrf: web.access?.csrfToken ?? "", mayOpen: mayOpen, rows: Array(rows), hasRows: !rows.isEmpty,
                more: board.entries.count > shown ? "\(t["benefits_more"]) \(shown)" : nil))
    }

    /// Opens a file from the board; a refusal is the message page with its reason.
    func openBenefitFile(_ web: WebRequest, number: String) async throws -> Response {
        guard let person = PersonNumber(number) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        let benefit = BenefitFile.Benefit(rawValue: form["benefit"] ?? "") ?? .semiliberty
        switch try await services.registry.openBenefitFile(
            person: person.id, benefit: benefit, within: web.principal?.establishments, asOf: services.today(),
            actor: web.access?.actor ?? "web")
        {
        case .done(let file): return WebRequest.redirect("/benefit-files/\(file.id.rawValue)?done=opened")
        case .rejected(let messages):
            let text = messages.map { web.language == .es ? $0.spanish : $0.english }.joined(separator: " ")
            return web.message(title: web.strings["benefit_open_refused"], text: text, status: .unprocessableContent)
        case .notFound, .versionConflict: return CustodiaWeb.notFound(web)
        }
    }

    /// A file the reader may see: of an establishment in their scope.
    func visibleBenefitFile(_ web: WebRequest, _ text: String) async throws -> BenefitFile? {
        guard let id = Int64(text.trimmingCharacters(in: CharacterSet(charactersIn: "#"))),
            let file = try await services.registry.benefitFile(.init(rawValue: id))
        else { return nil }
        return web.principal.map { $0.covers(establishment: file.establishmentCode) } ?? true ? file : nil
    }

    func benefitFilePage(_ web: WebRequest, id: String) async throws -> Response {
        guard let file = try await visibleBenefitFile(web, id) else { return CustodiaWeb.notFound(web) }
        let done = web.query("done").map { web.strings["done.benefit.\($0)"] }
        return try await renderBenefitFile(web, file, FormState(), failed: nil, done: done)
    }

    func renderBenefitFile(
        _ web: WebRequest, _ f: BenefitFile, _ state: FormState, failed: String?, done: String?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let t = web.strings
        // BP-5: the court the file goes to is the one of the person's case, as the register stores it.
        let cases = try await services.registry.personFile(f.personID)?.cases ?? []
        let caseCourt = (cases.first { $0.proceduralStatus == .sentenced } ?? cases.first)?.court
        let rules = services.environment.rules
        let terms = rules.benefitTerms.terms(version: f.termsVersion) ?? rules.benefitTerms.terms(on: f.openedOn)
        let dates = BenefitProcedure.schedule(of: f, terms: terms)
        let late = BenefitProcedure.late(f, terms: terms, asOf: services.today())
        var facts: [PersonModel.Fact] = [
            .init(label: t["benefit_state"], value: t["benefit_state.\(f.state.rawValue)"]),
            .init(label: t["benefit"], value: t["benefit.\(f.benefit.rawValue)"]),
            .init(label: t["establishment"], value: web.names.establishment(code: f.establishmentCode)),
            .init(label: t["benefit_eligible_from"], value: f.eligibleFrom.description),
            .init(
                label: t["benefit_terms"],
                value: f.termsVersion + (terms.needsLegalReview ? " · \(t["benefits_terms_review"])" : "")),
            .init(label: t["benefit_complete_by"], value: (f.completedOn.map { "\($0) ✓" } ?? dates.completeBy.description)),
            .init(label: t["benefit_send_by"], value: (f.sentOn.map { "\($0) ✓" } ?? dates.sendBy.description)),
            .init(
                label: t["benefit_hearing_by"],
                value: f.hearingOn.map { "\($0) ✓" }
                    ?? (f.decidedOn == nil ? dates.hearingBy.description : t["benefit_no_hearing"])),
            .init(label: t["benefit_decision_by"], value: (f.decidedOn.map { "\($0) ✓" } ?? dates.decisionBy.description)),
            .init(label: t["benefit_appeal_by"], value: dates.appealBy.description),
        ]
        if let late { facts.insert(.init(label: t["benefit_late"], value: t["benefit_late.\(late.rawValue)"]), at: 1) }
        if let on = f.requestedOn { facts.append(.init(label: t["benefit_requested"], value: "\(on) · \(f.requestedBy ?? "")")) }
        if let court = f.court { facts.append(.init(label: t["benefit_court"], value: court)) }
        if let on = f.acknowledgedOn { facts.append(.init(label: t["benefit_acknowledged"], value: on.description)) }
        if let grounds = f.grounds { facts.append(.init(label: t["benefit_grounds"], value: grounds)) }
        if let again = f.mayRequestAgainOn { facts.append(.init(label: t["benefit_again"], value: again.description)) }
        if let on = f.appealedOn { facts.append(.init(label: t["benefit_appealed"], value: "\(on) · \(f.appealedBy ?? "")")) }
        for document in BenefitFile.Document.allCases {
            let record = f.record(document)
            let detail =
                switch record?.state {
                case .issued?:
                    [record?.issuedOn?.description, record?.issuer, record?.reference].compactMap { $0 }.joined(separator: " · ")
                case .notApplicable?: t["benefit_document_not_applicable"]
                default: t["benefit_document_pending"]
                }
            facts.append(
                .init(
                    label: "\(t["benefit_document.\(document.rawValue)"]) (\(t["benefit_author.\(document.author.rawValue)"]))",
                    value: detail))
        }
        let steps = benefitStepForms(web, f, state, failed: failed, court: f.court ?? caseCourt)
        let heading = "\(t["benefit_file_heading"]) #\(f.id.rawValue)"
        let history = f.history.map {
            TransferModel.HistoryRow(
                at: $0.at.formatted(.iso8601),
                state: "\(t["benefit_step.\($0.step)"]) · \(t["benefit_state.\($0.state.rawValue)"])",
                by: $0.by,
                note: [$0.on.description, $0.note.map { Self.benefitNote($0, t) }].compactMap { $0 }.joined(separator: " · "))
        }
        return web.page(
            "transfer",
            TransferModel(
                layout: web.layout(title: heading), heading: heading, personNumber: f.personNumber.description, facts: facts,
                csrf: web.access?.csrfToken ?? "", steps: steps, hasSteps: !steps.isEmpty, general: state.general,
                hasErrors: !state.errors.isEmpty || !state.general.isEmpty, done: done,
                linkHref: "/establishments/\(f.establishmentCode)/benefits", linkLabel: t["benefits_title"], history: history,
                hasHistory: !history.isEmpty),
            status: status)
    }

    /// A step's note as the reader says it: a document's name, or the text as written (grounds, reasons).
    static func benefitNote(_ note: String, _ t: Strings) -> String {
        if BenefitFile.Document(rawValue: note) != nil { return t["benefit_document.\(note)"] }
        if let benefit = BenefitFile.Benefit(rawValue: note) { return t["benefit.\(benefit.rawValue)"] }
        if let colon = note.firstIndex(of: ":"), BenefitFile.Document(rawValue: String(note[..<colon])) != nil {
            return t["benefit_document.\(note[..<colon])"] + note[colon...]
        }
        return note
    }
}

extension Pages {
    /// What the law would free, for the establishments in the reader's scope (issue 26 point 4).
    func reliefPage(_ web: WebRequest) async throws -> Response {
        let t = web.strings
        let today = services.today()
        // A past day (`as_of`), replayed from the register's dated rows; a day that is not one, or after today, is
        // refused at its field and today's report shown.
        let dayText = web.query("as_of").flatMap { $0.isEmpty ? nil : $0 }
        let day = dayText.flatMap { CivilDate(iso: $0) }
        let dayError: String? =
            switch (dayText, day) {
            case (nil, _): nil
            case (_, nil): t["relief_day_invalid"]
            case (_, let day?): day > today ? t["relief_day_future"] : nil
            }
        let replayed = dayError == nil ? day : nil
        let asOf = replayed ?? today
        let codes = web.principal?.establishments
        let relief =
            if let replayed {
                try await services.registry.reliefPotential(
                    establishmentCodes: codes, replaying: replayed, rules: services.environment.rules)
            } else {
                try await services.registry.reliefPotential(
                    establishmentCodes: codes, asOf: asOf, rules: services.environment.rules)
            }
        let need = try await services.registry.capacityNeed(
            establishmentCodes: codes, leaving: relief.leaving,
            population: replayed == nil ? nil : relief.population)
        func percent(_ value: Double) -> String { String(format: "%.1f", value) }
        let n = relief.nation
        let b = relief.transferBound
        let totals: [DashboardModel.Total] = [
            .init(label: t["benefits_eligible"], value: String(n.eligible)),
            .init(label: t["relief_on_time"], value: String(n.onTime)), .init(label: t["relief_late"], value: String(n.late)),
            .init(label: t["benefit_state.not_started"], value: String(n.notStarted)),
            .init(label: t["relief_granted"], value: String(n.granted)),
            .init(label: t["relief_occupancy_now"], value: "\(percent(n.occupancy)) %"),
            .init(label: t["relief_occupancy_if"], value: "\(percent(n.occupancyIfDecided)) %"),
        ]
        let bars = relief.rows.map { row in
            OccupancyChart.Bar(
                label: web.names.establishment(code: row.code), href: "/establishments/\(row.code)/benefits",
                percent: row.occupancyIfDecided, population: max(0, row.population - row.eligible), capacity: row.capacity)
        }
        let rows = relief.rows.map { row in
            ReliefModel.Row(
                code: row.code, name: web.names.establishment(code: row.code), population: String(row.population),
                capacity: String(row.capacity), eligible: String(row.eligible), onTime: String(row.onTime),
                late: String(row.late), notStarted: String(row.notStarted), occupancy: percent(row.occupancy),
                occupancyClass: OccupancyChart.cssClass(row.occupancy), ifDecided: percent(row.occupancyIfDecided),
                ifDecidedClass: OccupancyChart.cssClass(row.occupancyIfDecided))
        }
        let heading = t["relief_title"]
        return web.page(
            "relief",
            ReliefModel(
                layout: web.layout(title: heading, current: "/relief"), heading: heading, asOf: asOf.description,
                day: dayText ?? "", dayError: dayError, replayed: replayed != nil, totals: totals,
                review: relief.needsLegalReview ? "\(t["benefits_terms_review"]) (\(relief.termsVersion))" : nil,
                chart: OccupancyChart.svg(
                    bars, title: t["relief_chart"], scaleMax: relief.rows.map(\.occupancyIfDecided).max() ?? 100),
                candidates: web.principal?.may(.readReliefCandidates) ?? false,
                bound: [
                    .init(label: t["relief_bound_excess_now"], value: String(b.excessByEstablishment)),
                    .init(label: t["relief_bound_floor"], value: "\(b.floorExcess) (\(percent(b.floorOccupancy)) %)"),
                    .init(label: t["relief_bound_excess_if"], value: String(b.excessByEstablishmentIfDecided)),
                    .init(
                        label: t["relief_bound_floor_if"],
                        value: "\(b.floorExcessIfDecided) (\(percent(b.floorOccupancyIfDecided)) %)"),
                ],
                capacity: [
                    .init(label: t["relief_capacity_now"], value: OccupancyChart.grouped(need.placesNow)),
                    .init(label: t["relief_capacity_if"], value: OccupancyChart.grouped(need.placesIfDecided)),
                    .init(label: t["capacity_announced"], value: OccupancyChart.grouped(need.announced)),
                    .init(label: t["relief_capacity_within_now"], value: "\(need.withinNow) / \(need.departments)"),
                    .init(label: t["relief_capacity_within_if"], value: "\(need.withinIfDecided) / \(need.departments)"),
                ],
                rows: rows),
            status: dayError == nil ? .ok : .unprocessableContent)
    }
}
