import CustodiaCore
import CustodiaTestSupport
import Delivery
import Foundation
import Logging
import SQLKit
import Store
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Events out, to a real receiver on loopback, on both engines (issue 13 points 4 and 8): delivered signed and in log
/// order; held in order while the receiver answers 500 or is down, then all delivered, none lost; a dead letter past
/// its age and its replay; a secret rotated with both signatures during the overlap; a forged delivery refused.
@Suite(.serialized) struct DeliveryTests {
    static let types: Set<String> = [
        "custodia.person.admitted.v1", "custodia.person.moved.v1", "custodia.person.released.v1",
    ]

    /// A register with the fixtures, a person admitted before the subscription (not delivered), a receiver, and a
    /// dispatcher whose clock the test moves.
    static func withSetup(
        _ engine: TestDatabase.Engine, settings: DeliverySettings = fast,
        _ body: (SQLRegistry, Dispatcher, Receiver, Subscription, TestClock) async throws -> Void
    ) async throws {
        try await Fixtures.withAdmittedPerson(engine) { _, database, _ in
            let clock = TestClock(Date())
            let registry = SQLRegistry(database: database, environment: Fixtures.environment(now: clock.source))
            let secret = WebhookSignature.newSecret()
            let receiver = Receiver(secrets: [secret], now: clock.source)
            try await receiver.start()
            try await SQLAccessDirectory(database: database, now: clock.source).createClient(
                name: "csj-lima", kind: .court, actor: "admin")
            guard
                case .rejected(let unknown) = try await registry.createSubscription(
                    client: "nadie", url: "ftp://x", eventTypes: ["custodia.nada.v1"], scope: .nation, secret: secret,
                    fromPosition: nil, actor: "admin")
            else { throw CancellationError() }
            #expect(Set(unknown.map(\.code)) == [.subscriptionURLInvalid, .subscriptionTypeUnknown])
            guard
                case .done(let subscription) = try await registry.createSubscription(
                    client: "csj-lima", url: receiver.url, eventTypes: types, scope: .nation, secret: secret,
                    fromPosition: nil, actor: "admin")
            else { throw CancellationError() }
            let dispatcher = Dispatcher(
                registry: registry, settings: settings, now: clock.source, logger: Logger(label: "test"),
                establishments: { _ in nil })
            do {
                try await body(registry, dispatcher, receiver, subscription, clock)
            } catch {
                await receiver.stop()
                throw error
            }
            await receiver.stop()
        }
    }

    static var fast: DeliverySettings {
        var settings = DeliverySettings()
        settings.baseDelay = 10
        settings.maxDelay = 40
        settings.deadAfter = 3_600
        settings.timeout = 5
        return settings
    }

    /// Admits `count` new persons and moves each once: two events per person, interleaved across persons.
    static func traffic(_ registry: SQLRegistry, count: Int, from first: Int) async throws -> [Person.ID] {
        var persons: [Person.ID] = []
        for index in 0..<count {
            let dni = String(format: "4%07d", first + index)
            guard
                case .done(let file) = try await registry.admit(
                    Fixtures.admission(subject: .new(Fixtures.newPerson(dni: dni, given: "Persona \(first + index)"))),
                    asOf: Fixtures.asOf, actor: "registro")
            else { throw CancellationError() }
            persons.append(file.person.id)
        }
        for person in persons {
            guard
                case .done = try await registry.move(
                    MoveRequest(personID: person, pavilionCode: "B", movedOn: Fixtures.asOf, reason: "Reubicación"),
                    expectedVersion: nil, asOf: Fixtures.asOf, actor: "seguridad")
            else { throw CancellationError() }
        }
        return persons
    }

    @Test(arguments: TestDatabase.engines)
    func deliveredSignedInOrderAndHeldWhileTheReceiverFails(_ engine: TestDatabase.Engine) async throws {
        try await Self.withSetup(engine) { registry, dispatcher, receiver, subscription, clock in
            let persons = try await Self.traffic(registry, count: 3, from: 100)
            #expect(try await dispatcher.deliverOnce() == 6)
            let first = receiver.accepted
            #expect(
                first.map(\.type) == Array(repeating: "custodia.person.admitted.v1", count: 3)
                    + Array(repeating: "custodia.person.moved.v1", count: 3))
            #expect(first.map(\.position) == first.map(\.position).sorted() && first.allSatisfy { $0.signatures == 1 })
            #expect(Set(first.compactMap(\.subject)) == Set(persons.map { PersonNumber(id: $0).description }))
            #expect(try await registry.subscription(subscription.id)?.deliveredPosition == first.last?.position)

            // The receiver answers 500: nothing moves, the failure is counted and the next attempt waits.
            receiver.failing(true)
            let more = try await Self.traffic(registry, count: 2, from: 200)
            #expect(try await dispatcher.deliverOnce() == 0)
            let failed = try #require(try await registry.subscription(subscription.id))
            #expect(failed.attempts == 1 && failed.lastError == "HTTP 500" && failed.nextAttemptAt! > clock.now)
            #expect(try await dispatcher.deliverOnce() == 0)  // not due yet: no attempt made
            #expect(try await registry.subscription(subscription.id)?.attempts == 1)
            // Then it is down altogether (connection refused), and more happens meanwhile.
            receiver.failing(false)
            let port = receiver.port
            await receiver.stop()
            clock.advance(minutes: 1)
            #expect(try await dispatcher.deliverOnce() == 0)
            #expect(try await registry.subscription(subscription.id)?.attempts == 2)
            let later = try await Self.traffic(registry, count: 1, from: 300)
            // Back on the same address: everything arrives once, in log order, in order per person.
            try await receiver.start(port: port)
            clock.advance(minutes: 2)
            #expect(try await dispatcher.deliverOnce() == 6)
            let all = receiver.accepted
            #expect(all.count == 12 && all.map(\.position) == all.map(\.position).sorted())
            for person in persons + more + later {
                let mine = all.filter { $0.subject == PersonNumber(id: person).description }.map(\.type)
                #expect(mine == ["custodia.person.admitted.v1", "custodia.person.moved.v1"])
            }
            let caught = try #require(try await registry.subscription(subscription.id))
            #expect(caught.attempts == 0 && caught.lastError == nil && caught.nextAttemptAt == nil)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aDeadLetterPastItsAgeAndItsReplay(_ engine: TestDatabase.Engine) async throws {
        try await Self.withSetup(engine) { registry, dispatcher, receiver, subscription, clock in
            _ = try await Self.traffic(registry, count: 1, from: 400)
            receiver.failing(true)
            #expect(try await dispatcher.deliverOnce() == 0)
            clock.advance(minutes: 61)
            #expect(try await dispatcher.deliverOnce() == 0)
            let letters = try await registry.deadLetters(subscription.id)
            #expect(letters.count == 1 && letters.first?.attempts == 2 && letters.first?.lastError == "HTTP 500")
            // The subscription moved on: the next event goes out once the receiver answers again.
            receiver.failing(false)
            #expect(try await dispatcher.deliverOnce() == 1)
            #expect(receiver.accepted.map(\.type) == ["custodia.person.moved.v1"])
            let letter = try #require(letters.first)
            #expect(try await dispatcher.replay(letter, actor: "admin"))
            #expect(receiver.accepted.map(\.position) == [letter.position + 1, letter.position].sorted().reversed())
            #expect(try await registry.deadLetters(subscription.id).first?.replayedAt != nil)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aRotatedSecretSignsTwiceDuringTheOverlapAndForgeriesAreRefused(_ engine: TestDatabase.Engine) async throws {
        try await Self.withSetup(engine) { registry, dispatcher, receiver, subscription, clock in
            let newSecret = WebhookSignature.newSecret()
            let rotated = try #require(
                try await registry.rotateSecret(
                    subscription.id, newSecret: newSecret, overlapUntil: clock.now.addingTimeInterval(3_600), actor: "admin"))
            #expect(rotated.signingSecrets(at: clock.now) == [newSecret, subscription.secret])
            // The receiver still knows only the old secret: the overlap keeps it working.
            _ = try await Self.traffic(registry, count: 1, from: 500)
            #expect(try await dispatcher.deliverOnce() == 2 && receiver.accepted.allSatisfy { $0.signatures == 2 })
            // After the overlap only the new secret signs: a receiver that did not switch refuses it (forged), one that
            // did accepts it.
            clock.advance(minutes: 61)
            _ = try await Self.traffic(registry, count: 1, from: 600)
            #expect(try await dispatcher.deliverOnce() == 0 && receiver.forged == 1)
            receiver.know([newSecret])
            clock.advance(minutes: 1)
            #expect(try await dispatcher.deliverOnce() == 2 && receiver.accepted.count == 4)
            #expect(receiver.accepted.suffix(2).allSatisfy { $0.signatures == 1 })
            // Forgeries: a wrong key, and a right signature replayed ten minutes late.
            let body = Data(#"{"type":"custodia.person.released.v1"}"#.utf8)
            let stamp = Int64(clock.now.timeIntervalSince1970)
            for (secret, when) in [(WebhookSignature.newSecret(), stamp), (newSecret, stamp - 600)] {
                var request = URLRequest(url: URL(string: receiver.url)!)
                request.httpMethod = "POST"
                request.httpBody = body
                request.setValue("evt_forged", forHTTPHeaderField: "webhook-id")
                request.setValue(String(when), forHTTPHeaderField: "webhook-timestamp")
                request.setValue(
                    WebhookSignature.header(secrets: [secret], id: "evt_forged", timestamp: when, body: body),
                    forHTTPHeaderField: "webhook-signature")
                let (_, response) = try await URLSession.shared.data(for: request)
                #expect((response as? HTTPURLResponse)?.statusCode == 401)
            }
            #expect(receiver.forged == 3 && receiver.accepted.count == 4)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aDistrictSubscriptionReceivesItsCasesPersonsOnly(_ engine: TestDatabase.Engine) async throws {
        try await Self.withSetup(engine) { registry, dispatcher, _, _, clock in
            let secret = WebhookSignature.newSecret()
            let court = Receiver(secrets: [secret], now: clock.source)
            try await court.start()
            defer { Task { await court.stop() } }
            guard
                case .done = try await registry.createSubscription(
                    client: "csj-lima", url: court.url, eventTypes: [],
                    scope: .judicialDistricts(["Corte Superior de Justicia del Callao"]),
                    secret: secret, fromPosition: nil, actor: "admin")
            else { throw CancellationError() }
            // Two persons with cases in Lima (the fixtures' district), one in Callao.
            _ = try await Self.traffic(registry, count: 2, from: 700)
            var callao = Fixtures.admission(subject: .new(Fixtures.newPerson(dni: "47000001", given: "Persona Callao")))
            callao.legalCase.judicialDistrict = "Corte Superior de Justicia del Callao"
            guard case .done(let file) = try await registry.admit(callao, asOf: Fixtures.asOf, actor: "registro") else {
                throw CancellationError()
            }
            _ = try await dispatcher.deliverOnce()
            #expect(court.accepted.map(\.subject) == [file.person.number.description])
            #expect(court.accepted.map(\.type) == ["custodia.person.admitted.v1"])
            await court.stop()
        }
    }
}
