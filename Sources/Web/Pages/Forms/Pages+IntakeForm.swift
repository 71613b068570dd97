import API
import CustodiaCore
import Foundation
import Hummingbird
import Placement

/// Intake (issue 11 point 7, IN-*): the section of the person's file and the form that records it.
extension Pages {
    static let intakeFields = [
        "medical_exam_at", "medical_exam_by", "next_of_kin.name", "next_of_kin.relationship", "next_of_kin.contact",
        "family_notified_at", "family_notified_how", "rights_informed_at", "property", "identified_at", "identified_how",
        "distinguishing_marks", "consular_notice_at", "consular_notice",
    ]

    func intakeForm(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (_, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        var state = FormState()
        state.values["version"] = String(file.person.version)
        if let r = file.intake {
            state.values["medical_exam_at"] = r.medicalExamAt.map(Self.minuteText) ?? ""
            state.values["medical_exam_by"] = r.medicalExamBy ?? ""
            state.values["next_of_kin.name"] = r.nextOfKin?.name ?? ""
            state.values["next_of_kin.relationship"] = r.nextOfKin?.relationship ?? ""
            state.values["next_of_kin.contact"] = r.nextOfKin?.contact ?? ""
            state.values["family_notified_at"] = r.familyNotifiedAt.map(Self.minuteText) ?? ""
            state.values["family_notified_how"] = r.familyNotifiedHow ?? ""
            state.values["rights_informed_at"] = r.rightsInformedAt.map(Self.minuteText) ?? ""
            state.values["property"] = r.property ?? ""
            state.values["identified_at"] = r.identifiedAt.map(Self.minuteText) ?? ""
            state.values["identified_how"] = r.identifiedHow ?? ""
            state.values["distinguishing_marks"] = r.distinguishingMarks ?? ""
            state.values["consular_notice_at"] = r.consularNoticeAt.map(Self.minuteText) ?? ""
            state.values["consular_notice"] = r.consularNotice ?? ""
        }
        return renderIntakeForm(web, file, state, status: .ok)
    }

    func renderIntakeForm(_ web: WebRequest, _ file: PersonFile, _ state: FormState, status: HTTPResponse.Status) -> Response {
        let t = web.strings
        var sections: [(String, [FormField])] = [
            (
                t["intake_medical"],
                [
                    state.input("medical_exam_at", t["intake_exam_at"], hint: t["minute_hint"]),
                    state.input("medical_exam_by", t["intake_exam_by"]),
                ]
            ),
            (
                t["intake_family"],
                [
                    state.input("next_of_kin.name", t["intake_kin_name"]),
                    state.input("next_of_kin.relationship", t["intake_kin_relationship"]),
                    state.input("next_of_kin.contact", t["intake_kin_contact"]),
                    state.input("family_notified_at", t["intake_notified_at"], hint: t["minute_hint"]),
                    state.input("family_notified_how", t["intake_notified_how"], hint: t["intake_notified_how_hint"]),
                ]
            ),
            (
                t["intake_identification"],
                [
                    state.input("identified_at", t["intake_identified_at"], hint: t["minute_hint"]),
                    state.input("identified_how", t["intake_identified_how"], hint: t["intake_identified_how_hint"]),
                    state.textarea("distinguishing_marks", t["intake_marks"]),
                ]
            ),
            (
                t["intake_other"],
                [
                    state.input("rights_informed_at", t["intake_rights_at"], hint: t["minute_hint"]),
                    state.textarea("property", t["intake_property"]),
                ]
            ),
        ]
        // IN-6: only a foreign national's consulate is told.
        if file.intake?.foreignNational == true {
            sections.append(
                (
                    t["intake_consular"],
                    [
                        state.input("consular_notice_at", t["intake_consular_at"], hint: t["minute_hint"]),
                        state.input("consular_notice", t["intake_consular_how"], hint: t["intake_consular_hint"]),
                    ]
                ))
        }
        return personForm(web, file, state, title: t["intake_title"], path: "intake", sections: sections, status: status)
    }

    func recordIntake(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (number, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.intakeFields + ["version"] { state.values[name] = form[name]?.trimmingWhitespace() ?? "" }
        func given(_ name: String) -> String? { state.values[name].flatMap { $0.isEmpty ? nil : $0 } }
        func minute(_ name: String) -> LocalTime? {
            guard let text = given(name) else { return nil }
            guard let value = LocalTime(text: text) else {
                state.errors[name] = web.strings["invalid_minute"]
                return nil
            }
            return value
        }
        let (exam, notified, rights) = (minute("medical_exam_at"), minute("family_notified_at"), minute("rights_informed_at"))
        let (identified, consular) = (minute("identified_at"), minute("consular_notice_at"))
        var kin: NextOfKin?
        if given("next_of_kin.name") != nil || given("next_of_kin.contact") != nil || given("next_of_kin.relationship") != nil {
            kin = NextOfKin(
                name: given("next_of_kin.name") ?? "", relationship: given("next_of_kin.relationship") ?? "",
                contact: given("next_of_kin.contact") ?? "")
        }
        guard state.errors.isEmpty, let version = Int(state.values["version"] ?? "") else {
            return renderIntakeForm(web, file, state, status: .unprocessableContent)
        }
        let update = IntakeUpdate(
            personID: number.id,
            details: IntakeDetails(
                medicalExamAt: exam, medicalExamBy: given("medical_exam_by"), nextOfKin: kin, familyNotifiedAt: notified,
                familyNotifiedHow: given("family_notified_how"), rightsInformedAt: rights, property: given("property"),
                identifiedAt: identified, identifiedHow: given("identified_how"),
                distinguishingMarks: given("distinguishing_marks"), consularNoticeAt: consular,
                consularNotice: given("consular_notice")))
        return try await answer(
            try await services.registry.recordIntake(
                update, expectedVersion: version, asOf: services.today(), actor: web.access?.actor ?? "web"),
            web, state, done: "intake", known: Set(Self.intakeFields)
        ) { state, status in renderIntakeForm(web, file, state, status: status) }
    }

    /// The intake facts of the file: each term done, or pending with its due minute (marked once past).
    func intakeFacts(_ file: PersonFile, _ web: WebRequest) -> [PersonModel.Fact] {
        guard let r = file.intake, file.openEpisode != nil else { return [] }
        let t = web.strings
        if r.predates { return [.init(label: t["intake_title"], value: t["intake_predates"])] }
        let now = minute()
        func pending(_ due: LocalTime) -> PersonModel.Fact.Value {
            (t["intake_pending_until"] + " " + Self.minuteText(due), now >= due)
        }
        var facts: [PersonModel.Fact] = []
        let exam: PersonModel.Fact.Value =
            r.medicalExamAt.map { ("\(Self.minuteText($0)) · \(r.medicalExamBy ?? "")", false) }
            ?? pending(r.admittedAt.adding(minutes: IntakeRules.medicalAlertMinutes))
        facts.append(.init(label: t["intake_medical"], value: exam.0, alert: exam.1))
        if let kin = r.nextOfKin {
            facts.append(.init(label: t["intake_kin"], value: "\(kin.name) (\(kin.relationship)) · \(kin.contact)"))
        }
        let notice: PersonModel.Fact.Value =
            r.familyNotifiedAt.map { ("\(Self.minuteText($0)) · \(r.familyNotifiedHow ?? "")", false) }
            ?? pending(r.admittedAt.adding(minutes: IntakeRules.familyMinutes))
        facts.append(.init(label: t["intake_family"], value: notice.0, alert: notice.1))
        let identification: PersonModel.Fact.Value =
            r.identifiedAt.map { ("\(Self.minuteText($0)) · \(r.identifiedHow ?? "")", false) }
            ?? pending(r.admittedAt.adding(minutes: IntakeRules.identificationMinutes))
        facts.append(.init(label: t["intake_identification"], value: identification.0, alert: identification.1))
        if let marks = r.distinguishingMarks { facts.append(.init(label: t["intake_marks"], value: marks)) }
        if r.foreignNational {
            let consular: PersonModel.Fact.Value =
                r.consularNoticeAt.map { ("\(Self.minuteText($0)) · \(r.consularNotice ?? "")", false) }
                ?? pending(r.admittedAt.adding(minutes: IntakeRules.consularMinutes))
            facts.append(.init(label: t["intake_consular"], value: consular.0, alert: consular.1))
        }
        facts.append(
            .init(label: t["intake_rights_at"], value: r.rightsInformedAt.map(Self.minuteText) ?? t["intake_not_recorded"]))
        if let property = r.property { facts.append(.init(label: t["intake_property"], value: property)) }
        return facts
    }
}

extension PersonModel.Fact {
    /// A fact's text and whether it is past its term.
    typealias Value = (String, Bool)
}
