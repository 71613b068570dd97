import CustodiaCore

/// The catalogue of organizations and the membership register (docs/legal/peru-operations.md SEP-6).
public enum OrganizationRules {
    /// At most this many aliases per organization.
    public static let maximumAliases = 20

    /// The key two names of one organization share (accents, case and punctuation folded).
    public static func nameKey(_ name: String) -> String { SearchText.fold(name) }

    /// A new organization: a name not in the catalogue yet, aliases of one line each.
    public static func validate(_ draft: OrganizationDraft, nameTaken: Bool) -> [ValidationMessage] {
        var messages: [ValidationMessage] = []
        if nameKey(draft.name).isEmpty {
            messages.append(ValidationMessage(.organizationNameRequired, field: "name"))
        } else if nameTaken {
            messages.append(ValidationMessage(.organizationNameTaken, field: "name"))
        }
        messages += TextLimits.check(draft.name, field: "name")
        if draft.aliases.count > maximumAliases {
            messages.append(ValidationMessage(.textTooLong, field: "aliases", detail: "≤ \(maximumAliases)"))
        }
        for (index, alias) in draft.aliases.enumerated() {
            messages += TextLimits.check(alias, field: "aliases[\(index)]")
            if alias.contains(where: \.isNewline) || alias.trimmingWhitespace().isEmpty {
                messages.append(ValidationMessage(.valueNotAllowed, field: "aliases[\(index)]"))
            }
        }
        return messages
    }

    /// A membership: a known person and organization, a period that has begun and ends after it starts, the
    /// evidence named, and no second period of the same organization over the same days.
    public static func validate(
        _ request: MembershipRequest, person: Person?, organization: Organization?, existing: [Membership], asOf: CivilDate
    ) -> [ValidationMessage] {
        guard person != nil else { return [ValidationMessage(.personUnknown, field: "person_number")] }
        var messages: [ValidationMessage] = []
        if organization == nil { messages.append(ValidationMessage(.organizationUnknown, field: "organization_id")) }
        if request.from > asOf { messages.append(ValidationMessage(.membershipInFuture, field: "from")) }
        if let to = request.to, to < request.from {
            messages.append(ValidationMessage(.periodEndsBeforeStart, field: "to"))
        }
        if request.evidenceSource.trimmingWhitespace().isEmpty {
            messages.append(ValidationMessage(.membershipEvidenceRequired, field: "evidence_source"))
        }
        messages += TextLimits.check(request.evidenceSource, field: "evidence_source")
        if existing.contains(where: {
            $0.organizationID == request.organizationID && $0.overlaps(from: request.from, to: request.to)
        }) {
            messages.append(ValidationMessage(.membershipOverlapping, field: "from"))
        }
        return messages
    }
}
