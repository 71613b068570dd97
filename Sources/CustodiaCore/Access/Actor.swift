/// Who makes a change, as the audit trail records it: written in the same transaction as the change.
public struct Actor: Sendable, Hashable, ExpressibleByStringLiteral {
    /// User name, client name, or the command that acted (`custodia users`).
    public var user: String
    /// The caller's roles (`registry_clerk,warden`), `client:court`, or `system`.
    public var role: String
    /// The caller's network address, when the change came over HTTP.
    public var address: String?
    /// What was asked: `POST /api/v1/admissions`, `login`, `users create`.
    public var action: String

    public init(user: String, role: String, address: String?, action: String) {
        self.user = user
        self.role = role
        self.address = address
        self.action = action
    }

    /// A system actor named by a literal, for commands and tests.
    public init(stringLiteral value: String) {
        self.init(user: value, role: "system", address: nil, action: value)
    }

    public init(_ principal: Principal, address: String?, action: String) {
        self.init(user: principal.name, role: principal.roleLabel, address: address, action: action)
    }
}

/// One row of the audit trail, to be written.
public struct NewAuditRecord: Sendable, Hashable {
    public var actor: Actor
    /// The resource acted on (`P-0000012-3`, `LM01`, a user name), when there is one.
    public var resource: String?
    public var personNumber: String?
    public var establishmentCode: String?
    /// `ok`, or what went wrong: `denied`, `not_found`, `invalid_credentials`, `422 admission.order_required` …
    public var outcome: String

    public init(
        actor: Actor, resource: String? = nil, personNumber: String? = nil, establishmentCode: String? = nil, outcome: String
    ) {
        self.actor = actor
        self.resource = resource
        self.personNumber = personNumber
        self.establishmentCode = establishmentCode
        self.outcome = outcome
    }
}

/// One stored row of the audit trail, chained to the previous one by `previousHash`.
public struct AuditRecord: Sendable, Hashable {
    public var sequence: Int64
    /// UTC instant, ISO 8601 with milliseconds.
    public var occurredAt: String
    public var record: NewAuditRecord
    public var previousHash: String
    public var hash: String

    public init(sequence: Int64, occurredAt: String, record: NewAuditRecord, previousHash: String, hash: String) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.record = record
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// What an auditor searches the trail by; every field narrows the search.
public struct AuditFilter: Sendable, Hashable {
    public var personNumber: String?
    public var user: String?
    public var establishmentCode: String?
    /// Inclusive bounds on the instant, ISO 8601 (`2026-11-29` or `2026-11-29T10:00:00Z`).
    public var from: String?
    public var until: String?

    public init(
        personNumber: String? = nil, user: String? = nil, establishmentCode: String? = nil, from: String? = nil,
        until: String? = nil
    ) {
        self.personNumber = personNumber
        self.user = user
        self.establishmentCode = establishmentCode
        self.from = from
        self.until = until
    }
}
