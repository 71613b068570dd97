/// The restricted sections of a person's file: health, affiliation and intelligence notes.
public protocol RestrictedNotesStore: Sendable {
    /// Replaces sections of the sensitive profile; the event and audit rows name the sections, never the notes.
    func recordSensitive(_ update: SensitiveUpdate, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
}
