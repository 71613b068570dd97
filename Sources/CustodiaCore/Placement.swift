/// Where a person is held: a pavilion (and optionally a cell), from a day until a day.
public struct Placement: Hashable, Sendable, Identifiable {
    public var id: ID
    public var personID: Person.ID
    public var episodeID: CustodyEpisode.ID
    public var establishmentID: Establishment.ID
    public var pavilionID: Pavilion.ID
    public var cellID: Cell.ID?
    public var fromDate: CivilDate
    /// `nil` while current.
    public var untilDate: CivilDate?

    public init(
        id: ID, personID: Person.ID, episodeID: CustodyEpisode.ID, establishmentID: Establishment.ID,
        pavilionID: Pavilion.ID, cellID: Cell.ID?, fromDate: CivilDate, untilDate: CivilDate?
    ) {
        self.id = id
        self.personID = personID
        self.episodeID = episodeID
        self.establishmentID = establishmentID
        self.pavilionID = pavilionID
        self.cellID = cellID
        self.fromDate = fromDate
        self.untilDate = untilDate
    }
}
