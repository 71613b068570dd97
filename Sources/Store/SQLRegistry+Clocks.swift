import CustodiaCore
import Foundation
import LegalClock
import SQLKit

/// Stored legal clocks: written in the same transaction as the change that alters their inputs,
/// recomputed for everyone on demand, and read back as alerts.
extension SQLRegistry {
    static let clockColumns = [
        "person_id", "episode_id", "establishment_id", "status", "pretrial_ends_on", "sentence_ends_on", "semiliberty_from",
        "conditional_release_from", "needs_review", "rule_version", "messages", "computed_as_of", "computed_at",
    ]

    static func clockRow(
        _ result: ClockResult, person: Person.ID, episode: CustodyEpisode, asOf: CivilDate, computedAt: String
    ) -> [any Encodable & Sendable] {
        let stored = result.stored(person: person, establishment: episode.establishmentID)
        return [
            person.rawValue, episode.id.rawValue, episode.establishmentID.rawValue, stored.status.rawValue,
            stored.pretrialEndsOn?.description, stored.sentenceEndsOn?.description, stored.semilibertyFrom?.description,
            stored.conditionalReleaseFrom?.description, stored.needsReview ? 1 : 0, result.ruleVersion,
            result.messages.map(\.code).joined(separator: ","), asOf.description, computedAt,
        ]
    }

    /// Recomputes and stores the clock of one person inside the caller's transaction (removes it when the
    /// person is no longer held).
    func storeClock(_ sql: any SQLDatabase, file: PersonFile, asOf: CivilDate, replacing: Bool = true) async throws {
        if replacing {
            try await sql.execute("DELETE FROM legal_clocks WHERE person_id = $1", [file.person.id.rawValue])
        }
        guard let episode = file.openEpisode, let input = ClockInput.from(file, asOf: asOf) else { return }
        let result = LegalClock.compute(input, rules: rules, explain: false)
        try await sql.insertRows(
            "legal_clocks", Self.clockColumns,
            [Self.clockRow(result, person: file.person.id, episode: episode, asOf: asOf, computedAt: Instant.iso(now()))])
    }

    /// One part of a recompute computed on its own core.
    struct ComputedPart: Sendable {
        /// The rows whose values differ from the row stored before (or that had none).
        var rows: [[any Encodable & Sendable]] = []
        /// The persons among them who had a row stored before, which is replaced.
        var replaced: [Int64] = []
        /// The rows equal to the stored ones, written again only when most rows change.
        var unchanged: [[any Encodable & Sendable]] = []
        var notComputable = 0
        var review = 0
        var changes = ClockChanges()
    }

    public struct RecomputeSummary: Sendable {
        public var clocks: Int
        public var notComputable: Int
        public var needsReview: Int
        public var readSeconds: Double
        public var computeSeconds: Double
        public var writeSeconds: Double
        /// What moved against the clocks stored before.
        public var changes: ClockChanges
        /// Rows written (changed or new) and removed (no longer held): a night on which nothing moved writes none.
        public var rewritten = 0
        public var removed = 0
    }

    /// Recomputes every stored clock (e.g. after a law changes), in one transaction.
    public func recomputeClocks(asOf: CivilDate, actor: Actor = "custodia clocks recompute") async throws -> RecomputeSummary {
        let started = ContinuousClock.now
        // Only the columns a clock reads, for everyone held now, and the clocks stored now (`clockInputs`).
        let held = "SELECT person_id FROM custody_episodes WHERE released_on IS NULL"
        let inputs = try await clockInputs(held: held, binds: [], storedClocks: true)
        let before = inputs.stored
        let episodesByPerson = inputs.episodes
        let ordersByPerson = inputs.orders
        let casesByPerson = inputs.cases
        let redemptionByPerson = inputs.redemption
        let suspensionsByPerson = inputs.suspensions
        let read = ContinuousClock.now
        let computedInstant = now()
        let computedAt = Instant.iso(computedInstant)
        let previous = Dictionary(before.map { ($0.clock.personID, $0) }, uniquingKeysWith: { first, _ in first })
        let rules = self.rules
        // Independent per person: computed in as many parts as there are cores, then put together.
        let people = Array(episodesByPerson.keys)
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, people.count / 1_000))
        let partSize = (people.count + parts - 1) / max(1, parts)
        let computedParts = try await withThrowingTaskGroup(of: ComputedPart.self) { group in
            for start in stride(from: 0, to: people.count, by: max(1, partSize)) {
                let slice = people[start..<min(people.count, start + partSize)]
                group.addTask {
                    var part = ComputedPart()
                    part.rows.reserveCapacity(slice.count)
                    for person in slice {
                        let personEpisodes = episodesByPerson[person]!
                        guard let open = personEpisodes.first(where: \.isOpen) else { continue }
                        let input = ClockInput.from(
                            episode: open, episodes: personEpisodes, orders: ordersByPerson[person] ?? [],
                            cases: casesByPerson[person] ?? [], redemption: redemptionByPerson[person] ?? [],
                            suspensions: suspensionsByPerson[person] ?? [], asOf: asOf)
                        let result = LegalClock.compute(input, rules: rules, explain: false)
                        if result.status == .notComputable { part.notComputable += 1 }
                        if result.needsLegalReview { part.review += 1 }
                        let stored = StoredClockRow(result, person: person, episode: open)
                        let old = previous[person]
                        part.changes.compare(old?.clock, stored.clock, asOf: asOf)
                        let row = Self.clockRow(result, person: person, episode: open, asOf: asOf, computedAt: computedAt)
                        if old == stored {
                            part.unchanged.append(row)
                        } else {
                            part.rows.append(row)
                            if old != nil { part.replaced.append(person.rawValue) }
                        }
                    }
                    return part
                }
            }
            var all: [ComputedPart] = []
            for try await part in group { all.append(part) }
            return all
        }
        var work = RecomputeWrite()
        var notComputable = 0
        var review = 0
        var changes = ClockChanges()
        for part in computedParts {
            work.rows += part.rows
            work.replaced += part.replaced
            work.unchanged += part.unchanged
            notComputable += part.notComputable
            review += part.review
            changes.merge(part.changes)
        }
        // A clock stored before for someone no longer held (no open episode read): it is removed.
        for (person, old) in previous where episodesByPerson[person]?.contains(where: \.isOpen) != true {
            changes.compare(old.clock, nil, asOf: asOf)
            work.gone.append(person.rawValue)
        }
        let computed = ContinuousClock.now
        let clocks = work.rows.count + work.unchanged.count
        let (rewritten, removed) = try await storeRecomputed(
            work, event: .clocksRecomputed(.init(asOf: asOf, clocks: clocks, changed: changes.changed)),
            at: computedInstant, actor: actor, asOf: asOf)
        let written = ContinuousClock.now
        var summary = RecomputeSummary(
            clocks: clocks, notComputable: notComputable, needsReview: review,
            readSeconds: (read - started).seconds, computeSeconds: (computed - read).seconds,
            writeSeconds: (written - computed).seconds, changes: changes)
        summary.rewritten = rewritten
        summary.removed = removed
        return summary
    }

    // MARK: Alerts

    /// The stored clocks that may raise an alert on the day, with their establishment's code. Codes come from a
    /// map read alongside (a join made the planners walk every clock by establishment); names are read only for
    /// the page of alerts shown.
    private func candidateClocks(asOf: CivilDate, establishmentID: Int64?) async throws -> [(StoredClock, String)] {
        let horizon = asOf.adding(days: 30).description
        let recent = asOf.adding(days: -30).description
        let today = asOf.description
        let filter = establishmentID == nil ? "" : " AND lc.establishment_id = $4"
        var binds: [any Encodable & Sendable] = [horizon, today, recent]
        if let establishmentID { binds.append(establishmentID) }
        let query = binds
        let (codes, rows) = try await database.read { sql in
            var codes: [Int64: String] = [:]
            for row in try await sql.execute("SELECT id, code FROM establishments", []) {
                codes[try row.int64("id")] = try row.string("code")
            }
            let rows = try await sql.execute(
                """
                SELECT lc.person_id, lc.establishment_id, lc.status, lc.pretrial_ends_on, lc.sentence_ends_on, lc.semiliberty_from,
                  lc.conditional_release_from, lc.needs_review
                FROM legal_clocks lc
                WHERE ((lc.status = 'pretrial' AND lc.pretrial_ends_on <= $1)
                   OR (lc.status = 'sentenced' AND lc.sentence_ends_on <= $2)
                   OR (lc.semiliberty_from >= $3 AND lc.semiliberty_from <= $2)
                   OR (lc.conditional_release_from >= $3 AND lc.conditional_release_from <= $2)
                   OR lc.status = 'not_computable')\(filter)
                """, query)
            return (codes, rows)
        }
        return try rows.map { row in
            let clock = try Decode.storedClock(row)
            return (clock, codes[clock.establishmentID.rawValue] ?? "")
        }
    }

    private func establishmentID(code: String?) async throws -> Int64?? {
        guard let code else { return .some(nil) }
        let id = try await database.read { sql in
            try await sql.execute("SELECT id FROM establishments WHERE code = $1", [code]).first.map { try $0.int64("id") }
        }
        return id.map { .some($0) } ?? nil
    }

    public func alerts(
        asOf: CivilDate, establishmentCode: String?, within scope: Set<String>?, severity: AlertSeverity?, kind: AlertKind?,
        after cursor: String?, limit: Int
    ) async throws -> Page<AlertEntry>? {
        guard let establishment = try await establishmentID(code: establishmentCode) else { return nil }
        let limit = max(1, min(limit, 500))
        var entries: [AlertEntry] = []
        let unnamed = PersonName(givenNames: "", paternalSurname: "", maternalSurname: "")
        for (clock, code) in try await candidateClocks(asOf: asOf, establishmentID: establishment)
        where scope?.contains(code) ?? true {
            for alert in Alert.raised(by: clock, asOf: asOf)
            where (severity == nil || alert.severity == severity) && (kind == nil || alert.kind == kind) {
                entries.append(AlertEntry(alert: alert, establishmentCode: code, personName: unnamed))
            }
        }
        for (alert, code) in try await classificationAlerts(asOf: asOf, establishmentID: establishment)
            + outingAlerts(asOf: asOf, establishmentID: establishment)
            + intakeAlerts(asOf: asOf, establishmentID: establishment)
            + solitaryAlerts(asOf: asOf, establishmentID: establishment)
            + isolationAlerts(asOf: asOf, establishmentID: establishment)
            + disciplineAlerts(asOf: asOf, establishmentID: establishment)
            + releaseOrderAlerts(asOf: asOf, establishmentID: establishment)
            + benefitAlerts(asOf: asOf, establishmentID: establishment)
        where (scope?.contains(code) ?? true) && (severity == nil || alert.severity == severity)
            && (kind == nil || alert.kind == kind)
        {
            entries.append(AlertEntry(alert: alert, establishmentCode: code, personName: unnamed))
        }
        // Most serious first; within a kind, the oldest date first (the longest unlawful detention on top).
        entries.sort {
            let a = $0.alert
            let b = $1.alert
            if a.severity != b.severity { return a.severity < b.severity }
            if a.kind != b.kind { return AlertKind.allCases.firstIndex(of: a.kind)! < AlertKind.allCases.firstIndex(of: b.kind)! }
            if a.date != b.date {
                return (a.date ?? CivilDate(year: 1, month: 1, day: 1)!) < (b.date ?? CivilDate(year: 1, month: 1, day: 1)!)
            }
            return a.personID.rawValue < b.personID.rawValue
        }
        let offset = cursor.flatMap(Cursor.decode)?.first.flatMap { Int($0) } ?? 0
        var page = Array(entries.dropFirst(offset).prefix(limit))
        let next = offset + page.count < entries.count ? Cursor.encode([String(offset + page.count)]) : nil
        // Names only for the page shown.
        let ids = Array(Set(page.map(\.alert.personID.rawValue)))
        if !ids.isEmpty {
            let placeholders = Placeholders.list(ids.count)
            let names = try await database.read { sql in
                var names: [Int64: PersonName] = [:]
                for row in try await sql.execute(
                    "SELECT id, given_names, paternal_surname, maternal_surname FROM persons WHERE id IN (\(placeholders))", ids)
                {
                    names[try row.int64("id")] = PersonName(
                        givenNames: try row.string("given_names"), paternalSurname: try row.string("paternal_surname"),
                        maternalSurname: try row.string("maternal_surname"))
                }
                return names
            }
            for index in page.indices { page[index].personName = names[page[index].alert.personID.rawValue] ?? unnamed }
        }
        return Page(items: page, nextCursor: next)
    }

    public func alertCounts(asOf: CivilDate, establishmentCode: String?, within scope: Set<String>?) async throws
        -> [AlertKind: Int]
    {
        guard let establishment = try await establishmentID(code: establishmentCode) else { return [:] }
        var counts: [AlertKind: Int] = [:]
        for (clock, code) in try await candidateClocks(asOf: asOf, establishmentID: establishment)
        where scope?.contains(code) ?? true {
            for alert in Alert.raised(by: clock, asOf: asOf) { counts[alert.kind, default: 0] += 1 }
        }
        for (alert, code) in try await classificationAlerts(asOf: asOf, establishmentID: establishment)
            + outingAlerts(asOf: asOf, establishmentID: establishment)
            + intakeAlerts(asOf: asOf, establishmentID: establishment)
            + solitaryAlerts(asOf: asOf, establishmentID: establishment)
            + isolationAlerts(asOf: asOf, establishmentID: establishment)
            + disciplineAlerts(asOf: asOf, establishmentID: establishment)
            + releaseOrderAlerts(asOf: asOf, establishmentID: establishment)
            + benefitAlerts(asOf: asOf, establishmentID: establishment)
        where scope?.contains(code) ?? true {
            counts[alert.kind, default: 0] += 1
        }
        return counts
    }
}
