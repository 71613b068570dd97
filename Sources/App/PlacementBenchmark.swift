import CustodiaCore
import Foundation
import LegalClock
import SQLKit
import Store

/// The placement check on national moves (issue 11 point 3): the check a move runs before it writes (the place,
/// the person's classification, every keep-apart partner in the target establishment, the rules), timed on a demo
/// database topped up to the figures, next to a raw SELECT of the person's current placement (the floor).
public enum PlacementBenchmark {
    public struct Figures: Sendable {
        public var memberships: Int
        public var keepApart: Int
        public var checks: Int
        public var refused: Int
        public var median: Double
        public var p95: Double
        public var p99: Double
        public var memberMedian: Double
        public var memberP95: Double
        public var floorMedian: Double
    }

    /// Tops the register up to `memberships` memberships and `keepApart` keep-apart records (synthetic, seeded),
    /// then times `checks` checks of a person in custody into a random pavilion of the country, and the same for
    /// members of an organization (the path that reads the rival organizations' members).
    public static func run(
        database: Database, environment: CustodiaEnvironment, memberships: Int, keepApart: Int, checks: Int
    ) async throws -> Figures {
        var random = SeededGenerator(seed: environment.seed &+ 11)
        let asOf = environment.today()
        let (persons, pavilions, organizations) = try await database.read { sql in
            let persons = try await sql.raw(
                "SELECT person_id, establishment_id FROM placements WHERE until_date IS NULL ORDER BY person_id"
            ).all().map {
                (try $0.decode(column: "person_id", as: Int64.self), try $0.decode(column: "establishment_id", as: Int64.self))
            }
            let pavilions = try await sql.raw(
                "SELECT e.code AS e, v.code AS v FROM pavilions v JOIN establishments e ON e.id = v.establishment_id ORDER BY v.id"
            ).all().map { (try $0.decode(column: "e", as: String.self), try $0.decode(column: "v", as: String.self)) }
            let organizations = try await sql.raw("SELECT id FROM organizations ORDER BY id").all().map {
                try $0.decode(column: "id", as: Int64.self)
            }
            return (persons, pavilions, organizations)
        }
        guard persons.count > 1_000, !organizations.isEmpty else {
            throw AdmissionBenchmark.BenchmarkFailure(description: "the benchmark needs the national demo database")
        }
        try await topUp(
            database, persons: persons, organizations: organizations, memberships: memberships, keepApart: keepApart,
            random: &random)
        let registry = SQLRegistry(database: database, environment: environment)
        let members = try await database.read { sql in
            try await sql.raw("SELECT DISTINCT person_id FROM memberships ORDER BY person_id").all().map {
                try $0.decode(column: "person_id", as: Int64.self)
            }
        }
        func time(_ people: [Int64], _ random: inout SeededGenerator) async throws -> ([Double], Int) {
            var timings: [Double] = []
            var refused = 0
            for _ in 0..<checks {
                let person = people[Int(random.next() % UInt64(people.count))]
                let (establishment, pavilion) = pavilions[Int(random.next() % UInt64(pavilions.count))]
                let started = ContinuousClock.now
                let messages = try await registry.checkPlacement(
                    .init(rawValue: person), establishmentCode: establishment, pavilionCode: pavilion, cellCode: nil, on: asOf,
                    asOf: asOf)
                timings.append((ContinuousClock.now - started).seconds * 1_000)
                if messages?.isEmpty == false { refused += 1 }
            }
            return (timings.sorted(), refused)
        }
        let inCustody = persons.map(\.0)
        let (all, refused) = try await time(inCustody, &random)
        let (memberTimings, _) = try await time(members, &random)
        var floor: [Double] = []
        for _ in 0..<checks {
            let person = inCustody[Int(random.next() % UInt64(inCustody.count))]
            let started = ContinuousClock.now
            _ = try await database.read { sql in
                try await sql.raw("SELECT * FROM placements WHERE person_id = \(bind: person) AND until_date IS NULL").first()
            }
            floor.append((ContinuousClock.now - started).seconds * 1_000)
        }
        floor.sort()
        let counts = try await database.read { sql in
            (
                try await sql.raw("SELECT COUNT(*) AS n FROM memberships").first()!.decode(column: "n", as: Int.self),
                try await sql.raw("SELECT COUNT(*) AS n FROM keep_apart").first()!.decode(column: "n", as: Int.self)
            )
        }
        func at(_ list: [Double], _ fraction: Double) -> Double { list[min(list.count - 1, Int(Double(list.count) * fraction))] }
        return Figures(
            memberships: counts.0, keepApart: counts.1, checks: checks, refused: refused, median: at(all, 0.5),
            p95: at(all, 0.95), p99: at(all, 0.99), memberMedian: at(memberTimings, 0.5), memberP95: at(memberTimings, 0.95),
            floorMedian: at(floor, 0.5))
    }

    /// Synthetic memberships (persons in custody not yet members) and keep-apart records: three in four between two
    /// persons of one establishment, the rest between persons anywhere; scopes mixed; lower id first, as stored.
    static func topUp(
        _ database: Database, persons: [(Int64, Int64)], organizations: [Int64], memberships: Int, keepApart: Int,
        random: inout SeededGenerator
    ) async throws {
        let existing = try await database.read { sql in
            (
                Set(
                    try await sql.raw("SELECT person_id FROM memberships").all().map {
                        try $0.decode(column: "person_id", as: Int64.self)
                    }),
                try await sql.raw("SELECT COUNT(*) AS n FROM keep_apart").first()!.decode(column: "n", as: Int.self),
                try await sql.raw("SELECT COUNT(*) AS n FROM memberships").first()!.decode(column: "n", as: Int.self)
            )
        }
        var byEstablishment: [Int64: [Int64]] = [:]
        for (person, establishment) in persons { byEstablishment[establishment, default: []].append(person) }
        let establishments = byEstablishment.keys.sorted()
        var newMembers: [(Int64, Int64)] = []
        var members = existing.0
        while existing.2 + newMembers.count < memberships {
            let person = persons[Int(random.next() % UInt64(persons.count))].0
            if members.insert(person).inserted {
                newMembers.append((person, organizations[Int(random.next() % UInt64(organizations.count))]))
            }
        }
        var pairs: [(Int64, Int64, String)] = []
        var seen: Set<[Int64]> = []
        let scopes = ["pavilion", "pavilion", "cell", "establishment"]
        while existing.1 + pairs.count < keepApart {
            let a: Int64
            let b: Int64
            if random.next() % 4 != 0 {
                let people = byEstablishment[establishments[Int(random.next() % UInt64(establishments.count))]]!
                guard people.count > 1 else { continue }
                (a, b) = (people[Int(random.next() % UInt64(people.count))], people[Int(random.next() % UInt64(people.count))])
            } else {
                (a, b) = (
                    persons[Int(random.next() % UInt64(persons.count))].0, persons[Int(random.next() % UInt64(persons.count))].0
                )
            }
            let scope = scopes[Int(random.next() % UInt64(scopes.count))]
            guard a != b, seen.insert([min(a, b), max(a, b)]).inserted else { continue }
            pairs.append((min(a, b), max(a, b), scope))
        }
        let (memberRows, pairRows) = (newMembers, pairs)
        try await database.transaction { sql in
            for (person, organization) in memberRows {
                try await sql.raw(
                    """
                    INSERT INTO memberships (person_id, organization_id, role, evidence_source, confidence, from_date)
                    VALUES (\(bind: person), \(bind: organization), 'member', 'Benchmark (sintético)', 'medium', '2025-01-01')
                    """
                ).run()
            }
            for (a, b, scope) in pairRows {
                try await sql.raw(
                    """
                    INSERT INTO keep_apart (first_person_id, second_person_id, scope, reason, starts_on, version)
                    VALUES (\(bind: a), \(bind: b), \(bind: scope), 'Benchmark (sintético)', '2026-01-01', 1)
                    """
                ).run()
            }
        }
    }
}
