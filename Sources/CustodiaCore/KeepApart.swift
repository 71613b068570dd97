/// A keep-apart record (docs/legal/peru-operations.md SEP-6): two persons, or two organizations, who must not
/// share a cell, a pavilion or an establishment. Opened with a reason, closed with one, reopened with one; the
/// record keeps its latest state and the event log and audit trail keep every change.
public struct KeepApart: Hashable, Sendable, Identifiable {
    public typealias ID = Tagged<KeepApart, Int64>

    /// Who is kept apart: a non-association order between two persons, or two rival organizations (whose
    /// members are kept apart).
    public enum Parties: Hashable, Sendable {
        case persons(Person.ID, Person.ID)
        case organizations(Organization.ID, Organization.ID)
    }

    /// Where the two may not meet: the smallest place they may not share.
    public enum Scope: String, Hashable, Sendable, CaseIterable, Codable {
        case cell, pavilion, establishment
    }

    public var id: ID
    public var parties: Parties
    public var scope: Scope
    public var reason: String
    public var startsOn: CivilDate
    /// `nil` while open.
    public var endsOn: CivilDate?
    /// Why it was closed, or reopened, last.
    public var lastChangeReason: String?
    public var version: Int

    public init(
        id: ID, parties: Parties, scope: Scope, reason: String, startsOn: CivilDate, endsOn: CivilDate?,
        lastChangeReason: String?, version: Int
    ) {
        self.id = id
        self.parties = parties
        self.scope = scope
        self.reason = reason
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.lastChangeReason = lastChangeReason
        self.version = version
    }

    public var isOpen: Bool { endsOn == nil }
}

/// A new keep-apart record.
public struct KeepApartDraft: Hashable, Sendable {
    public var parties: KeepApart.Parties
    public var scope: KeepApart.Scope
    public var reason: String
    public var startsOn: CivilDate

    public init(parties: KeepApart.Parties, scope: KeepApart.Scope, reason: String, startsOn: CivilDate) {
        self.parties = parties
        self.scope = scope
        self.reason = reason
        self.startsOn = startsOn
    }
}

/// Close an open record, or reopen a closed one.
public struct KeepApartChange: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable, Codable { case close, reopen }

    public var id: KeepApart.ID
    public var action: Action
    /// The day it ends (a close); ignored by a reopen.
    public var on: CivilDate
    public var reason: String

    public init(id: KeepApart.ID, action: Action, on: CivilDate, reason: String) {
        self.id = id
        self.action = action
        self.on = on
        self.reason = reason
    }
}
