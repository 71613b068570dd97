/// The payloads of the operations wave's events (issue 11 on): classification, organizations, keep-apart records,
/// placement overrides, transfers. Catalogue: docs/events.md.
extension DomainEvent {
    public struct Classified: Codable, Sendable, Equatable {
        public var episodeID: Int64
        public var regime: String
        /// The regime before this decision; `nil` for an initial classification.
        public var previousRegime: String?
        public var decidedOn: CivilDate
        public var resolution: String
        public var leader: Bool

        public init(
            episodeID: Int64, regime: String, previousRegime: String?, decidedOn: CivilDate, resolution: String, leader: Bool
        ) {
            self.episodeID = episodeID
            self.regime = regime
            self.previousRegime = previousRegime
            self.decidedOn = decidedOn
            self.resolution = resolution
            self.leader = leader
        }

        enum CodingKeys: String, CodingKey {
            case episodeID = "episode_id", regime, previousRegime = "previous_regime", decidedOn = "decided_on", resolution
            case leader
        }
    }

    public struct OrganizationCreated: Codable, Sendable, Equatable {
        public var organizationID: Int64
        public var kind: String

        public init(organizationID: Int64, kind: String) {
            self.organizationID = organizationID
            self.kind = kind
        }

        enum CodingKeys: String, CodingKey { case organizationID = "organization_id", kind }
    }

    public struct KeepApartChanged: Codable, Sendable, Equatable {
        public var keepApartID: Int64
        /// `opened`, `closed` or `reopened`.
        public var action: String
        public var scope: String

        public init(keepApartID: Int64, action: String, scope: String) {
            self.keepApartID = keepApartID
            self.action = action
            self.scope = scope
        }

        enum CodingKeys: String, CodingKey { case keepApartID = "keep_apart_id", action, scope }
    }

    public struct PlacementOverridden: Codable, Sendable, Equatable {
        public var overrideID: Int64
        public var movement: String
        public var pavilionCode: String
        /// The validation codes overridden.
        public var codes: [String]
        public var keepApartIDs: [Int64]

        public init(overrideID: Int64, movement: String, pavilionCode: String, codes: [String], keepApartIDs: [Int64]) {
            self.overrideID = overrideID
            self.movement = movement
            self.pavilionCode = pavilionCode
            self.codes = codes
            self.keepApartIDs = keepApartIDs
        }

        enum CodingKeys: String, CodingKey {
            case overrideID = "override_id", movement, pavilionCode = "pavilion_code", codes, keepApartIDs = "keep_apart_ids"
        }
    }

    public struct TransferChanged: Codable, Sendable, Equatable {
        public var transferID: Int64
        /// `requested`, `approve`, `refuse`, `cancel`, `depart`, `receive`.
        public var action: String
        public var state: String
        public var fromEstablishmentCode: String
        public var toEstablishmentCode: String
        public var ground: String

        public init(
            transferID: Int64, action: String, state: String, fromEstablishmentCode: String, toEstablishmentCode: String,
            ground: String
        ) {
            self.transferID = transferID
            self.action = action
            self.state = state
            self.fromEstablishmentCode = fromEstablishmentCode
            self.toEstablishmentCode = toEstablishmentCode
            self.ground = ground
        }

        enum CodingKeys: String, CodingKey {
            case transferID = "transfer_id", action, state, fromEstablishmentCode = "from_establishment_code"
            case toEstablishmentCode = "to_establishment_code", ground
        }
    }

    public struct CourtNotified: Codable, Sendable, Equatable {
        public var court: String
        /// What the court is told of: `transfer`.
        public var subject: String
        public var transferID: Int64
        public var toEstablishmentCode: String
        public var on: CivilDate

        public init(court: String, subject: String, transferID: Int64, toEstablishmentCode: String, on: CivilDate) {
            self.court = court
            self.subject = subject
            self.transferID = transferID
            self.toEstablishmentCode = toEstablishmentCode
            self.on = on
        }

        enum CodingKeys: String, CodingKey {
            case court, subject, transferID = "transfer_id", toEstablishmentCode = "to_establishment_code", on
        }
    }

    public struct OutingChanged: Codable, Sendable, Equatable {
        public var outingID: Int64
        /// `scheduled`, `leave`, `back`, `cancel`.
        public var action: String
        public var state: String
        public var kind: String
        public var establishmentCode: String
        /// The minute of the step (`YYYY-MM-DDTHH:MM`, Lima), or of the schedule.
        public var at: String

        public init(outingID: Int64, action: String, state: String, kind: String, establishmentCode: String, at: String) {
            self.outingID = outingID
            self.action = action
            self.state = state
            self.kind = kind
            self.establishmentCode = establishmentCode
            self.at = at
        }

        enum CodingKeys: String, CodingKey {
            case outingID = "outing_id", action, state, kind, establishmentCode = "establishment_code", at
        }
    }

    public struct IntakeRecorded: Codable, Sendable, Equatable {
        public var episodeID: Int64
        /// The fields recorded: `medical_exam`, `next_of_kin`, `family_notified`, `rights_informed`, `property`.
        public var fields: [String]

        public init(episodeID: Int64, fields: [String]) {
            self.episodeID = episodeID
            self.fields = fields
        }

        enum CodingKeys: String, CodingKey {
            case episodeID = "episode_id", fields
        }
    }

    public struct ContactRecorded: Codable, Sendable, Equatable {
        public var day: CivilDate
        public var minutes: Int

        public init(day: CivilDate, minutes: Int) {
            self.day = day
            self.minutes = minutes
        }
    }

    public struct Isolated: Codable, Sendable, Equatable {
        public var isolationID: Int64
        public var startsOn: CivilDate
        public var days: Int

        public init(isolationID: Int64, startsOn: CivilDate, days: Int) {
            self.isolationID = isolationID
            self.startsOn = startsOn
            self.days = days
        }

        enum CodingKeys: String, CodingKey {
            case isolationID = "isolation_id", startsOn = "starts_on", days
        }
    }

    public struct IsolationLifted: Codable, Sendable, Equatable {
        public var isolationID: Int64
        public var lastDay: CivilDate

        public init(isolationID: Int64, lastDay: CivilDate) {
            self.isolationID = isolationID
            self.lastDay = lastDay
        }

        enum CodingKeys: String, CodingKey {
            case isolationID = "isolation_id", lastDay = "last_day"
        }
    }
}
