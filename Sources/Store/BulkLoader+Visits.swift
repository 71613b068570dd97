import CustodiaCore
import SQLKit

extension BulkLoader {
    typealias Insert = (String, [String], [[any Encodable & Sendable]]) async throws -> Void

    /// The visitors, whom they visit, their bans and the visits with their visitors (the demo's, issue 12 point 8).
    static func insertVisits(_ registers: Registers, _ insert: Insert) async throws {
        try await insert(
            "visitors",
            [
                "id", "document_kind", "document_number", "given_names", "paternal_surname", "maternal_surname", "sex",
                "birth_date", "address", "photo_reference", "registered_on", "version",
            ],
            registers.visitors.map {
                [
                    $0.id.rawValue, $0.document.kind.rawValue, $0.document.number ?? "", $0.name.givenNames,
                    $0.name.paternalSurname, $0.name.maternalSurname, $0.sex.rawValue, $0.birthDate?.description, $0.address,
                    $0.photoReference, $0.registeredOn.description, $0.version,
                ]
            })
        try await insert(
            "visitor_links", ["visitor_id", "person_id", "relationship", "since"],
            registers.visitorLinks.map {
                [$0.visitorID.rawValue, $0.personID.rawValue, $0.relationship.rawValue, $0.since.description]
            })
        try await insert(
            "visitor_bans",
            ["id", "visitor_id", "person_id", "establishment_id", "starts_on", "ends_on", "reason", "resolution"],
            registers.visitorBans.map {
                [
                    $0.id.rawValue, $0.visitorID.rawValue, $0.personID?.rawValue, $0.establishmentID?.rawValue,
                    $0.startsOn.description, $0.endsOn?.description, $0.reason, $0.resolution,
                ]
            })
        try await insert(
            "visits",
            [
                "id", "person_id", "episode_id", "establishment_id", "kind", "mode", "day", "starts_at", "ends_at", "minutes",
                "state", "refusal", "checked_in_at", "checked_out_at", "version",
            ],
            registers.visits.map { visit, episode in
                [
                    visit.id.rawValue, visit.personID.rawValue, episode.rawValue, visit.establishmentID.rawValue,
                    visit.kind.rawValue, visit.mode.rawValue, visit.day.description, visit.startsAt.description,
                    visit.endsAt.description, visit.minutes, visit.state.rawValue, visit.refusal.joined(separator: ","),
                    visit.checkedInAt?.description, visit.checkedOutAt?.description, visit.version,
                ]
            })
        try await insert(
            "visit_visitors", ["visit_id", "visitor_id", "position"],
            registers.visits.flatMap { visit, _ in
                visit.visitorIDs.enumerated().map { [visit.id.rawValue, $0.element.rawValue, $0.offset] }
            })
    }
}
