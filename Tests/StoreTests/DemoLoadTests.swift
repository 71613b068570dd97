import API
import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import LegalClock
import NationalDataset
import Placement
import Store
import Testing

/// `custodia demo` on each engine: the loaded database states Peru's real totals.
@Suite(.serialized) struct DemoLoadTests {
    @Test(arguments: TestDatabase.engines)
    func demoSummaryEqualsTheRealTotals(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine, migrate: false) { database in
            let day = CivilDate(year: 2026, month: 11, day: 29)!
            let summary = try await DemoDatabase.build(
                into: database,
                environment: CustodiaEnvironment(now: { Date() }, today: { day }, rules: .shipped, seed: 20_260_131))
            let figures = summary.statistics.national
            #expect(summary.statistics.establishments.count == 69)
            #expect(figures.population == 103_717)
            #expect(figures.capacity == 41_764)
            #expect(figures.unsentenced == 37_924)
            #expect(figures.sentenced == 65_793)
            #expect(figures.men == 98_228)
            #expect(figures.women == 5_489)
            #expect(figures.occupancyPercent == 248.3)
            #expect(summary.statistics.byRegionalOffice.count == 8)
            // The legal clocks show the real shape of the problem: people held past their pretrial term,
            // terms about to end, every clock computable.
            #expect(summary.clocks.clocks == 103_717)
            #expect(summary.clocks.notComputable == 0)
            // Transfers under way from the most crowded establishments, asked for through the register.
            #expect((10...30).contains(summary.transfersRequested))
            #expect(summary.transfersApproved == summary.transfersRequested / 2)
            #expect((500...2_000).contains(summary.alerts[.unlawfulDetention] ?? 0))
            #expect((summary.alerts[.pretrialEndsWithin30Days] ?? 0) > 1_000)
            #expect((summary.alerts[.pretrialEndsWithin7Days] ?? 0) > 100)
            // Rebuilding a demo database is allowed; the registry reads it back.
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            try await Self.filesEqualTheirParts(database, registry: registry)
            let lurigancho = try await registry.establishment(code: "lurigancho")
            #expect(lurigancho?.pavilions.reduce(0) { $0 + $1.population } == lurigancho?.overview.occupancy.population)
            let hits = try await registry.searchPersons("quispe", after: nil, limit: 5)
            #expect(hits.items.count == 5)
            #expect(hits.nextCursor != nil)
            // Some files carry sensitive notes, for the roles that may read them.
            let sensitive = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM person_sensitive WHERE affiliation IS NOT NULL").first()?
                    .decode(column: "n", as: Int.self)
            }
            #expect((5_000...15_000).contains(sensitive ?? 0))
            // One account per role, the busiest establishment for the local roles; each can sign in.
            let services = Services(database: database, environment: Fixtures.environment())
            let accounts = try await DemoUsers.create(
                in: services, statistics: summary.statistics, password: "demo-clave-123", bcryptCost: 4)
            #expect(Set(accounts.map(\.role)) == Set(Role.allCases) && accounts.count == Role.allCases.count)
            #expect(
                accounts.filter { $0.totpSecret != nil }.map(\.role).sorted() == [.administrator, .intelligenceAnalyst, .warden])
            let access = AccessControl(directory: services.directory, audit: services.auditLog, now: { Date() })
            let clerk = try #require(accounts.first { $0.role == .registryClerk })
            guard
                case .success(let login) = try await access.login(
                    username: clerk.username, password: "demo-clave-123", totp: nil, address: nil)
            else {
                Issue.record("the demo clerk cannot sign in")
                return
            }
            #expect(login.principal.establishments == ["lurigancho"])
            // The trail holds the load, the clocks, each step of the demo's transfers (and the courts told) and of the
            // day's court trips, the accounts and the login, chained.
            func events(_ kinds: String) async throws -> Int {
                try await database.read { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM events WHERE kind IN (\(unsafeRaw: kinds))").first()!
                        .decode(column: "n", as: Int.self)
                }
            }
            let transferRows = try await events("'transfer', 'court_notified'")
            #expect(transferRows >= summary.transfersRequested + summary.transfersApproved)
            // Every establishment sends people to court today: two hearings and a videoconference where it can.
            let outings = summary.outings
            #expect(outings.hearings >= 2 * 60 && outings.videoconferences >= 60 && outings.hospital == 5)
            let outingRows = try await events("'outing'")
            #expect(outingRows == outings.hearings + outings.videoconferences + outings.hospital + outings.out)
            // Visits (issue 12 point 8): thousands, each on the calendar; none of a banned visitor during the ban but the
            // refused booking kept for each; the flagged visitors' documents are persons' in custody.
            let visits = summary.visits
            #expect(visits.visits > 50_000 && visits.visitors > 20_000 && visits.lawyer > 1_000 && visits.flagged == 5)
            #expect(visits.byState[.refused] == visits.bans && visits.bans > 50)
            let calendar = VisitCalendar()
            for offset in [-7, 0, 3] {
                let on = day.adding(days: offset)
                for code in ["lurigancho", "ancon", "chorrillos"] {
                    for visit in try await registry.visits(establishmentCode: code, on: on) where visit.stands {
                        #expect(calendar.admits(visit.kind, from: visit.startsAt, to: visit.endsAt), "\(visit)")
                        #expect(visit.state == (on < day ? .finished : .booked))
                    }
                }
            }
            #expect(try await registry.visits(establishmentCode: "lurigancho", on: day).count > 300)
            let duringBans = try await database.read { sql in
                try await sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM visitor_bans b JOIN visit_visitors vv ON vv.visitor_id = b.visitor_id
                    JOIN visits v ON v.id = vv.visit_id
                    WHERE v.state IN ('booked', 'inside', 'finished') AND v.day >= b.starts_on
                      AND (b.ends_on IS NULL OR v.day <= b.ends_on) AND v.establishment_id = b.establishment_id
                    """
                ).first()!.decode(column: "n", as: Int.self)
            }
            #expect(duringBans == 0)
            let flagged = try await database.read { sql in
                try await sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM visitors v JOIN persons p ON p.document_type = v.document_kind
                      AND p.document_number = v.document_number
                    JOIN custody_episodes ce ON ce.person_id = p.id AND ce.released_on IS NULL
                    """
                ).first()!.decode(column: "n", as: Int.self)
            }
            #expect(flagged == 5)
            // Searches and seizures (issue 12 point 8): INPE's 2024 figures (INC-7) scaled to the 13 weeks, read back
            // from the register's figures; every seized phone with a valid IMEI.
            let share = 91.0 / 365
            let national = try await registry.incidents(IncidentQuery(establishmentCodes: nil, limit: 0))
            #expect(national.searches[.ordinary] == Int((5_386 * share).rounded()))
            #expect(national.searches[.largeOperation] == Int((461 * share).rounded()))
            #expect(national.searches[.courtOrdered] == Int((37 * share).rounded()))
            #expect(
                national.seized[.phone] == (2_579 * share).rounded() && national.seized[.accessory] == (4_237 * share).rounded())
            #expect(
                national.seized[.drug] == (44_562 * share).rounded()
                    && national.seized[.fermentedLiquid] == (9_621 * share).rounded())
            #expect(national.intervened == summary.incidents.intervened && national.intervened > 200)
            #expect(national.total == summary.incidents.searches.values.reduce(0, +))
            let reports = try await registry.incidents(IncidentQuery(establishmentCodes: ["lurigancho"], limit: 500))
            #expect(reports.total > 50 && reports.incidents.allSatisfy { $0.establishmentCode == "lurigancho" })
            let imeis = reports.incidents.flatMap(\.items).compactMap(\.imei)
            #expect(!imeis.isEmpty && imeis.allSatisfy(SeizedItem.isIMEI))
            // Disciplinary cases from those searches, each step through the register (point 8): some decided with a
            // visit suspension, the latest with isolation on today's board, some still under way with their alerts.
            let discipline = summary.discipline
            #expect(discipline.opened > 30 && (discipline.byState[.decided] ?? 0) > 10, "\(discipline)")
            #expect((discipline.measures[.visits] ?? 0) > 0 && (discipline.measures[.reprimand] ?? 0) > 0)
            #expect((discipline.measures[.isolation] ?? 0) > 0, "\(discipline)")
            #expect(try await registry.isolationBoard(establishmentCodes: nil, on: day).count > 0)
            #expect(discipline.refused <= discipline.opened / 10, "\(discipline)")
            let cases = try await registry.disciplineCases(establishmentCodes: nil, open: false, limit: 1_000)
            #expect(cases.count == discipline.opened && cases.allSatisfy { $0.incidentID != nil })
            let disciplineRows = try await events("'discipline', 'isolation'")
            // Release orders from the courts (issue 13): accepted, waiting, overdue since yesterday (the critical alert),
            // held for a clerk; each step an event and an audit row. None executed: the population stays INPE's.
            let received = summary.received
            #expect(received.received >= 30 && received.refused == 0, "\(received)")
            #expect((received.byState[.accepted] ?? 0) > 0 && (received.byState[.held] ?? 0) > 0, "\(received)")
            #expect((summary.alerts[.releaseOrderOverdue] ?? 0) > 0)
            let orderRows = try await events("'inbound_order'")
            // Benefit files (issue 26 point 6): files in every state before the release, most eligible persons not
            // started, some late, a few granted by the court's release order; every step through the register.
            let benefits = summary.benefits
            #expect(benefits.opened >= 100 && benefits.refused == 0, "\(benefits)")
            for state in ["assembling", "complete", "sent", "hearing_set", "granted", "denied", "appealed"] {
                #expect((benefits.board[state] ?? 0) > 0, "\(state): \(benefits.board)")
            }
            #expect((benefits.board["not_started"] ?? 0) > benefits.opened && (benefits.board["late"] ?? 0) > 0)
            #expect(benefits.grantedByOrder > 0 && benefits.eligible > 1_000, "\(benefits)")
            // Released and revoked files too: the first grants executed the same day, each balanced by an admission,
            // so the population stays INPE's (checked above and below).
            #expect(benefits.released == 3 && benefits.revoked == 1, "\(benefits)")
            let fileStates = try await database.read { sql in
                try await sql.raw("SELECT state FROM benefit_files").all().map { try $0.decode(column: "state", as: String.self) }
            }
            #expect(fileStates.filter { $0 == "released" }.count == 2 && fileStates.filter { $0 == "revoked" }.count == 1)
            // The candidate lists (point 2) find persons on both, fewer than they examine.
            #expect(benefits.electronic > 0 && benefits.pretrialReview > 0, "\(benefits)")
            #expect(benefits.pretrialReview < benefits.examinedPretrial, "\(benefits)")
            #expect(benefits.conversion > 0 && benefits.examinedForeign > 0, "\(benefits)")
            #expect(benefits.expulsion <= benefits.examinedForeign, "\(benefits)")
            #expect((summary.alerts[.benefitFileNotStarted] ?? 0) > 0 && (summary.alerts[.benefitFileLate] ?? 0) > 0)
            let benefitRows = try await events("'benefit_file'")
            // The relief report of the demo's day replayed from the dated rows (point 4) agrees with the stored one: the
            // placements, every clock computed again, every file as its steps left it.
            let stored = try await registry.reliefPotential(establishmentCodes: nil, asOf: day, rules: .shipped)
            let replayed = try await registry.reliefPotential(establishmentCodes: nil, replaying: day, rules: .shipped)
            #expect(stored.nation == replayed.nation && stored.rows == replayed.rows, "\(stored.nation) \(replayed.nation)")
            #expect(replayed.nation.population == 103_717 && replayed.nation.granted > 0)
            // INPE's monthly report of the demo's month, cut at its day (issue 15 point 1, planning.md T-D2): the census of
            // the day reproduces the real totals and every establishment's situación jurídica and sex.
            let report = try #require(try await registry.monthlyReport(year: day.year, month: day.month, through: day))
            let o = report.nation.occupancy
            #expect(o.population == 103_717 && o.capacity == 41_764 && o.unsentenced == 37_924 && o.men == 98_228)
            #expect(report.establishments.count == 69 && report.offices.count == 8)
            let overviews = Dictionary(
                uniqueKeysWithValues: summary.statistics.establishments.map { ($0.establishment.code, $0.occupancy) })
            #expect(report.establishments.filter { overviews[$0.code] != $0.counts.occupancy }.map(\.code).isEmpty)
            // R9 and R10: every crime INPE names by procesados and sentenciados, and every sentence band, as January
            // 2026's report prints them (the demo was dealt them); only the persons the demo's benefits released and
            // the admissions balancing them moved (at most one crime and one band each way per release).
            let dataset = try PeruDataset.bundled()
            let crimes = Dictionary(report.crimes.map { ($0.label, $0) }, uniquingKeysWith: { a, _ in a })
            var crimeDrift = 0
            for crime in dataset.crimes where crime.sourceArticle != "varios" {
                crimeDrift +=
                    abs((crimes[crime.name]?.procesados ?? 0) - crime.unsentenced)
                    + abs((crimes[crime.name]?.sentenciados ?? 0) - crime.sentenced)
            }
            let bands = dataset.sentenceBands.map(\.count) + [0, dataset.lifeSentences]
            let bandDrift = zip(report.sentences.map(\.total), bands).map { abs($0 - $1) }.reduce(0, +)
            #expect(crimeDrift <= 2 * benefits.released && bandDrift <= 2 * benefits.released, "\(crimeDrift) \(bandDrift)")
            #expect(report.sentences.map(\.total).reduce(0, +) == o.sentenced && report.sentences.count == bands.count)
            #expect(report.crimesPrinted.count == 21 && report.crimesPrinted.last?.label == "Otros delitos")
            #expect(report.types.map(\.total).reduce(0, +) == 69)
            // The releases executed and the admissions balancing them: one event and one audit row each.
            let movementRows = try await events("'admission', 'release'")
            #expect(movementRows == 2 * benefits.released, "\(movementRows)")
            let verification = try await services.auditLog.verify()
            #expect(
                verification.problem == nil
                    && verification.rowsChecked
                        == 2 + transferRows + outingRows + disciplineRows + orderRows + benefitRows + movementRows
                        + accounts.count + 1,
                "\(verification)")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func demoNeverOverwritesARealRegister(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            let registry = SQLRegistry(database: database, environment: Fixtures.environment())
            _ = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "t")
            await #expect(throws: StoreError.self) {
                _ = try await DemoDatabase.build(into: database, environment: Fixtures.environment())
            }
            #expect(try await registry.statistics().national.population == 1)
        }
    }
}

@Suite struct DropAllTests {
    /// `custodia demo` rebuilds its database: every table must go, children before parents, even when full.
    @Test(arguments: TestDatabase.engines)
    func dropAllEmptiesAFullRegister(_ engine: TestDatabase.Engine) async throws {
        try await Fixtures.withAdmittedPerson(engine) { registry, database, file in
            let release = ReleaseRequest(
                personID: file.person.id, releasedOn: CivilDate(year: 2026, month: 3, day: 10)!,
                releasedAt: TimeOfDay(hour: 9, minute: 0)!,
                ground: .courtOrder, order: Fixtures.releaseOrder())
            _ = try await registry.release(release, expectedVersion: 1, asOf: Fixtures.asOf, actor: "t")
            try await Migrations.dropAll(database)
            #expect(try await Migrations.schemaExists(database) == false)
            #expect(try await Migrations.migrate(database) == Array(1...Migrations.latestVersion))
        }
    }
}
