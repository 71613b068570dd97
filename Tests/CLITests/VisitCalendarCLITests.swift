import CustodiaCore
import CustodiaTestSupport
import Foundation
import Store
import Testing

/// `custodia visits set-calendar` (issue 12 point 2, VI-1): the warden sets an establishment's days, hours and seats;
/// a clerk may not; bad hours are refused with the field.
@Suite(.serialized) struct VisitCalendarCLITests {
    @Test(arguments: TestDatabase.engines)
    func theWardenSetsTheCalendar(_ engine: TestDatabase.Engine) async throws {
        try await CLITests.withDatabase(engine) { address, url in
            let database = try await Database.open(address)
            try await Migrations.migrate(database)
            try await Fixtures.load(into: database)
            let directory = SQLAccessDirectory(database: database, now: { Date() })
            _ = try await AccessFixtures.user("diego", roles: [.warden], scope: .nation, in: directory)
            _ = try await AccessFixtures.user("rosa", roles: [.registryClerk], scope: .nation, in: directory)
            try await database.close()

            let arguments = [
                "visits", "set-calendar", "ep-norte", "--family-days", "5,6", "--family-hours", "09:00-13:00", "--seats", "40",
                "--database", url,
            ]
            let clerk = try CLITests.run(arguments + ["--by", "rosa"])
            #expect(clerk.status != 0 && clerk.error.contains("not an enabled account allowed to set visiting calendars"))
            let set = try CLITests.run(arguments + ["--by", "diego"])
            #expect(set.status == 0, "\(set.error)")
            #expect(set.output.contains("family [5, 6] 09:00-13:00") && set.output.contains("seats 40, version 1"))
            let backwards = try CLITests.run([
                "visits", "set-calendar", "ep-norte", "--family-days", "5", "--family-hours", "13:00-09:00", "--by", "diego",
                "--database", url,
            ])
            #expect(backwards.status != 0 && backwards.error.contains("family_hours"))
        }
    }
}
