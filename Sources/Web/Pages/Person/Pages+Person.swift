import API
import CustodiaCore
import Foundation
import Hummingbird
import LegalClock
import Placement

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
        let placements = file.placements.reversed().map {
            PersonModel.PlacementRow(
                establishment: establishment($0.establishmentID), pavilion: file.pavilionCodes[$0.pavilionID] ?? "",
                cell: $0.cellID.flatMap { file.cellCodes[$0] } ?? "—", from: $0.fromDate.description,
                until: $0.untilDate?.description ?? "")
        }
        let episodes = file.episodes.reversed().map {
            PersonModel.Episode(
                establishment: establishment($0.establishmentID), admitted: "\($0.admittedOn) \($0.admittedAt)",
                authority: $0.sendingAuthority,
                status: web.strings[$0.proceduralStatus == .sentenced ? "sentenced" : "unsentenced"],
                released: $0.release.map { "\($0.releasedOn) \($0.releasedAt)" } ?? "",
                ground: $0.release.map { web.strings["ground.\($0.ground.rawValue)"] } ?? "")
        }
        let cases = file.cases.map {
            PersonModel.Case(
                number: $0.number.text, court: $0.court, district: $0.judicialDistrict,
                type: web.strings["case.\($0.caseType.rawValue)"],
                charges: $0.charges.map { "\($0.crimeName) (art. \($0.article))" }.joined(separator: "; "))
        }
        let orders = file.orders.reversed().map {
            PersonModel.Order(
                kind: orderText($0.kind, web), court: $0.issuingCourt, issued: $0.issuedOn.description, reference: $0.reference)
        }
        var current: PersonModel.CurrentPlacement?
        if let placement = file.currentPlacement, file.openEpisode != nil {
            current = PersonModel.CurrentPlacement(
                establishment: establishment(placement.establishmentID),
                establishmentCode: file.establishmentCodes[placement.establishmentID] ?? "",
                pavilion: file.pavilionCodes[placement.pavilionID] ?? "", since: placement.fromDate.description,
                cell: placement.cellID.flatMap { file.cellCodes[$0] })
        }
        var sensitive: [PersonModel.Fact] = []
        if let principal = web.principal {
            let s = file.sensitive
            for (section, value) in [
                (SensitiveSection.health, s.health), (.affiliation, s.affiliation), (.intelligence, s.intelligence),
            ] {
                if let value, principal.mayRead(section) {
                    sensitive.append(PersonModel.Fact(label: web.strings[section.rawValue], value: value))
                }
            }
        }
        let inCustody = file.openEpisode != nil
        let keepApart = try await keepApartRows(file, today: today, web)
        let overrides = overrideRows(file, web)
        let transfers =
            web.principal?.may(.readTransfers) == true ? file.transfers.reversed().map { transferRow($0, web) } : []
        let now = minute()
        let intake = intakeFacts(file, web)
        let solitary = solitaryFacts(file, today: today, web)
        let isolations =
            web.principal?.may(.readIsolations) == true
            ? file.isolations.reversed().map { i in
                IsolationRow(
                    lift: web.principal?.may(.orderIsolation) == true && i.liftedOn == nil && i.plannedEndOn > today
                        ? "/persons/\(p.number)/isolations/\(i.id.rawValue)/lift" : nil,
                    check: web.principal?.may(.recordContact) == true && i.covers(today)
                        ? "/persons/\(p.number)/isolations/\(i.id.rawValue)/check" : nil,
                    checked: "\(i.checks.count) / \(max(0, min(i.days, i.startsOn.days(until: today) + 1)))",
                    person: PersonNumber(id: i.personID).description, period: "\(i.startsOn) – \(i.endOn)",
                    days: String(i.days), resolution: i.resolution, medical: i.medicalReport, reason: i.reason)
            } : []
        let outings =
            web.principal?.may(.readOutings) == true ? file.outings.reversed().map { outingRow($0, web, at: now) } : []
        let visits = try await personVisits(file, web)
        let memberships =
            web.principal?.mayRead(.affiliation) == true
            ? file.memberships.reversed().map {
                PersonModel.MembershipRow(
                    organization: $0.organizationName, role: web.strings["role.\($0.role.rawValue)"],
                    period: "\($0.from) – \($0.to?.description ?? web.strings["current"])", evidence: $0.evidenceSource,
                    confidence: web.strings["confidence.\($0.confidence.rawValue)"])
            } : []
        let done = web.query("done").flatMap {
            [
                "admission", "move", "release", "sensitive", "classify", "membership", "keep_apart", "intake", "contact",
                "isolation", "isolation_lifted", "isolation_checked", "discipline",
            ].contains(
                $0)
                ? web.strings["done.\($0)"] : nil
        }
        let discipline =
            web.principal?.may(.readDiscipline) == true
            ? try await services.registry.disciplineCases(of: p.id).map { disciplineRow($0, web) } : []
        var model = PersonModel(
            layout: web.layout(title: "\(p.name.registerForm) · \(p.number)"), number: p.number.description,
            name: p.name.registerForm, document: documentText(p.document, web),
            aliases: p.aliases.isEmpty ? nil : p.aliases.joined(separator: ", "), sex: web.strings["sex.\(p.sex.rawValue)"],
            birthDate: p.birthDate?.description ?? "", nationality: p.nationality,
            custody: web.strings[inCustody ? "in_custody" : "released"], current: current, episodes: episodes,
            cases: cases, orders: orders, placements: placements, clock: clock(file, today: today, web),
            sensitive: sensitive, hasSensitive: !sensitive.isEmpty, canMove: inCustody && web.principal?.may(.move) == true,
            canRelease: inCustody && web.principal?.may(.release) == true,
            canRecordSensitive: web.principal?.may(.recordSensitive) == true,
            classification: classification(file, today: today, web),
            canClassify: inCustody && web.principal?.may(.classify) == true, memberships: memberships,
            hasMemberships: !memberships.isEmpty, canRecordMembership: web.principal?.may(.recordMembership) == true,
            keepApart: keepApart, hasKeepApart: !keepApart.isEmpty,
            canRecordKeepApart: inCustody && web.principal?.may(.recordKeepApart) == true,
            overrides: overrides, hasOverrides: !overrides.isEmpty, transfers: transfers,
            hasTransfers: !transfers.isEmpty,
            canRequestTransfer: inCustody && web.principal?.may(.requestTransfer) == true
                && !file.transfers.contains { $0.state.isOpen },
            outings: outings, hasOutings: !outings.isEmpty,
            canScheduleOuting: inCustody && web.principal?.may(.scheduleOuting) == true, visits: visits,
            hasVisits: !visits.isEmpty, canBookVisit: inCustody && web.principal?.may(.bookVisit) == true, intake: intake,
            hasIntake: !intake.isEmpty, canRecordIntake: inCustody && web.principal?.may(.recordIntake) == true,
            solitary: solitary, hasSolitary: !solitary.isEmpty,
            canRecordContact: inCustody && web.principal?.may(.recordContact) == true, isolations: isolations,
            hasIsolations: !isolations.isEmpty,
            canOrderIsolation: inCustody && web.principal?.may(.orderIsolation) == true,
            isolationDaysLastYear: String(IsolationRules.daysInLastYear(file.isolations, asOf: today)), done: done)
        model.discipline = discipline
        model.hasDiscipline = !discipline.isEmpty
        model.canOpenCase = inCustody && web.principal?.may(.recordDiscipline) == true
        if web.principal?.may(.readIncidents) == true {
            model.incidents = try await services.registry.incidents(of: p.id, limit: 20).filter {
                web.principal?.covers(establishment: $0.establishmentCode) ?? true
            }.map { incidentRow($0, web) }
            model.hasIncidents = !model.incidents.isEmpty
        }
        if web.principal?.may(.readOrders) == true {
            model.received = try await services.registry.inboundOrders(person: p.id).filter {
                $0.establishmentCode.map { web.principal?.covers(establishment: $0) ?? true } ?? true
            }.map { orderRow($0, web) }
            model.hasReceived = !model.received.isEmpty
        }
        return web.page("person", model)
    }

    /// The placements authorised despite a conflict that concern the person (OP-3), newest first.
    func overrideRows(_ file: PersonFile, _ web: WebRequest) -> [PersonModel.OverrideRow] {
        guard web.principal?.may(.readKeepApart) == true else { return [] }
        let t = web.strings
        return file.overrides.reversed().map { o in
            PersonModel.OverrideRow(
                date: o.decidedOn.description, movement: t["movement.\(o.movement.rawValue)"],
                place: "\(o.establishmentCode) · \(o.pavilionCode)",
                personNumber: o.personID == file.person.id ? nil : PersonNumber(id: o.personID).description,
                what: o.codes.map {
                    web.language == .es ? ValidationCatalog.text(for: $0).spanish : ValidationCatalog.text(for: $0).english
                }
                .joined(separator: "; "),
                resolution: o.resolution, reason: o.reason, by: "\(o.decidedBy) (\(o.role))",
                others: o.counterparts.filter { $0 != file.person.id }.map { PersonNumber(id: $0).description })
        }
    }

    /// The keep-apart records that bind the person (SEP-6), newest first, for the roles that read affiliation.
    func keepApartRows(_ file: PersonFile, today: CivilDate, _ web: WebRequest) async throws -> [PersonModel.KeepApartRow] {
        guard web.principal?.mayRead(.affiliation) == true else { return [] }
        let records = try await services.registry.keepAparts(of: file.person.id, asOf: today)
        guard !records.isEmpty else { return [] }
        let t = web.strings
        let names = Dictionary(
            try await services.registry.organizations().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return records.reversed().map { record in
            var with = ""
            var other: String?
            switch record.parties {
            case .persons(let a, let b):
                other = PersonNumber(id: a == file.person.id ? b : a).description
                with = "\(t["person"]) \(other!)"
            case .organizations(let a, let b):
                with = "\(names[a] ?? "#\(a)") ↔ \(names[b] ?? "#\(b)")"
            }
            return PersonModel.KeepApartRow(
                with: with, otherNumber: other, scope: t["scope.\(record.scope.rawValue)"],
                period: "\(record.startsOn) – \(record.endsOn?.description ?? t["current"])", reason: record.reason,
                open: record.isOpen)
        }
    }

    /// Régimen and etapa as of today (CL-4, CL-5, CL-6, CL-8), with the decisions of every episode, newest first.
    func classification(_ file: PersonFile, today: CivilDate, _ web: WebRequest) -> PersonModel.Classification? {
        guard file.openEpisode != nil || !file.classifications.isEmpty else { return nil }
        let t = web.strings
        let status = ClassificationRules.status(of: file, asOf: today)
        func name(_ regime: Regime) -> String { web.language == .es ? regime.spanishName : regime.englishName }
        var facts: [PersonModel.Fact] = []
        if file.openEpisode != nil {
            let overdue = status.initialDueOn.map { today >= $0 } ?? false
            facts.append(
                PersonModel.Fact(
                    label: t["regime"], value: status.current.map { name($0.regime) } ?? t["unclassified"], alert: overdue))
        }
        if let due = status.initialDueOn, let alert = status.initialAlertOn {
            facts.append(PersonModel.Fact(label: t["classification_due"], value: "\(due)", alert: today >= alert))
        }
        if let review = status.reviewDueOn {
            facts.append(PersonModel.Fact(label: t["review_due"], value: "\(review)", alert: today >= review))
        }
        if let earliest = status.earliestProgression {
            facts.append(PersonModel.Fact(label: t["earliest_progression"], value: "\(earliest)"))
        }
        let proposal = status.proposal.map { proposal in
            "\(t["es_proposal"]): \(proposal.articles.map { "art. \($0)" }.joined(separator: ", "))"
                + (proposal.leader ? " — \(t["leader"].lowercased())" : "")
        }
        let history = file.classifications.reversed().map {
            PersonModel.ClassificationRow(
                decided: "\($0.decidedOn)", regime: name($0.regime), body: $0.body, resolution: $0.resolution, reason: $0.reason,
                leader: $0.leader ? t["yes"] : t["no"])
        }
        return PersonModel.Classification(facts: facts, proposal: proposal, history: history, hasHistory: !history.isEmpty)
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
    func clock(_ file: PersonFile, today: CivilDate, _ web: WebRequest) -> PersonModel.Clock? {
        guard let input = ClockInput.from(file, asOf: today) else { return nil }
        let result = LegalClock.compute(input, rules: services.environment.rules, explain: true)
        var facts: [PersonModel.Fact] = []
        func fact(_ key: String, _ value: String?, alert: Bool = false) {
            if let value { facts.append(PersonModel.Fact(label: web.strings[key], value: value, alert: alert)) }
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
        return PersonModel.Clock(
            status: web.strings["clock.\(result.status.rawValue)"], facts: facts, ruleVersion: result.ruleVersion,
            rules: result.rules.map {
                PersonModel.Rule(
                    id: $0.id.rawValue, citation: $0.citation, detail: web.language == .es ? $0.detail : $0.detailEn)
            },
            review: result.review.map {
                PersonModel.Review(
                    setting: $0.setting, rule: $0.rule.rawValue, value: $0.value,
                    reason: web.language == .es ? $0.reason : $0.reasonEn)
            },
            hasReview: !result.review.isEmpty,
            messages: result.messages.map { web.language == .es ? $0.message : $0.messageEn })
    }

    /// One transfer as a row of a list, linking to its page.
    func transferRow(_ t: Transfer, _ web: WebRequest) -> TransferRow {
        let names = web.names
        return TransferRow(
            id: String(t.id.rawValue), person: PersonNumber(id: t.personID).description,
            route:
                "\(names.establishment(code: t.fromEstablishmentCode)) → \(names.establishment(code: t.toEstablishmentCode)) · \(t.toPavilionCode)",
            ground: web.strings["ground.\(t.ground.rawValue)"], state: web.strings["transfer.\(t.state.rawValue)"],
            requested: t.requestedOn.description)
    }
}
