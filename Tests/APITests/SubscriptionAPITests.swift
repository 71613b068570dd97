import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import Store
import Testing

/// An institution's own webhook subscriptions through the API, on both engines (issue 13 point 4): bad URLs and unknown
/// event types refused at their fields with nothing written; a subscription made in the token's own scope, its secret
/// in the answer that made it only (and the one the dispatcher signs with); another institution sees none of it (404);
/// pause, resume and a rotation with If-Match, a stale version 412; each change audited.
@Suite struct SubscriptionAPITests {
    @Test(arguments: TestDatabase.engines)
    func subscribeListPauseResumeRotate(_ engine: TestDatabase.Engine) async throws {
        try await withApplication(engine) { client, services, clock in
            let court = try await AccessFixtures.token(
                client: "Corte Superior de Justicia de Lima Norte", operations: [.manageSubscriptions, .readEvents],
                scope: .establishments(["ep-norte"]), in: services.directory, expiresAt: clock.now.addingTimeInterval(86_400))
            let other = try await AccessFixtures.token(
                client: "Fiscalía de Lima Norte", kind: .prosecutor, operations: [.manageSubscriptions], scope: .nation,
                in: services.directory, expiresAt: clock.now.addingTimeInterval(86_400))
            let courtHeaders: HTTPFields = [.authorization: "Bearer \(court)"]
            let otherHeaders: HTTPFields = [.authorization: "Bearer \(other)"]
            func count() async throws -> Int { try await services.registry.subscriptions(client: nil).count }

            // Bad input: a URL that is neither HTTPS nor loopback HTTP, an event type that does not exist; nothing written.
            let badURL = try await client.call(
                .post, "/api/v1/subscriptions", json: ["url": "http://sistemas.example.pe/eventos"], headers: courtHeaders)
            #expect(badURL.status == 422 && badURL.errorCodes == ["subscription.url_invalid"] && badURL.errorFields == ["url"])
            let badType = try await client.call(
                .post, "/api/v1/subscriptions",
                json: ["url": "https://sistemas.example.pe/eventos", "event_types": ["custodia.person.flown.v1"]],
                headers: courtHeaders)
            #expect(badType.status == 422 && badType.errorFields == ["event_types"])
            // The server's own machine is no client's to reach (the administrator's loopback receiver is not theirs).
            for url in [
                "http://127.0.0.1:9/eventos", "https://localhost/eventos", "https://127.0.0.1/x", "https://[::1]:8443/x",
                "https://127.1/x", "https://2130706433/x", "https://0x7f000001/x", "https://u@127.0.0.1/x",
                "https://169.254.169.254/latest", "https://localhost?x=1", "https://localhost./x",
            ] {
                let local = try await client.call(.post, "/api/v1/subscriptions", json: ["url": url], headers: courtHeaders)
                #expect(local.status == 422 && local.errorCodes == ["subscription.url_invalid"], "\(url)")
            }
            // A token that may not read the event log subscribes to its own orders' states only.
            let notGranted = try await client.call(
                .post, "/api/v1/subscriptions",
                json: ["url": "https://fiscalia.example.pe/eventos", "event_types": ["custodia.person.released.v1"]],
                headers: otherHeaders)
            #expect(notGranted.status == 422 && notGranted.errorCodes == ["subscription.events_not_granted"])
            let everything = try await client.call(
                .post, "/api/v1/subscriptions", json: ["url": "https://fiscalia.example.pe/eventos"], headers: otherHeaders)
            #expect(everything.status == 422 && everything.errorFields == ["event_types"])
            #expect(try await count() == 0)
            let ordersOnly = try await client.call(
                .post, "/api/v1/subscriptions",
                json: ["url": "https://fiscalia.example.pe/eventos", "event_types": ["custodia.order.state_changed.v1"]],
                headers: otherHeaders)
            #expect(ordersOnly.status == 201)

            let created = try await client.call(
                .post, "/api/v1/subscriptions",
                json: [
                    "url": "https://sistemas.example.pe/custodia/eventos",
                    "event_types": ["custodia.person.released.v1", "custodia.order.state_changed.v1"],
                ], headers: courtHeaders)
            #expect(created.status == 201)
            let secret = try #require(created["secret"] as? String)
            let made = try #require(created["subscription"] as? [String: Any])
            let id = try #require(made["id"] as? Int)
            #expect(secret.hasPrefix("whsec_") && Data(base64Encoded: String(secret.dropFirst(6)))?.count == 32)
            #expect(created.headers[.location] == "/api/v1/subscriptions/\(id)")
            #expect(made["client"] as? String == "Corte Superior de Justicia de Lima Norte")
            #expect(made["scope"] as? String == "establishments:ep-norte" && made["active"] as? Bool == true)
            #expect(made["event_types"] as? [String] == ["custodia.order.state_changed.v1", "custodia.person.released.v1"])
            // The dispatcher signs with the secret the client was given.
            #expect(try await services.registry.subscription(.init(rawValue: Int64(id)))?.secret == secret)

            // Listed and read by its institution, never with the secret; another institution sees nothing.
            let listed = try await client.call(.get, "/api/v1/subscriptions", headers: courtHeaders)
            let items = listed["items"] as? [[String: Any]] ?? []
            #expect(listed.status == 200 && items.count == 1 && items.first?["secret"] == nil)
            let read = try await client.call(.get, "/api/v1/subscriptions/\(id)", headers: courtHeaders)
            #expect(read.status == 200 && read.headers[.eTag] == "\"1\"" && read["secret"] == nil)
            #expect((read["dead_letters"] as? [Any])?.isEmpty == true)
            let theirs = try await client.call(.get, "/api/v1/subscriptions", headers: otherHeaders)
            let theirItems = theirs["items"] as? [[String: Any]] ?? []
            #expect(theirItems.count == 1 && theirItems.allSatisfy { $0["id"] as? Int != id })
            #expect(try await client.call(.get, "/api/v1/subscriptions/\(id)", headers: otherHeaders).status == 404)
            let meddling = try await client.call(
                .post, "/api/v1/subscriptions/\(id)/steps", json: ["action": "pause"],
                headers: otherHeaders.merging([.ifMatch: "\"1\""]))
            #expect(meddling.status == 404)
            #expect(try await services.registry.subscription(.init(rawValue: Int64(id)))?.active == true)

            // Pause, a stale version, resume, rotate.
            let paused = try await client.call(
                .post, "/api/v1/subscriptions/\(id)/steps", json: ["action": "pause"],
                headers: courtHeaders.merging([.ifMatch: "\"1\""]))
            #expect(paused.status == 200 && (paused["subscription"] as? [String: Any])?["active"] as? Bool == false)
            #expect(paused["secret"] == nil && paused.headers[.eTag] == "\"2\"")
            let stale = try await client.call(
                .post, "/api/v1/subscriptions/\(id)/steps", json: ["action": "resume"],
                headers: courtHeaders.merging([.ifMatch: "\"1\""]))
            #expect(stale.status == 412)
            let resumed = try await client.call(
                .post, "/api/v1/subscriptions/\(id)/steps", json: ["action": "resume"],
                headers: courtHeaders.merging([.ifMatch: "\"2\""]))
            #expect(resumed.status == 200 && (resumed["subscription"] as? [String: Any])?["active"] as? Bool == true)
            let tooLong = try await client.call(
                .post, "/api/v1/subscriptions/\(id)/steps", json: ["action": "rotate", "overlap_hours": 500],
                headers: courtHeaders.merging([.ifMatch: "\"3\""]))
            #expect(tooLong.status == 422 || tooLong.status == 400)
            let rotated = try await client.call(
                .post, "/api/v1/subscriptions/\(id)/steps", json: ["action": "rotate", "overlap_hours": 2],
                headers: courtHeaders.merging([.ifMatch: "\"3\""]))
            let newSecret = try #require(rotated["secret"] as? String)
            #expect(rotated.status == 200 && newSecret != secret && newSecret.hasPrefix("whsec_"))
            let stored = try #require(try await services.registry.subscription(.init(rawValue: Int64(id))))
            #expect(stored.secret == newSecret && stored.previousSecret == secret)
            #expect(stored.signingSecrets(at: clock.now) == [newSecret, secret])
            #expect(stored.signingSecrets(at: clock.now.addingTimeInterval(2 * 3_600 + 1)) == [newSecret])
            #expect((rotated["subscription"] as? [String: Any])?["previous_secret_until"] is String)

            // Every change is in the audit trail under the institution's name.
            let audited = try await services.auditLog.search(
                AuditFilter(user: "Corte Superior de Justicia de Lima Norte"), after: nil, limit: 50)
            let outcomes = audited.items.filter { $0.record.resource == "subscription \(id)" }.map(\.record.outcome)
            #expect(outcomes.filter { $0.hasPrefix("ok ") }.count == 4, "\(outcomes)")
        }
    }
}
