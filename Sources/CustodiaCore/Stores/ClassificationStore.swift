/// Classification (régimen and etapa): the decisions of the Junta Técnica de Clasificación, kept as history.
public protocol ClassificationStore: Sendable {
    /// Records a classification for a person in custody; the rules (CL-*) are checked against the history as
    /// it stands in the same transaction.
    func classify(_ request: ClassificationRequest, expectedVersion: Int?, asOf: CivilDate, actor: Actor) async throws
        -> ChangeOutcome<PersonFile>
}
