import CustodiaCore
import CustodiaTestSupport
import Foundation
import SQLKit
import Store
import Synchronization
import Testing

/// The roll count (issue 11 point 6) on both engines: at random minutes of a seeded day of admissions, moves,
/// transfers, temporary exits and releases, every establishment's roll adds up to the persons the register holds
/// in custody at that minute, and the ones in transit and out are the ones the day put there.
@Suite struct RollStoreTests {
    /// A clock the test moves forward: the registry's instant source.
    final class TestClock: Sendable {
        private let minute = Mutex<LocalTime>(LocalTime(date: Fixtures.asOf, time: TimeOfDay(hour: 6, minute: 0)!))
        var now: LocalTime { minute.withLock { $0 } }
        func advance(_ minutes: Int) { minute.withLock { $0 = $0.adding(minutes: minutes) } }
        /// The instant of the current Lima minute.
        var date: Date {
            let m = now
            let seconds = (m.date.daysSinceEpoch * 1_440 + m.time.minutesSinceMidnight) * 60 - LocalTime.offsetSeconds
            return Date(timeIntervalSince1970: Double(seconds))
        }
    }

    /// What the test itself knows of one person's day: when held, in transit and out.
    struct Life {
        var admitted: LocalTime
        var released: LocalTime?
        var transits: [(LocalTime, LocalTime?)] = []
        var outs: [(LocalTime, LocalTime?)] = []

        static func covers(_ interval: (LocalTime, LocalTime?), _ m: LocalTime) -> Bool {
            interval.0 <= m && (interval.1.map { m < $0 } ?? true)
        }
        func held(_ m: LocalTime) -> Bool { admitted <= m && (released.map { m < $0 } ?? true) }
        func inTransit(_ m: LocalTime) -> Bool { held(m) && transits.contains { Self.covers($0, m) } }
        func out(_ m: LocalTime) -> Bool { held(m) && !inTransit(m) && outs.contains { Self.covers($0, m) } }
    }

    static func done<T>(_ outcome: ChangeOutcome<T>, _ what: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws -> T
    {
        if case .done(let value) = outcome { return value }
        Issue.record("\(what): \(outcome)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    static let establishments = ["ep-norte", "ep-mujeres", "ep-sur"]

    @Test(arguments: TestDatabase.engines)
    func theNationalRollIsTheRegisterAtEveryMinute(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            try await Fixtures.loadSouthernOffice(into: database)
            let clock = TestClock()
            let registry = SQLRegistry(database: database, environment: Fixtures.environment(now: { clock.date }))
            let day = Fixtures.asOf
            var random = SeededGenerator(seed: 20_261_206)
            var lives: [Person.ID: Life] = [:]
            var where_: [Person.ID: String] = [:]  // establishment of the person's placement
            var transfers: [Person.ID: Transfer.ID] = [:]
            var outings: [Person.ID: Outing.ID] = [:]
            var minutes: [LocalTime] = []
            var dni = 40_000_000

            func admit(on date: CivilDate, at time: TimeOfDay, female: Bool) async throws {
                dni += 1
                let establishment = female ? "ep-mujeres" : ["ep-norte", "ep-sur"].randomElement(using: &random)!
                var request = Fixtures.admission(
                    subject: .new(Fixtures.newPerson(dni: String(dni), sex: female ? .female : .male, given: "Persona")),
                    establishment: establishment, pavilion: "A", admittedOn: date)
                request.admittedAt = time
                request.intake = nil
                let file = try Self.done(
                    try await registry.admit(request, asOf: day, actor: "t"), "admission")
                lives[file.person.id] = Life(admitted: LocalTime(date: date, time: time))
                where_[file.person.id] = establishment
            }
            // Those already inside before the day.
            for index in 0..<8 {
                try await admit(on: day.adding(days: -5), at: TimeOfDay(hour: 10, minute: 30)!, female: index % 4 == 0)
            }
            for _ in 0..<90 {
                clock.advance(Int.random(in: 1...12, using: &random))
                let now = clock.now
                minutes.append(now)
                let held = lives.filter { $0.value.released == nil }.map(\.key).sorted { $0.rawValue < $1.rawValue }
                let settled = held.filter { transfers[$0] == nil && outings[$0] == nil }
                switch Int.random(in: 0..<10, using: &random) {
                case 0, 1:
                    try await admit(on: day, at: now.time, female: Bool.random(using: &random))
                case 2:
                    guard let person = settled.filter({ where_[$0] == "ep-norte" }).randomElement(using: &random) else {
                        continue
                    }
                    let file = try #require(try await registry.personFile(person))
                    let current = file.placements.last.flatMap { file.pavilionCodes[$0.pavilionID] }
                    let pavilion = current == "A" ? "B" : "A"
                    _ = try Self.done(
                        try await registry.move(
                            MoveRequest(personID: person, pavilionCode: pavilion, movedOn: day, reason: "Reubicación"),
                            expectedVersion: nil, asOf: day, actor: "t"), "move")
                case 3:
                    guard let person = settled.filter({ where_[$0] != "ep-mujeres" }).randomElement(using: &random) else {
                        continue
                    }
                    let destination = where_[person] == "ep-norte" ? "ep-sur" : "ep-norte"
                    let requested = try Self.done(
                        try await registry.requestTransfer(
                            TransferRequest(
                                personID: person, toEstablishmentCode: destination, toPavilionCode: "A", ground: .hacinamiento,
                                reason: "Descongestión", requestedOn: day), expectedVersion: nil, asOf: day, actor: "t"),
                        "request")
                    _ = try Self.done(
                        try await registry.stepTransfer(
                            TransferStep(
                                id: requested.id, action: .approve, on: day, authority: .directorEstablecimiento,
                                resolution: "R.D. 1-2026"), expectedVersion: nil, asOf: day, actor: "t"), "approve")
                    _ = try Self.done(
                        try await registry.stepTransfer(
                            TransferStep(id: requested.id, action: .depart, on: day), expectedVersion: nil, asOf: day,
                            actor: "t"), "depart")
                    transfers[person] = requested.id
                    lives[person]!.transits.append((now, nil))
                    where_[person] = destination
                case 4:
                    guard
                        let (person, id) = transfers.sorted(by: { $0.key.rawValue < $1.key.rawValue })
                            .randomElement(using: &random)
                    else { continue }
                    guard lives[person]!.released == nil else { continue }
                    _ = try Self.done(
                        try await registry.stepTransfer(
                            TransferStep(id: id, action: .receive, on: day), expectedVersion: nil, asOf: day, actor: "t"),
                        "receive")
                    transfers[person] = nil
                    lives[person]!.transits[lives[person]!.transits.count - 1].1 = now
                case 5, 6:
                    guard let person = settled.randomElement(using: &random) else { continue }
                    let kind: Outing.Kind = [.courtHearing, .hospital, .other, .videoconference].randomElement(using: &random)!
                    let outing = try Self.done(
                        try await registry.scheduleOuting(
                            OutingRequest(
                                personID: person, kind: kind, destination: "Sala 3", requestedBy: "Juzgado 1",
                                orderReference: "Oficio 12-2026", scheduledAt: now, returnDue: now.adding(minutes: 240)),
                            expectedVersion: nil, asOf: day, actor: "t"), "schedule")
                    _ = try Self.done(
                        try await registry.stepOuting(
                            OutingStep(id: outing.id, action: .leave), expectedVersion: nil, asOf: day, actor: "t"), "leave")
                    outings[person] = outing.id
                    if kind.leaves { lives[person]!.outs.append((now, nil)) }
                case 7, 8:
                    guard
                        let (person, id) = outings.sorted(by: { $0.key.rawValue < $1.key.rawValue })
                            .randomElement(using: &random)
                    else { continue }
                    guard lives[person]!.released == nil else { continue }
                    let back = try Self.done(
                        try await registry.stepOuting(
                            OutingStep(id: id, action: .back), expectedVersion: nil, asOf: day, actor: "t"), "back")
                    outings[person] = nil
                    if back.kind.leaves { lives[person]!.outs[lives[person]!.outs.count - 1].1 = now }
                default:
                    // A release: at court (out), in transit or inside.
                    guard let person = held.randomElement(using: &random) else { continue }
                    _ = try Self.done(
                        try await registry.release(
                            ReleaseRequest(
                                personID: person, releasedOn: day, releasedAt: now.time, ground: .courtOrder,
                                order: Fixtures.releaseOrder()), expectedVersion: nil, asOf: day, actor: "t"), "release")
                    lives[person]!.released = now
                }
            }
            // Every minute something happened, the minute before it, and random minutes of the day and the day before.
            var samples = minutes + minutes.map { $0.adding(minutes: -1) }
            for _ in 0..<40 {
                samples.append(
                    LocalTime.start(of: day.adding(days: -5)).adding(minutes: Int.random(in: 0..<(7 * 1_440), using: &random)))
            }
            var checked = (held: 0, transit: 0, out: 0)
            for minute in samples {
                var assigned = 0
                var leaving = 0
                var arriving = 0
                var out = 0
                for code in Self.establishments {
                    let roll = try #require(try await registry.roll(establishmentCode: code, at: minute))
                    assigned += roll.assigned
                    leaving += roll.inTransitOut
                    arriving += roll.inTransitIn
                    out += roll.outTotal
                    for line in roll.lines { #expect(line.present >= 0 && line.present + line.outTotal == line.assigned) }
                }
                let held = lives.values.filter { $0.held(minute) }.count
                let transit = lives.values.filter { $0.inTransit(minute) }.count
                let away = lives.values.filter { $0.out(minute) }.count
                #expect(assigned + leaving == held, "held at \(minute)")
                #expect(try await registry.heldCount(at: minute) == held, "register at \(minute)")
                #expect(leaving == transit && arriving == transit, "in transit at \(minute)")
                #expect(out == away, "out at \(minute)")
                checked.held = max(checked.held, held)
                checked.transit = max(checked.transit, transit)
                checked.out = max(checked.out, away)
            }
            // The day was busy enough to mean something: people held, in transit and out at some sampled minute.
            #expect(checked.held >= 8 && checked.transit >= 1 && checked.out >= 1, "\(checked)")
            #expect(try await registry.roll(establishmentCode: "ep-nada", at: clock.now) == nil)
        }
    }

    /// Migration 16 gives the rows an earlier schema held their minutes: the admission and release minutes, the
    /// Lima minute of a transfer's recorded departure and reception (on both engines' time functions), midnight for
    /// the rest; the roll then adds up on the old rows too.
    @Test(arguments: TestDatabase.engines)
    func theMigrationGivesEarlierRowsTheirMinutes(_ engine: TestDatabase.Engine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await Fixtures.load(into: database)
            try await Fixtures.loadSouthernOffice(into: database)
            let clock = TestClock()
            let registry = SQLRegistry(database: database, environment: Fixtures.environment(now: { clock.date }))
            let day = Fixtures.asOf
            var admitted: [Person.ID] = []
            for (index, dni) in ["40000001", "40000002", "40000003"].enumerated() {
                var request = Fixtures.admission(subject: .new(Fixtures.newPerson(dni: dni)), admittedOn: day)
                request.admittedAt = TimeOfDay(hour: 7, minute: 10 * index)!
                request.intake = nil
                admitted.append(try Self.done(try await registry.admit(request, asOf: day, actor: "t"), "admit").person.id)
            }
            clock.advance(3 * 60)  // 09:00
            _ = try Self.done(
                try await registry.move(
                    MoveRequest(personID: admitted[0], pavilionCode: "B", movedOn: day, reason: "Reubicación"),
                    expectedVersion: nil, asOf: day, actor: "t"), "move")
            let transfer = try Self.done(
                try await registry.requestTransfer(
                    TransferRequest(
                        personID: admitted[1], toEstablishmentCode: "ep-sur", toPavilionCode: "A", ground: .hacinamiento,
                        reason: "Descongestión", requestedOn: day), expectedVersion: nil, asOf: day, actor: "t"), "request")
            for action in [TransferStep.Action.approve, .depart, .receive] {
                clock.advance(45)
                _ = try Self.done(
                    try await registry.stepTransfer(
                        TransferStep(
                            id: transfer.id, action: action, on: day, authority: .directorEstablecimiento, resolution: "R.D. 1"),
                        expectedVersion: nil, asOf: day, actor: "t"), "\(action)")
            }
            _ = try Self.done(
                try await registry.release(
                    ReleaseRequest(
                        personID: admitted[2], releasedOn: day, releasedAt: TimeOfDay(hour: 12, minute: 5)!, ground: .courtOrder,
                        order: Fixtures.releaseOrder()), expectedVersion: nil, asOf: day, actor: "t"), "release")
            // As an earlier schema held them: no minutes, no exits.
            try await database.transaction { sql in
                for statement in [
                    "DROP TABLE outings", "ALTER TABLE placements DROP COLUMN from_at",
                    "ALTER TABLE placements DROP COLUMN until_at",
                    "ALTER TABLE transfers DROP COLUMN departed_minute", "ALTER TABLE transfers DROP COLUMN received_minute",
                    "DROP INDEX placements_episode", "DELETE FROM schema_migrations WHERE version = 16",
                ] {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
            }
            #expect(try await Migrations.migrate(database) == [16])
            let ids = admitted.map { String($0.rawValue) }.joined(separator: ",")
            let rows = try await database.read { sql in
                try await sql.raw(
                    "SELECT person_id, from_at, until_at FROM placements WHERE person_id IN (\(unsafeRaw: ids)) ORDER BY id"
                ).all().map {
                    "\(try $0.decode(column: "person_id", as: Int64.self)) \(try $0.decode(column: "from_at", as: String.self)) \(try $0.decode(column: "until_at", as: String?.self) ?? "-")"
                }
            }
            let (a, b, c) = (admitted[0].rawValue, admitted[1].rawValue, admitted[2].rawValue)
            #expect(
                rows == [
                    "\(a) 2026-03-15T07:00 2026-03-15T00:00", "\(b) 2026-03-15T07:10 2026-03-15T10:30",
                    "\(c) 2026-03-15T07:20 2026-03-15T12:05", "\(a) 2026-03-15T00:00 -", "\(b) 2026-03-15T11:15 -",
                ])
            let minutes = try await database.read { sql in
                try await sql.raw("SELECT departed_minute, received_minute FROM transfers").first().map {
                    [
                        try $0.decode(column: "departed_minute", as: String.self),
                        try $0.decode(column: "received_minute", as: String.self),
                    ]
                }
            }
            #expect(minutes == ["2026-03-15T10:30", "2026-03-15T11:15"])
            // The roll over the migrated rows: at 08:00 all three held, in ep-norte.
            let early = try #require(
                try await registry.roll(establishmentCode: "ep-norte", at: LocalTime(text: "2026-03-15T08:00")!))
            #expect(early.assigned == 3 && early.inTransitOut == 0)
            let during = try #require(
                try await registry.roll(establishmentCode: "ep-norte", at: LocalTime(text: "2026-03-15T11:00")!))
            #expect(during.assigned == 2 && during.inTransitOut == 1)
        }
    }
}
