/// CL-13 (Mandela Rules 43-44): a day's minutes of meaningful human contact of a person held in conditions that
/// may amount to solitary confinement (Extrema Seguridad: a single cell and one hour of yard). Fewer than two hours
/// is a day of solitary confinement.
public struct ContactDay: Hashable, Sendable {
    public var personID: Person.ID
    public var day: CivilDate
    public var minutes: Int
    /// What the contact was (work, education, visit, yard with others).
    public var note: String?

    public init(personID: Person.ID, day: CivilDate, minutes: Int, note: String? = nil) {
        self.personID = personID
        self.day = day
        self.minutes = minutes
        self.note = note
    }
}
