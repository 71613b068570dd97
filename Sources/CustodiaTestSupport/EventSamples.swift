import CustodiaCore

/// One event of every type the code writes, each optional field given, for the tests of the published contract
/// (issue 13 point 6): every type is in docs and in the AsyncAPI document with the payload's schema.
public enum EventSamples {
    static let day = CivilDate(year: 2026, month: 11, day: 29)!

    public static let all: [DomainEvent] = [
        .admitted(
            .init(
                episodeID: 1, orderID: 2, establishmentCode: "lurigancho", pavilionCode: "A", cellCode: "A-1", admittedOn: day,
                proceduralStatus: "unsentenced", newPerson: true)),
        .moved(
            .init(episodeID: 1, fromPavilionCode: "A", pavilionCode: "B", cellCode: "B-2", movedOn: day, reason: "Reubicación")),
        .released(.init(episodeID: 1, ground: "court_order", releasedOn: day, orderID: 3)),
        .orderRecorded(.init(orderID: 4, kind: "prolongation", issuedOn: day)),
        .workRecorded(.init(activity: "work", days: 20, from: day, to: day)),
        .suspensionRecorded(.init(from: day, to: day, resolution: "Resolución N.º 5")),
        .notesChanged(.init(sections: ["health"])),
        .classified(
            .init(
                episodeID: 1, regime: "rco_mediana", previousRegime: "rco_maxima", decidedOn: day, resolution: "R-1",
                leader: false)),
        .organizationCreated(.init(organizationID: 1, kind: "banda")),
        .keepApartChanged(.init(keepApartID: 1, action: "opened", scope: "pavilion")),
        .placementOverridden(
            .init(overrideID: 1, movement: "move", pavilionCode: "B", codes: ["separation.keep_apart"], keepApartIDs: [1])),
        .transferChanged(
            .init(
                transferID: 1, action: "requested", state: "requested", fromEstablishmentCode: "lurigancho",
                toEstablishmentCode: "ancon-ii", ground: "hacinamiento")),
        .outingChanged(
            .init(
                outingID: 1, action: "scheduled", state: "scheduled", kind: "court_hearing", establishmentCode: "lurigancho",
                at: "2026-11-29T09:00")),
        .intakeRecorded(.init(episodeID: 1, fields: ["medical_exam"])),
        .contactRecorded(.init(day: day, minutes: 120)),
        .isolated(.init(isolationID: 1, startsOn: day, days: 5)),
        .isolationLifted(.init(isolationID: 1, lastDay: day)),
        .visitorChanged(
            .init(
                visitorID: 1, action: "linked", documentKind: "dni", documentNumber: "40000001", personID: 9,
                relationship: "sibling", banID: 2)),
        .visitChanged(
            .init(
                visitID: 1, action: "booked", state: "booked", kind: "family", establishmentCode: "lurigancho",
                startsAt: "2026-11-29T10:00", visitorIDs: [1], visitorDocuments: ["40000001"], refusal: [])),
        .incidentChanged(
            .init(
                incidentID: 1, action: "reported", kind: "posesion_celular", state: "open", establishmentCode: "lurigancho",
                occurredAt: "2026-11-29T06:10", personIDs: [9], visitorIDs: [1], visitorDocuments: ["40000001"],
                imeis: ["490154203237518"], seized: ["phone": 1])),
        .disciplineChanged(
            .init(
                caseID: 1, action: "decide", state: "decided", offenceCode: "G-01", incidentID: 1,
                measures: [.init(kind: "visits", startsOn: "2026-11-30", days: 10)])),
        .isolationChecked(.init(isolationID: 1, day: day, at: "2026-11-29T08:00")),
        .visitCalendarChanged(
            .init(
                establishmentCode: "lurigancho", familyDays: [5, 6], familyHours: "09:00-16:00", professionalDays: [0, 1],
                professionalHours: "08:00-16:00", seats: 40)),
        .courtNotified(
            .init(court: "Juzgado 1", subject: "transfer", transferID: 1, toEstablishmentCode: "ancon-ii", on: day)),
        .inboundOrderChanged(
            .init(
                orderID: 1, action: "received", state: "received", kind: "release", client: "Corte de Prueba",
                issuerOrderID: "CSJ-1", caseNumber: "00123-2026-1-1801-JR-PE-01", establishmentCode: "lurigancho",
                note: "nota")),
        .benefitFileChanged(
            .init(
                fileID: 1, benefit: "semiliberty", step: "send", state: "sent", on: day, establishmentCode: "lurigancho",
                court: "Juzgado Penal Unipersonal de Lima", note: nil,
                documents: [
                    .init(
                        document: "conduct", state: "issued", issuedOn: day, issuer: "Jefatura de Seguridad", reference: "N.º 1"),
                    .init(document: "work_study", state: "not_applicable", issuedOn: nil, issuer: nil, reference: nil),
                ])),
        .clocksRecomputed(.init(asOf: day, clocks: 10, changed: ["release_on": 2])),
        .auditCheckpointed(
            .init(
                format: "custodia-audit-checkpoint/1", treeSize: 1791,
                rootHash: "42f629dd3756a8aa6ac6e01ec7a05cd946eab68d7ef7471d76885f5e2e35b4ed",
                issuedAt: "2026-11-29T15:00:00.000Z", publicKey: "61OvsHmF6i9FI1PSQsgMu6d4V+W9XPvHOggoKvmSYAs=",
                signature: "c2lnbmF0dXJl")),
        .registerLoaded(.init(persons: 100, establishments: 69, note: "demo")),
    ]
}
