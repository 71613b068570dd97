/// What part of the prison system a user or a token may see.
public enum Scope: Sendable, Hashable, Codable {
    case nation
    /// Every establishment of one regional office (oficina regional), by its name.
    case regionalOffice(String)
    /// One or more establishments, by code.
    case establishments(Set<String>)
    /// One or more judicial districts (issue 13 point 5), by the name the cases record: a court's token sees the persons
    /// of its cases, wherever they are held, and nobody else. Tokens only, for the operations `districtOperations` names.
    case judicialDistricts(Set<String>)

    /// What a district-scoped token may do: each of these answers only about the persons of its districts' cases.
    public static let districtOperations: Set<AccessOperation> = [
        .listEstablishments, .readEstablishment, .readOwnAccount, .readPersonFile, .readPersonClock, .submitOrder,
        .readOrders, .readEvents, .readReliefCandidates, .manageSubscriptions,
    ]

    /// The districts a scope is limited to; `nil` when it is not a district scope.
    public var districts: Set<String>? {
        if case .judicialDistricts(let names) = self { return names }
        return nil
    }

    /// The textual form kept in the database and taken by the command line: `nation`, `region:NAME`,
    /// `establishments:CODE,CODE`.
    public var text: String {
        switch self {
        case .nation: "nation"
        case .regionalOffice(let name): "region:\(name)"
        case .establishments(let codes): "establishments:\(codes.sorted().joined(separator: ","))"
        case .judicialDistricts(let names): "districts:\(names.sorted().joined(separator: ","))"
        }
    }

    public init?(text: String) {
        let trimmed = text.trimmingWhitespace()
        if trimmed == "nation" {
            self = .nation
        } else if trimmed.hasPrefix("region:") {
            let name = String(trimmed.dropFirst("region:".count)).trimmingWhitespace()
            guard !name.isEmpty else { return nil }
            self = .regionalOffice(name)
        } else if trimmed.hasPrefix("establishments:") {
            let codes = trimmed.dropFirst("establishments:".count).split(separator: ",").map {
                String($0).trimmingWhitespace()
            }.filter { !$0.isEmpty }
            guard !codes.isEmpty else { return nil }
            self = .establishments(Set(codes))
        } else if trimmed.hasPrefix("districts:") {
            let names = trimmed.dropFirst("districts:".count).split(separator: ",").map {
                String($0).trimmingWhitespace()
            }.filter { !$0.isEmpty }
            guard !names.isEmpty else { return nil }
            self = .judicialDistricts(Set(names))
        } else {
            return nil
        }
    }

    /// The establishment codes this scope covers, given the establishments of each regional office;
    /// `nil` means every establishment (a district scope is about persons, not places: see `districts`).
    public func establishmentCodes(regionalOffices: [String: Set<String>]) -> Set<String>? {
        switch self {
        case .nation: nil
        case .regionalOffice(let name): regionalOffices[name] ?? []
        case .establishments(let codes): codes
        case .judicialDistricts: nil
        }
    }
}
