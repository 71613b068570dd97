import CustodiaCore
import SQLKit

extension SQLRegistry {
    /// What a clock reads, by person, for everyone in `held` (a subquery of person ids with its binds): the custody
    /// episodes, the orders, the cases with their charges, the redemption and the suspensions. Four reads, on SQLite at
    /// the same time, each on its own connection.
    struct ClockInputs: Sendable {
        var episodes: [Person.ID: [CustodyEpisode]]
        var orders: [Person.ID: [CourtOrder]]
        var cases: [Person.ID: [LegalCase]]
        var redemption: [Person.ID: [RedemptionRecord]]
        var suspensions: [Person.ID: [SuspensionRecord]]
    }

    func clockInputs(held: String, binds: [any Encodable & Sendable]) async throws -> ClockInputs {
        let binds = binds.map { "\($0)" }
        let episodesRead = { @Sendable in
            try await database.read { sql in
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
        }
        let ordersRead = { @Sendable in
            try await database.read { sql in
                try await sql.execute(
                    """
                    SELECT o.id, o.person_id, o.case_id, o.kind, '' AS issuing_court, o.issued_on, '' AS reference, o.case_type, o.months,
                      o.starts_on, o.sentence_years, o.sentence_months, o.sentence_days, o.life_sentence, o.recidivism
                    FROM court_orders o WHERE o.person_id IN (\(held)) ORDER BY o.issued_on, o.id
                    """, binds
                ).map(Decode.order)
            }
        }
        let casesRead = { @Sendable in
            try await database.read { sql in
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
        }
        let recordsRead = { @Sendable in
            try await database.read { sql in
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
        }
        let episodes: [CustodyEpisode]
        let orders: [CourtOrder]
        let cases: [LegalCase]
        let records: ([(Person.ID, RedemptionRecord)], [(Person.ID, SuspensionRecord)])
        if database.engine == .sqlite {
            async let e = episodesRead()
            async let o = ordersRead()
            async let c = casesRead()
            async let r = recordsRead()
            (episodes, orders, cases, records) = try await (e, o, c, r)
        } else {
            // PostgreSQL's pool is per event loop and small: one read after another, as a server under load would.
            (episodes, orders, cases, records) = (
                try await episodesRead(), try await ordersRead(), try await casesRead(), try await recordsRead()
            )
        }
        return ClockInputs(
            episodes: Dictionary(grouping: episodes, by: \.personID), orders: Dictionary(grouping: orders, by: \.personID),
            cases: Dictionary(grouping: cases, by: \.personID),
            redemption: Dictionary(grouping: records.0, by: \.0).mapValues { $0.map(\.1) },
            suspensions: Dictionary(grouping: records.1, by: \.0).mapValues { $0.map(\.1) })
    }
}
