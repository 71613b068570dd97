import CustodiaCore
import CustodiaTestSupport
import Foundation
import Placement
import SQLKit
import Store
import Testing

/// One contract for the registry, run on SQLite always and on PostgreSQL in the test command.
@Suite struct RegistryContractTests {
    /// When the run requires PostgreSQL (scripts/test), the cluster must be configured and answer: a missing or
    /// unreachable one fails here, and every PostgreSQL case fails with it.
    @Test func postgresIsPartOfTheRunWhenRequired() async throws {
        guard TestDatabase.postgresRequired else { return }
        #expect(TestDatabase.engines.contains(.postgres))
        let url = try #require(TestDatabase.postgresURL, "CUSTODIA_REQUIRE_POSTGRES=1 without CUSTODIA_TEST_POSTGRES_URL")
        let database = try await Database.open(.postgres(url: url), logger: TestDatabase.quietLogger, maxConnections: 1)
        let answer = try await database.read { sql in
            try await sql.raw("SELECT 1 AS one").first()?.decode(column: "one", as: Int.self)
        }
        try await database.close()
        #expect(answer == 1)
    }

    func withRegistry(_ engine: TestDatabase.Engine, _ body: (SQLRegistry, Database) async throws -> Void) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            try await body(
                SQLRegistry(
                    database: database, environment: Fixtures.environment(now: { Date(timeIntervalSince1970: 1_773_000_000) })),
                database)
        }
    }

    /// Row counts of every table: a refused change must leave them all as they were.
    static func counts(_ database: Database) async throws -> [String: Int] {
        var result: [String: Int] = [:]
        for table in [
            "persons", "person_aliases", "person_search_keys", "legal_cases", "charges", "court_orders", "custody_episodes",
            "placements", "events", "legal_clocks", "redemption_entries", "pretrial_suspensions",
        ] {
            result[table] = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
            }
        }
        result["versions"] = try await database.read { sql in
            try await sql.raw("SELECT COALESCE(CAST(SUM(version) AS BIGINT), 0) AS n FROM persons").first()!.decode(
                column: "n", as: Int.self)
        }
        result["open"] = try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM custody_episodes WHERE released_on IS NULL").first()!.decode(
                column: "n", as: Int.self)
        }
        return result
    }

    func admitted(_ registry: SQLRegistry, _ request: AdmissionRequest = Fixtures.admission()) async throws -> PersonFile {
        guard case .done(let file) = try await registry.admit(request, asOf: Fixtures.asOf, actor: "test") else {
            Issue.record("admission refused")
            throw CancellationError()
        }
        return file
    }

    @Test(arguments: TestDatabase.engines)
    func migrationsAreIdempotent(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine, migrate: false) { database throws in
            let existedBefore = try await Migrations.schemaExists(database)
            #expect(existedBefore == false)
            let applied = try await Migrations.migrate(database)
            #expect(applied == Array(1...Migrations.latestVersion))
            #expect(Migrations.latestVersion == 36)
            #expect(try await Migrations.migrate(database).isEmpty)
            #expect(try await Migrations.appliedVersions(database) == Set(1...Migrations.latestVersion))
            #expect(try await Migrations.schemaExists(database))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func admissionWritesTheWholeFileInOneGo(_ engine: TestDatabase.Engine) async throws {
        try await withRegistry(engine) { registry, database in
            let file = try await admitted(registry)
            #expect(file.person.version == 1)
            #expect(file.person.name.paternalSurname == "Ñahui")
            #expect(file.person.aliases == ["Chato"])
            #expect(file.episodes.count == 1)
            #expect(file.openEpisode?.proceduralStatus == .unsentenced)
            #expect(file.cases.first?.charges.first?.crimeName == "Robo agravado")
            #expect(file.orders.count == 1)
            if case .pretrialDetention(let term)? = file.orders.first?.kind {
                #expect(term.endsOn == CivilDate(year: 2026, month: 11, day: 30)!)
            } else {
                Issue.record("pretrial order not stored")
            }
            #expect(file.currentPlacement.map { file.pavilionCodes[$0.pavilionID] } == "A")
            let reread = try await registry.personFile(file.person.id)
            #expect(reread == file)
            let counts = try await Self.counts(database)
            #expect(counts["events"] == 2)  // the fixture load and the admission
            let detail = try await registry.establishment(code: "ep-norte")
            #expect(detail?.overview.occupancy.population == 1)
            #expect(detail?.pavilions.first(where: { $0.pavilion.code == "A" })?.population == 1)
            #expect(detail?.pavilions.first(where: { $0.pavilion.code == "B" })?.cells.map(\.code) == ["B-101"])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func refusedChangesWriteNothing(_ engine: TestDatabase.Engine) async throws {
        try await withRegistry(engine) { registry, database in
            let file = try await admitted(registry)
            let before = try await Self.counts(database)

            // A bad admission: unknown establishment, bad article, second open episode.
            var bad = Fixtures.admission(subject: .existing(file.person.id), establishment: "nowhere")
            bad.legalCase.chargeArticles = ["999"]
            guard case .rejected(let messages) = try await registry.admit(bad, asOf: Fixtures.asOf, actor: "test") else {
                Issue.record("bad admission accepted")
                return
            }
            #expect(Set(messages.map(\.code)) == [.alreadyInCustody, .crimeArticleUnknown, .establishmentUnknown])
            // The same document again.
            guard
                case .rejected(let duplicate) = try await registry.admit(Fixtures.admission(), asOf: Fixtures.asOf, actor: "test")
            else {
                Issue.record("duplicate document accepted")
                return
            }
            #expect(duplicate.map(\.code) == [.documentAlreadyRegistered])
            // A bad move and a bad release.
            let move = MoveRequest(
                personID: file.person.id, pavilionCode: "C", movedOn: CivilDate(year: 2026, month: 3, day: 5)!, reason: "x")
            guard
                case .rejected(let moveMessages) = try await registry.move(
                    move, expectedVersion: 1, asOf: Fixtures.asOf, actor: "test")
            else {
                Issue.record("bad move accepted")
                return
            }
            #expect(moveMessages.map(\.code) == [.pavilionStatusMismatch])
            let release = ReleaseRequest(
                personID: file.person.id, releasedOn: CivilDate(year: 2026, month: 3, day: 1)!,
                releasedAt: TimeOfDay(hour: 9, minute: 0)!,
                ground: .courtOrder, order: Fixtures.releaseOrder())
            guard
                case .rejected(let releaseMessages) = try await registry.release(
                    release, expectedVersion: 1, asOf: Fixtures.asOf, actor: "test")
            else {
                Issue.record("bad release accepted")
                return
            }
            #expect(releaseMessages.map(\.code) == [.releaseBeforeAdmission])
            #expect(try await Self.counts(database) == before)
            #expect(try await registry.personFile(file.person.id) == file)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func moveAndReleaseKeepHistoryAndVersions(_ engine: TestDatabase.Engine) async throws {
        try await withRegistry(engine) { registry, database in
            let file = try await admitted(registry)
            let id = file.person.id
            let move = MoveRequest(
                personID: id, pavilionCode: "B", cellCode: "B-101", movedOn: CivilDate(year: 2026, month: 3, day: 6)!,
                reason: "Seguridad")
            // A stale version is refused and changes nothing.
            guard
                case .versionConflict(let current) = try await registry.move(
                    move, expectedVersion: 7, asOf: Fixtures.asOf, actor: "t")
            else {
                Issue.record("stale move accepted")
                return
            }
            #expect(current == 1)
            guard case .done(let moved) = try await registry.move(move, expectedVersion: 1, asOf: Fixtures.asOf, actor: "t")
            else {
                Issue.record("move refused")
                return
            }
            #expect(moved.person.version == 2)
            #expect(moved.placements.count == 2)
            #expect(moved.placements[0].untilDate == CivilDate(year: 2026, month: 3, day: 6)!)
            #expect(moved.currentPlacement.flatMap { $0.cellID }.flatMap { moved.cellCodes[$0] } == "B-101")

            let release = ReleaseRequest(
                personID: id, releasedOn: CivilDate(year: 2026, month: 3, day: 10)!, releasedAt: TimeOfDay(hour: 18, minute: 5)!,
                ground: .courtOrder, order: Fixtures.releaseOrder())
            guard
                case .done(let released) = try await registry.release(
                    release, expectedVersion: 2, asOf: Fixtures.asOf, actor: "t")
            else {
                Issue.record("release refused")
                return
            }
            #expect(released.openEpisode == nil)
            #expect(released.currentPlacement == nil)
            #expect(released.person.version == 3)
            #expect(released.episodes[0].release?.ground == .courtOrder)
            #expect(released.orders.last?.kind == .release)
            #expect(released.episodes[0].release?.orderID == released.orders.last?.id)
            // Released: releasing again or moving is refused.
            guard
                case .rejected(let again) = try await registry.release(
                    release, expectedVersion: 3, asOf: Fixtures.asOf, actor: "t")
            else {
                Issue.record("second release accepted")
                return
            }
            #expect(again.map(\.code) == [.notInCustody])
            // Readmission of the same person opens a second episode.
            let readmission = Fixtures.admission(
                subject: .existing(id), order: Fixtures.pretrialOrder(issued: CivilDate(year: 2026, month: 3, day: 12)!),
                admittedOn: CivilDate(year: 2026, month: 3, day: 12)!)
            guard case .done(let back) = try await registry.admit(readmission, asOf: Fixtures.asOf, actor: "t") else {
                Issue.record("readmission refused")
                return
            }
            #expect(back.episodes.count == 2)
            #expect(back.cases.count == 1)  // same case number: the case is reused
            #expect(back.person.version == 4)
            let events = try await database.read { sql in
                try await sql.raw("SELECT kind FROM events ORDER BY id").all().map {
                    try $0.decode(column: "kind", as: String.self)
                }
            }
            #expect(events == ["bulk_load", "admission", "move", "release", "admission"])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theDatabaseItselfAllowsOneOpenEpisode(_ engine: TestDatabase.Engine) async throws {
        try await withRegistry(engine) { registry, database in
            let file = try await admitted(registry)
            let episode = file.episodes[0]
            await #expect {
                try await database.transaction { sql in
                    try await sql.raw(
                        """
                        INSERT INTO custody_episodes (person_id, establishment_id, admitted_on, admitted_at, authorizing_order_id,
                          sending_authority, procedural_status)
                        VALUES (\(bind: file.person.id.rawValue), 1, '2026-03-03', '10:00', \(bind: episode.authorizingOrderID.rawValue), 'x', 'unsentenced')
                        """
                    ).run()
                }
            } throws: { DatabaseFailure.isConstraintViolation($0) }
            #expect(try await Self.counts(database)["open"] == 1)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func searchFindsByDocumentNumberAndName(_ engine: TestDatabase.Engine) async throws {
        try await withRegistry(engine) { registry, _ in
            let first = try await admitted(registry)
            var other = Fixtures.newPerson(dni: "41234568", given: "María")
            other.name.paternalSurname = "Ñahuincopa"
            other.name.maternalSurname = "Núñez"
            other.aliases = []
            _ = try await admitted(registry, Fixtures.admission(subject: .new(other)))
            let byDNI = try await registry.searchPersons("41234567", after: nil, limit: 10)
            #expect(byDNI.items.map(\.person.id) == [first.person.id])
            #expect(byDNI.items.first?.establishmentCode == "ep-norte")
            let byNumber = try await registry.searchPersons(first.person.number.description, after: nil, limit: 10)
            #expect(byNumber.items.map(\.person.id) == [first.person.id])
            // Accent- and case-insensitive prefix of surnames, given names or an alias.
            #expect(try await registry.searchPersons("nahui", after: nil, limit: 10).items.count == 2)
            #expect(try await registry.searchPersons("NAHUINC", after: nil, limit: 10).items.count == 1)
            #expect(try await registry.searchPersons("maria ñahuin", after: nil, limit: 10).items.count == 1)
            #expect(
                try await registry.searchPersons("josé luis ñah", after: nil, limit: 10).items.map(\.person.id) == [
                    first.person.id
                ])
            #expect(try await registry.searchPersons("chato", after: nil, limit: 10).items.map(\.person.id) == [first.person.id])
            #expect(try await registry.searchPersons("zzz", after: nil, limit: 10).items.isEmpty)
            // Cursor pagination walks every match once.
            let page1 = try await registry.searchPersons("nahui", after: nil, limit: 1)
            #expect(page1.items.count == 1)
            let page2 = try await registry.searchPersons("nahui", after: page1.nextCursor, limit: 1)
            #expect(page2.items.count == 1)
            #expect(page2.items[0].person.id != page1.items[0].person.id)
            #expect(page2.nextCursor == nil)
            // A scoped search finds only the persons held now in the scope's establishments, by every route.
            #expect(try await registry.searchPersons("nahui", within: ["ep-norte"], after: nil, limit: 10).items.count == 2)
            #expect(try await registry.searchPersons("nahui", within: ["ep-mujeres"], after: nil, limit: 10).items.isEmpty)
            #expect(try await registry.searchPersons("41234567", within: ["ep-mujeres"], after: nil, limit: 10).items.isEmpty)
            #expect(
                try await registry.searchPersons(first.person.number.description, within: [], after: nil, limit: 10).items.isEmpty
            )
        }
    }

    @Test(arguments: TestDatabase.engines)
    func establishmentsPageWithCursors(_ engine: TestDatabase.Engine) async throws {
        try await withRegistry(engine) { registry, _ in
            let first = try await registry.establishments(after: nil, limit: 1)
            #expect(first.items.map(\.establishment.code) == ["ep-mujeres"])
            let second = try await registry.establishments(after: first.nextCursor, limit: 1)
            #expect(second.items.map(\.establishment.code) == ["ep-norte"])
            #expect(second.nextCursor == nil)
            #expect(try await registry.establishment(code: "nowhere") == nil)
            let stats = try await registry.statistics()
            #expect(stats.national.capacity == 14)
            #expect(stats.byRegionalOffice.count == 1)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func concurrentAdmissionsOfOnePersonOpenOneEpisode(_ engine: TestDatabase.Engine) async throws {
        try await withRegistry(engine) { registry, database in
            let file = try await admitted(registry)
            let release = ReleaseRequest(
                personID: file.person.id, releasedOn: CivilDate(year: 2026, month: 3, day: 10)!,
                releasedAt: TimeOfDay(hour: 9, minute: 0)!,
                ground: .death, order: nil)
            _ = try await registry.release(release, expectedVersion: 1, asOf: Fixtures.asOf, actor: "t")
            let request = Fixtures.admission(
                subject: .existing(file.person.id),
                order: Fixtures.pretrialOrder(issued: CivilDate(year: 2026, month: 3, day: 12)!),
                admittedOn: CivilDate(year: 2026, month: 3, day: 12)!)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        if case .done = try await registry.admit(request, asOf: Fixtures.asOf, actor: "t") { return true }
                        return false
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await Self.counts(database)["open"] == 1)
        }
    }
}
