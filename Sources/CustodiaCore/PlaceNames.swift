/// The names people use for places: every establishment and regional office by code and by id, so pages and
/// reports say "E.P. de Lurigancho" and "Oficina Regional Lima - Lima", never `lurigancho` or `lima`.
public struct PlaceNames: Sendable {
    public private(set) var establishments: [String: Establishment] = [:]
    public private(set) var establishmentCodes: [Establishment.ID: String] = [:]
    public private(set) var regionalOffices: [String: RegionalOffice] = [:]
    /// The regional office of each establishment, by the establishment's code.
    public private(set) var officeOfEstablishment: [String: RegionalOffice] = [:]

    public init(_ entries: [(establishment: Establishment, office: RegionalOffice)]) {
        for (establishment, office) in entries {
            establishments[establishment.code] = establishment
            establishmentCodes[establishment.id] = establishment.code
            regionalOffices[office.code] = office
            officeOfEstablishment[establishment.code] = office
        }
    }

    public static let none = PlaceNames([])

    /// The establishment's name; the code itself only for a code nobody registered.
    public func establishment(code: String) -> String { establishments[code]?.name ?? code }

    public func establishment(id: Establishment.ID) -> String {
        establishmentCodes[id].map { establishment(code: $0) } ?? ""
    }

    /// The regional office's name as INPE writes it ("Lima - Lima"); the code for an unknown one.
    public func regionalOffice(code: String) -> String { regionalOffices[code]?.name ?? code }
}
