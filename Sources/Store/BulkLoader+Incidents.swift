import CustodiaCore
import SQLKit

extension BulkLoader {
    /// Incident reports with their persons, items and history (the demo's searches and seizures, issue 12 point 8).
    static func insertIncidents(_ registers: Registers, _ insert: Insert) async throws {
        try await insert(
            "incidents",
            [
                "id", "establishment_id", "kind", "search_kind", "relevance", "occurred_at", "day", "place", "narrative",
                "police_notice", "reported_by", "reported_at", "state", "version",
            ],
            registers.incidents.map {
                [
                    $0.id.rawValue, $0.establishmentID.rawValue, $0.kind.rawValue, $0.searchKind?.rawValue,
                    $0.relevance.rawValue, $0.occurredAt.description, $0.occurredAt.date.description, $0.place, $0.narrative,
                    $0.policeNotice, $0.reportedBy, $0.reportedAt.description, $0.state.rawValue, $0.version,
                ]
            })
        try await insert(
            "incident_participants", ["incident_id", "position", "person_id", "visitor_id", "staff_name", "role"],
            registers.incidents.flatMap { incident in
                incident.participants.enumerated().map {
                    [
                        incident.id.rawValue, $0.offset, $0.element.personID?.rawValue, $0.element.visitorID?.rawValue,
                        $0.element.staffName, $0.element.role.rawValue,
                    ]
                }
            })
        try await insert(
            "seized_items", ["incident_id", "position", "category", "quantity", "description", "found_at", "imei"],
            registers.incidents.flatMap { incident in
                incident.items.enumerated().map {
                    [
                        incident.id.rawValue, $0.offset, $0.element.category.rawValue, $0.element.quantity,
                        $0.element.description, $0.element.foundAt, $0.element.imei,
                    ]
                }
            })
        try await insert(
            "incident_states", ["incident_id", "state", "author", "at", "note"],
            registers.incidents.flatMap { incident in
                incident.history.map {
                    [incident.id.rawValue, $0.state.rawValue, $0.author, $0.at.description, $0.note]
                }
            })
    }
}
