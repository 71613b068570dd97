import CustodiaCore
import SQLKit

extension SQLRegistry {
    /// What a clock reads, by person, for everyone in `held` (a subquery of person ids with its binds): the custody
    /// episodes, the orders, the cases with their charges, the redemption and the suspensions (and the clocks stored now
    /// when `storedClocks`): on SQLite each read on its own connection at the same time, on PostgreSQL in two lanes
    /// that read one snapshot.
    struct ClockInputs: Sendable {
        var episodes: [Person.ID: [CustodyEpisode]]
        var orders: [Person.ID: [CourtOrder]]
        var cases: [Person.ID: [LegalCase]]
        var redemption: [Person.ID: [RedemptionRecord]]
        var suspensions: [Person.ID: [SuspensionRecord]]
        /// The clocks stored now, when asked for (the recompute compares with them).
        var stored: [StoredClockRow] = []
    }

    func clockInputs(held: String, binds: [any Encodable & Sendable], storedClocks: Bool = false) async throws -> ClockInputs {
        let binds = binds.map { "\($0)" }
        let episodesRead = { @Sendable (sql: any SQLDatabase) in
            try await sql.execute(
                """
                SELECT id, person_id, establishment_id, admitted_on, authorizing_order_id, arrested_on, procedural_status,
                  released_on FROM custody_episodes WHERE person_id IN (\(held))
                """, binds
            ).map { row in
                let released = try row.optionalDate("released_on")
                return CustodyEpisode(
                    id: .init(rawValue: try row.int64("id")), personID: .init(rawValue: try row.int64("person_id")),
                    establishmentID: .init(rawValue: try row.int64("establishment_id")),
                    admittedOn: try row.date("admitted_on"),
                    admittedAt: TimeOfDay(hour: 0, minute: 0)!,
                    authorizingOrderID: .init(rawValue: try row.int64("authorizing_order_id")), sendingAuthority: "",
                    arrestedOn: try row.optionalDate("arrested_on"), arrestPlace: nil,
                    proceduralStatus: try row.enumValue("procedural_status", as: ProceduralStatus.self),
                    release: released.map {
                        Release(releasedOn: $0, releasedAt: TimeOfDay(hour: 0, minute: 0)!, ground: .courtOrder, orderID: nil)
                    })
            }
        }
        let ordersRead = { @Sendable (sql: any SQLDatabase) in
            try await sql.execute(
                """
                SELECT o.id, o.person_id, o.case_id, o.kind, '' AS issuing_court, o.issued_on, '' AS reference, o.case_type, o.months,
                  o.starts_on, o.sentence_years, o.sentence_months, o.sentence_days, o.life_sentence, o.recidivism
                FROM court_orders o WHERE o.person_id IN (\(held)) ORDER BY o.issued_on, o.id
                """, binds
            ).map(Decode.order)
        }
        let casesRead = { @Sendable (sql: any SQLDatabase) in
            var articles: [Int64: [Charge]] = [:]
            for row in try await sql.execute(
                "SELECT ch.case_id, ch.article FROM charges ch JOIN legal_cases lc ON lc.id = ch.case_id WHERE lc.person_id IN (\(held))",
                binds)
            {
                articles[try row.int64("case_id"), default: []].append(
                    Charge(id: 0, article: try row.string("article"), crimeName: ""))
            }
            let placeholderNumber = CaseNumber("00000-2000-1-0000-XX-XX-00")!
            return try await sql.execute(
                "SELECT id, person_id, case_type FROM legal_cases WHERE person_id IN (\(held))", binds
            ).map { row in
                let id = try row.int64("id")
                return LegalCase(
                    id: .init(rawValue: id), personID: .init(rawValue: try row.int64("person_id")), number: placeholderNumber,
                    court: "", judicialDistrict: "", caseType: try row.enumValue("case_type", as: CaseType.self),
                    proceduralStatus: .unsentenced, charges: articles[id] ?? [])
            }
        }
        let recordsRead = { @Sendable (sql: any SQLDatabase) in
            let redemption = try await sql.execute(
                """
                SELECT person_id, episode_id, activity, from_date, to_date, days, evaluation_passed, certified_by
                FROM redemption_entries WHERE person_id IN (\(held))
                """, binds
            ).map { (Person.ID(rawValue: try $0.int64("person_id")), try Decode.redemption($0)) }
            let suspensions = try await sql.execute(
                "SELECT person_id, episode_id, from_date, to_date, resolution FROM pretrial_suspensions WHERE person_id IN (\(held))",
                binds
            ).map { (Person.ID(rawValue: try $0.int64("person_id")), try Decode.suspension($0)) }
            return (redemption, suspensions)
        }
        let storedRead = { @Sendable (sql: any SQLDatabase) in
            guard storedClocks else { return [StoredClockRow]() }
            return try await sql.execute(
                """
                SELECT person_id, episode_id, establishment_id, status, pretrial_ends_on, sentence_ends_on, semiliberty_from,
                  conditional_release_from, needs_review, rule_version, messages FROM legal_clocks
                """, []
            ).map(Decode.storedClockRow)
        }
        let episodes: [CustodyEpisode]
        let orders: [CourtOrder]
        let cases: [LegalCase]
        let records: ([(Person.ID, RedemptionRecord)], [(Person.ID, SuspensionRecord)])
        let stored: [StoredClockRow]
        if database.engine == .sqlite {
            // Each on its own connection and at the same time: decoding the rows is most of the time.
            async let e = database.read(episodesRead)
            async let o = database.read(ordersRead)
            async let c = database.read(casesRead)
            async let r = database.read(recordsRead)
            async let s = database.read(storedRead)
            (episodes, orders, cases, records, stored) = try await (e, o, c, r, s)
        } else {
            // Two connections reading one snapshot (ADR 0037), about half the rows each: decoding uses both cores.
            ((episodes, cases), (orders, records, stored)) = try await database.readInTwoLanes(
                { sql in (try await episodesRead(sql), try await casesRead(sql)) },
                { sql in (try await ordersRead(sql), try await recordsRead(sql), try await storedRead(sql)) })
        }
        return ClockInputs(
            episodes: Dictionary(grouping: episodes, by: \.personID), orders: Dictionary(grouping: orders, by: \.personID),
            cases: Dictionary(grouping: cases, by: \.personID),
            redemption: Dictionary(grouping: records.0, by: \.0).mapValues { $0.map(\.1) },
            suspensions: Dictionary(grouping: records.1, by: \.0).mapValues { $0.map(\.1) }, stored: stored)
    }
}
