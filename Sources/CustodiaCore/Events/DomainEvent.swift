import Foundation

/// Something that happened to the register, written in the same transaction as the change itself (the
/// outbox), at a position that only grows. Consumers (the order exchange, statistics, intelligence) read the
/// log in order through `GET /api/v1/events`. Each case has a versioned `type`; a payload that changes shape
/// gets a new version, and the old one keeps being readable. Catalogue: docs/events.md.
public enum DomainEvent: Sendable, Equatable {
    /// Ingreso: a person received with an authorizing order.
    case admitted(Admitted)
    /// A move to another pavilion or cell of the same establishment.
    case moved(Moved)
    /// Egreso: the custody episode closed.
    case released(Released)
    /// A court order received outside an admission or a release (the order exchange, issue 13).
    case orderRecorded(OrderRecorded)
    /// Days of work or study certified (redención); the person's clock was recomputed with them.
    case workRecorded(WorkRecorded)
    /// An art. 275 suspension of the pretrial term; the person's clock was recomputed with it.
    case suspensionRecorded(SuspensionRecorded)
    /// Restricted notes changed: which sections, never what they say.
    case notesChanged(NotesChanged)
    /// A classification decided by the Junta Técnica de Clasificación (régimen and etapa).
    case classified(Classified)
    /// An organization added to the catalogue (its id and kind, never its name).
    case organizationCreated(OrganizationCreated)
    /// A keep-apart record opened, closed or reopened (its id, the action and the scope; nobody named).
    case keepApartChanged(KeepApartChanged)
    /// A placement a warden authorised despite a keep-apart or regime conflict (OP-3): what was overridden.
    case placementOverridden(PlacementOverridden)
    /// A transfer between establishments requested, decided, executed or received (TR-*).
    case transferChanged(TransferChanged)
    /// A temporary exit (court hearing, videoconference, hospital, other) scheduled, left, back or cancelled.
    case outingChanged(OutingChanged)
    /// The intake of an admission recorded: medical examination, next of kin, family notice, rights, property.
    case intakeRecorded(IntakeRecorded)
    /// A day's minutes of meaningful human contact recorded (CL-13).
    case contactRecorded(ContactRecorded)
    /// A disciplinary isolation ordered (DS-3 … DS-7).
    case isolated(Isolated)
    /// A disciplinary isolation lifted before its planned end.
    case isolationLifted(IsolationLifted)
    /// A visitor registered, linked to a person or banned (VI-2, VI-5).
    case visitorChanged(VisitorChanged)
    /// A visit booked, refused, checked in or out, or cancelled (VI-*).
    case visitChanged(VisitChanged)
    /// An incident reported, an addendum added, or its state changed (INC-*).
    case incidentChanged(IncidentChanged)
    /// A disciplinary case opened or moved a step (DS-*).
    case disciplineChanged(DisciplineChanged)
    /// A day's health check of an isolated person (DS-5).
    case isolationChecked(IsolationChecked)
    /// An establishment's visiting days, hours or seats set (VI-1).
    case visitCalendarChanged(VisitCalendarChanged)
    /// The court in charge of a procesado's case told of an approved transfer (TR-6); the order exchange sends it.
    case courtNotified(CourtNotified)
    /// An order received electronically changed state.
    case inboundOrderChanged(InboundOrderChanged)
    /// A benefit file opened or moved a step (BP-*); a file sent carries its document package.
    case benefitFileChanged(BenefitFileChanged)
    /// Every stored clock recomputed (a law changed, or the day moved on).
    case clocksRecomputed(ClocksRecomputed)
    /// A signed checkpoint of the audit trail, for outside witnesses (ADR 0028).
    case auditCheckpointed(AuditCheckpoint)
    /// A whole register loaded in bulk (the demo, an import).
    case registerLoaded(RegisterLoaded)

    public struct Admitted: Codable, Sendable, Equatable {
        public var episodeID: Int64
        public var orderID: Int64
        public var establishmentCode: String
        public var pavilionCode: String
        public var cellCode: String?
        public var admittedOn: CivilDate
        public var proceduralStatus: String
        public var newPerson: Bool

        public init(
            episodeID: Int64, orderID: Int64, establishmentCode: String, pavilionCode: String, cellCode: String?,
            admittedOn: CivilDate, proceduralStatus: String, newPerson: Bool
        ) {
            self.episodeID = episodeID
            self.orderID = orderID
            self.establishmentCode = establishmentCode
            self.pavilionCode = pavilionCode
            self.cellCode = cellCode
            self.admittedOn = admittedOn
            self.proceduralStatus = proceduralStatus
            self.newPerson = newPerson
        }

        enum CodingKeys: String, CodingKey {
            case episodeID = "episode_id", orderID = "order_id", establishmentCode = "establishment_code"
            case pavilionCode = "pavilion_code", cellCode = "cell_code", admittedOn = "admitted_on"
            case proceduralStatus = "procedural_status", newPerson = "new_person"
        }
    }

    public struct Moved: Codable, Sendable, Equatable {
        public var episodeID: Int64
        public var fromPavilionCode: String?
        public var pavilionCode: String
        public var cellCode: String?
        public var movedOn: CivilDate
        public var reason: String

        public init(
            episodeID: Int64, fromPavilionCode: String?, pavilionCode: String, cellCode: String?, movedOn: CivilDate,
            reason: String
        ) {
            self.episodeID = episodeID
            self.fromPavilionCode = fromPavilionCode
            self.pavilionCode = pavilionCode
            self.cellCode = cellCode
            self.movedOn = movedOn
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey {
            case episodeID = "episode_id", fromPavilionCode = "from_pavilion_code", pavilionCode = "pavilion_code"
            case cellCode = "cell_code", movedOn = "moved_on", reason
        }
    }

    public struct Released: Codable, Sendable, Equatable {
        public var episodeID: Int64
        public var ground: String
        public var releasedOn: CivilDate
        public var orderID: Int64?

        public init(episodeID: Int64, ground: String, releasedOn: CivilDate, orderID: Int64?) {
            self.episodeID = episodeID
            self.ground = ground
            self.releasedOn = releasedOn
            self.orderID = orderID
        }

        enum CodingKeys: String, CodingKey {
            case episodeID = "episode_id", ground, releasedOn = "released_on", orderID = "order_id"
        }
    }

    public struct OrderRecorded: Codable, Sendable, Equatable {
        public var orderID: Int64
        public var kind: String
        public var issuedOn: CivilDate

        public init(orderID: Int64, kind: String, issuedOn: CivilDate) {
            self.orderID = orderID
            self.kind = kind
            self.issuedOn = issuedOn
        }

        enum CodingKeys: String, CodingKey { case orderID = "order_id", kind, issuedOn = "issued_on" }
    }

    public struct WorkRecorded: Codable, Sendable, Equatable {
        public var activity: String
        public var days: Int
        public var from: CivilDate
        public var to: CivilDate

        public init(activity: String, days: Int, from: CivilDate, to: CivilDate) {
            self.activity = activity
            self.days = days
            self.from = from
            self.to = to
        }
    }

    public struct SuspensionRecorded: Codable, Sendable, Equatable {
        public var from: CivilDate
        public var to: CivilDate
        public var resolution: String

        public init(from: CivilDate, to: CivilDate, resolution: String) {
            self.from = from
            self.to = to
            self.resolution = resolution
        }
    }

    public struct NotesChanged: Codable, Sendable, Equatable {
        public var sections: [String]

        public init(sections: [String]) { self.sections = sections.sorted() }
    }

    public struct ClocksRecomputed: Codable, Sendable, Equatable {
        public var asOf: CivilDate
        public var clocks: Int
        /// Clocks whose stored value of each field changed (`ClockChanges`).
        public var changed: [String: Int]

        public init(asOf: CivilDate, clocks: Int, changed: [String: Int]) {
            self.asOf = asOf
            self.clocks = clocks
            self.changed = changed
        }

        enum CodingKeys: String, CodingKey { case asOf = "as_of", clocks, changed }
    }

    public struct RegisterLoaded: Codable, Sendable, Equatable {
        public var persons: Int
        public var establishments: Int
        public var note: String

        public init(persons: Int, establishments: Int, note: String) {
            self.persons = persons
            self.establishments = establishments
            self.note = note
        }
    }

    /// The versioned type, `custodia.<subject>.<what>.v<version>`.
    public var type: String {
        switch self {
        case .admitted: "custodia.person.admitted.v1"
        case .moved: "custodia.person.moved.v1"
        case .released: "custodia.person.released.v1"
        case .orderRecorded: "custodia.order.recorded.v1"
        case .workRecorded: "custodia.person.work_recorded.v1"
        case .suspensionRecorded: "custodia.person.suspension_recorded.v1"
        case .notesChanged: "custodia.person.notes_changed.v1"
        case .classified: "custodia.person.classified.v1"
        case .organizationCreated: "custodia.organization.created.v1"
        case .keepApartChanged: "custodia.keep_apart.changed.v1"
        case .placementOverridden: "custodia.placement.overridden.v1"
        case .transferChanged: "custodia.person.transfer_changed.v1"
        case .outingChanged: "custodia.person.outing_changed.v1"
        case .intakeRecorded: "custodia.person.intake_recorded.v1"
        case .contactRecorded: "custodia.person.contact_recorded.v1"
        case .isolated: "custodia.person.isolated.v1"
        case .isolationLifted: "custodia.person.isolation_lifted.v1"
        case .visitorChanged: "custodia.visitor.changed.v1"
        case .visitChanged: "custodia.person.visit_changed.v1"
        case .incidentChanged: "custodia.incident.changed.v1"
        case .disciplineChanged: "custodia.person.discipline_changed.v1"
        case .isolationChecked: "custodia.person.isolation_checked.v1"
        case .visitCalendarChanged: "custodia.establishment.visit_calendar_changed.v1"
        case .courtNotified: "custodia.court.notified.v1"
        case .inboundOrderChanged: "custodia.order.state_changed.v1"
        case .benefitFileChanged: "custodia.person.benefit_file_changed.v1"
        case .clocksRecomputed: "custodia.clocks.recomputed.v1"
        case .auditCheckpointed: "custodia.audit.checkpoint.v1"
        case .registerLoaded: "custodia.register.loaded.v1"
        }
    }

    /// Every type this version writes.
    public static let types: [String] = [
        "custodia.person.admitted.v1", "custodia.person.moved.v1", "custodia.person.released.v1",
        "custodia.order.recorded.v1", "custodia.person.work_recorded.v1", "custodia.person.suspension_recorded.v1",
        "custodia.person.notes_changed.v1", "custodia.person.classified.v1", "custodia.organization.created.v1",
        "custodia.keep_apart.changed.v1", "custodia.placement.overridden.v1", "custodia.person.transfer_changed.v1",
        "custodia.person.outing_changed.v1", "custodia.person.intake_recorded.v1",
        "custodia.person.contact_recorded.v1", "custodia.person.isolated.v1",
        "custodia.person.isolation_lifted.v1", "custodia.visitor.changed.v1", "custodia.person.visit_changed.v1",
        "custodia.incident.changed.v1", "custodia.person.discipline_changed.v1", "custodia.person.isolation_checked.v1",
        "custodia.establishment.visit_calendar_changed.v1", "custodia.court.notified.v1",
        "custodia.order.state_changed.v1", "custodia.person.benefit_file_changed.v1", "custodia.clocks.recomputed.v1",
        "custodia.audit.checkpoint.v1", "custodia.register.loaded.v1",
    ]

    /// The short kind kept in the log's `kind` column since the first schema (reports that predate the types).
    public var kind: String {
        switch self {
        case .admitted: "admission"
        case .moved: "move"
        case .released: "release"
        case .orderRecorded: "order_recorded"
        case .workRecorded: "redemption_recorded"
        case .suspensionRecorded: "suspension_recorded"
        case .notesChanged: "sensitive_update"
        case .classified: "classification"
        case .organizationCreated: "organization_created"
        case .keepApartChanged: "keep_apart_changed"
        case .placementOverridden: "placement_overridden"
        case .transferChanged: "transfer"
        case .outingChanged: "outing"
        case .intakeRecorded: "intake"
        case .contactRecorded: "contact_recorded"
        case .isolated: "isolation"
        case .isolationLifted: "isolation_lifted"
        case .visitorChanged: "visitor"
        case .visitChanged: "visit"
        case .incidentChanged: "incident"
        case .disciplineChanged: "discipline"
        case .isolationChecked: "isolation_checked"
        case .visitCalendarChanged: "visit_calendar"
        case .courtNotified: "court_notified"
        case .inboundOrderChanged: "inbound_order"
        case .benefitFileChanged: "benefit_file"
        case .clocksRecomputed: "clocks_recomputed"
        case .auditCheckpointed: "audit_checkpoint"
        case .registerLoaded: "bulk_load"
        }
    }

    /// One encoder for every event (made once: every change writes an event).
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The payload as JSON text (keys sorted, so equal events are equal text).
    public func payload() throws -> String {
        let encoder = Self.encoder
        let data: Data =
            switch self {
            case .admitted(let p): try encoder.encode(p)
            case .moved(let p): try encoder.encode(p)
            case .released(let p): try encoder.encode(p)
            case .orderRecorded(let p): try encoder.encode(p)
            case .workRecorded(let p): try encoder.encode(p)
            case .suspensionRecorded(let p): try encoder.encode(p)
            case .notesChanged(let p): try encoder.encode(p)
            case .classified(let p): try encoder.encode(p)
            case .organizationCreated(let p): try encoder.encode(p)
            case .keepApartChanged(let p): try encoder.encode(p)
            case .placementOverridden(let p): try encoder.encode(p)
            case .transferChanged(let p): try encoder.encode(p)
            case .outingChanged(let p): try encoder.encode(p)
            case .intakeRecorded(let p): try encoder.encode(p)
            case .contactRecorded(let p): try encoder.encode(p)
            case .isolated(let p): try encoder.encode(p)
            case .isolationLifted(let p): try encoder.encode(p)
            case .visitorChanged(let p): try encoder.encode(p)
            case .visitChanged(let p): try encoder.encode(p)
            case .incidentChanged(let p): try encoder.encode(p)
            case .disciplineChanged(let p): try encoder.encode(p)
            case .isolationChecked(let p): try encoder.encode(p)
            case .visitCalendarChanged(let p): try encoder.encode(p)
            case .courtNotified(let p): try encoder.encode(p)
            case .inboundOrderChanged(let p): try encoder.encode(p)
            case .benefitFileChanged(let p): try encoder.encode(p)
            case .clocksRecomputed(let p): try encoder.encode(p)
            case .auditCheckpointed(let p): try encoder.encode(p)
            case .registerLoaded(let p): try encoder.encode(p)
            }
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads back an event of a known type; `nil` for a type this version does not know (a newer one, or the
    /// untyped rows written before the types, `custodia.legacy.*.v0`).
    public init?(type: String, payload: String) throws {
        let decoder = JSONDecoder()
        let data = Data(payload.utf8)
        switch type {
        case "custodia.person.admitted.v1": self = .admitted(try decoder.decode(Admitted.self, from: data))
        case "custodia.person.moved.v1": self = .moved(try decoder.decode(Moved.self, from: data))
        case "custodia.person.released.v1": self = .released(try decoder.decode(Released.self, from: data))
        case "custodia.order.recorded.v1": self = .orderRecorded(try decoder.decode(OrderRecorded.self, from: data))
        case "custodia.person.work_recorded.v1": self = .workRecorded(try decoder.decode(WorkRecorded.self, from: data))
        case "custodia.person.suspension_recorded.v1":
            self = .suspensionRecorded(try decoder.decode(SuspensionRecorded.self, from: data))
        case "custodia.person.notes_changed.v1": self = .notesChanged(try decoder.decode(NotesChanged.self, from: data))
        case "custodia.person.classified.v1": self = .classified(try decoder.decode(Classified.self, from: data))
        case "custodia.organization.created.v1":
            self = .organizationCreated(try decoder.decode(OrganizationCreated.self, from: data))
        case "custodia.keep_apart.changed.v1": self = .keepApartChanged(try decoder.decode(KeepApartChanged.self, from: data))
        case "custodia.placement.overridden.v1":
            self = .placementOverridden(try decoder.decode(PlacementOverridden.self, from: data))
        case "custodia.person.transfer_changed.v1":
            self = .transferChanged(try decoder.decode(TransferChanged.self, from: data))
        case "custodia.person.outing_changed.v1":
            self = .outingChanged(try decoder.decode(OutingChanged.self, from: data))
        case "custodia.person.intake_recorded.v1":
            self = .intakeRecorded(try decoder.decode(IntakeRecorded.self, from: data))
        case "custodia.person.contact_recorded.v1":
            self = .contactRecorded(try decoder.decode(ContactRecorded.self, from: data))
        case "custodia.person.isolated.v1": self = .isolated(try decoder.decode(Isolated.self, from: data))
        case "custodia.person.isolation_lifted.v1":
            self = .isolationLifted(try decoder.decode(IsolationLifted.self, from: data))
        case "custodia.visitor.changed.v1": self = .visitorChanged(try decoder.decode(VisitorChanged.self, from: data))
        case "custodia.person.visit_changed.v1": self = .visitChanged(try decoder.decode(VisitChanged.self, from: data))
        case "custodia.incident.changed.v1": self = .incidentChanged(try decoder.decode(IncidentChanged.self, from: data))
        case "custodia.person.discipline_changed.v1":
            self = .disciplineChanged(try decoder.decode(DisciplineChanged.self, from: data))
        case "custodia.person.isolation_checked.v1":
            self = .isolationChecked(try decoder.decode(IsolationChecked.self, from: data))
        case "custodia.establishment.visit_calendar_changed.v1":
            self = .visitCalendarChanged(try decoder.decode(VisitCalendarChanged.self, from: data))
        case "custodia.court.notified.v1": self = .courtNotified(try decoder.decode(CourtNotified.self, from: data))
        case "custodia.order.state_changed.v1":
            self = .inboundOrderChanged(try decoder.decode(InboundOrderChanged.self, from: data))
        case "custodia.person.benefit_file_changed.v1":
            self = .benefitFileChanged(try decoder.decode(BenefitFileChanged.self, from: data))
        case "custodia.clocks.recomputed.v1": self = .clocksRecomputed(try decoder.decode(ClocksRecomputed.self, from: data))
        case "custodia.audit.checkpoint.v1": self = .auditCheckpointed(try decoder.decode(AuditCheckpoint.self, from: data))
        case "custodia.register.loaded.v1": self = .registerLoaded(try decoder.decode(RegisterLoaded.self, from: data))
        default: return nil
        }
    }
}
