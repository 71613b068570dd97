@_exported import Tagged

/// Typed identifiers: a `Person.ID` can never be passed where an `Establishment.ID` is expected.
extension Person { public typealias ID = Tagged<Person, Int64> }
extension RegionalOffice { public typealias ID = Tagged<RegionalOffice, Int64> }
extension Establishment { public typealias ID = Tagged<Establishment, Int64> }
extension Pavilion { public typealias ID = Tagged<Pavilion, Int64> }
extension Cell { public typealias ID = Tagged<Cell, Int64> }
extension CustodyEpisode { public typealias ID = Tagged<CustodyEpisode, Int64> }
extension LegalCase { public typealias ID = Tagged<LegalCase, Int64> }
extension Charge { public typealias ID = Tagged<Charge, Int64> }
extension CourtOrder { public typealias ID = Tagged<CourtOrder, Int64> }
extension Placement { public typealias ID = Tagged<Placement, Int64> }
