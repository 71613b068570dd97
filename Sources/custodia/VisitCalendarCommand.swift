import App
import ArgumentParser
import CustodiaCore
import Foundation
import Store

/// `custodia visits set-calendar`: an establishment's visiting days, hours and seats (issue 12 point 2, VI-1).
struct SetVisitCalendar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-calendar",
        abstract: "Set an establishment's visiting days (Monday = 0), hours and the room's seats; prints the calendar.")
    @OptionGroup var db: DatabaseOptions
    @Argument(help: "The establishment's code.") var establishment: String
    @Option(help: "Family and intimate visiting days, e.g. 2,5,6 (Monday = 0).") var familyDays: String
    @Option(help: "Family visiting hours, HH:MM-HH:MM.") var familyHours: String
    @Option(help: "Lawyers', consuls' and ministers' days.") var professionalDays = "0,1,2,3,4"
    @Option(help: "Their hours, HH:MM-HH:MM.") var professionalHours = "08:00-16:00"
    @Option(help: "The visiting room's seats (default: a tenth of the certified capacity, at least 20).") var seats: Int?
    @Option(help: "Your staff account, which must be allowed to set visiting calendars (recorded in the audit trail).")
    var by: String

    func run() async throws {
        func days(_ text: String, _ option: String) throws -> Set<Int> {
            let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !values.contains(nil) else { throw ValidationError("--\(option) must be days 0-6 separated by commas") }
            return Set(values.compactMap { $0 })
        }
        func hours(_ text: String, _ option: String) throws -> (TimeOfDay, TimeOfDay) {
            let parts = text.split(separator: "-")
            guard parts.count == 2, let from = TimeOfDay(text: parts[0]), let until = TimeOfDay(text: parts[1]) else {
                throw ValidationError("--\(option) must be HH:MM-HH:MM")
            }
            return (from, until)
        }
        let calendar = VisitCalendar(
            familyWeekdays: try days(familyDays, "family-days"), familyHours: try hours(familyHours, "family-hours"),
            professionalWeekdays: try days(professionalDays, "professional-days"),
            professionalHours: try hours(professionalHours, "professional-hours"), seats: seats, version: 0)
        let config = try CLI.config(database: db.database, asOf: nil)
        try await CLI.withDatabase(config) { database in
            guard
                let (actor, _) = try await CLI.staff(
                    by, allowedTo: .setVisitCalendar, database: database, config: config, action: "visits set-calendar")
            else { throw ValidationError("\(by) is not an enabled account allowed to set visiting calendars") }
            let registry = SQLRegistry(database: database, environment: config.environment)
            switch try await registry.setVisitCalendar(
                calendar, establishmentCode: establishment, expectedVersion: nil, actor: actor)
            {
            case .done(let set):
                print(
                    "\(establishment): family \(set.familyWeekdays.sorted()) \(set.familyHours.0)-\(set.familyHours.1), "
                        + "professional \(set.professionalWeekdays.sorted()) \(set.professionalHours.0)-\(set.professionalHours.1), "
                        + "seats \(set.seats.map(String.init) ?? "default"), version \(set.version)")
            case .rejected(let messages):
                throw ValidationError(messages.map { "\($0.field): \($0.english)" }.joined(separator: "; "))
            case .notFound, .versionConflict: throw ValidationError("no establishment with code \(establishment)")
            }
        }
    }
}
