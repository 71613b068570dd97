import API
import CustodiaCore
import Foundation
import Hummingbird
import Placement

/// Transfers between establishments (issue 11 point 4): the request from the person's file, and the transfer's page
/// with the steps the reader may take next (decision, departure, reception).
extension Pages {
    static let transferFields = ["establishment_code", "pavilion_code", "ground", "reason", "requested_on"]
    static let overrideFields = ["override.resolution", "override.reason"]
    /// The fields of a step's form, each named after its action (`approve.resolution`).
    static let stepFields = ["on", "authority", "resolution", "notified_on", "reason", "pavilion_code"]

    func transferRequestForm(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (_, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        var state = FormState()
        state.values = [
            "requested_on": services.today().description, "version": String(file.person.version), "ground": "hacinamiento",
        ]
        return renderTransferRequest(web, file, state, status: .ok)
    }

    func renderTransferRequest(_ web: WebRequest, _ file: PersonFile, _ state: FormState, status: HTTPResponse.Status)
        -> Response
    {
        let t = web.strings
        let here = file.openEpisode.flatMap { file.establishmentCodes[$0.establishmentID] }
        let establishments = web.names.establishments.values.filter { $0.code != here }.sorted { $0.name < $1.name }.map {
            ($0.code, $0.name)
        }
        var sections: [(String, [FormField])] = [
            (
                t["transfer_title"],
                [
                    state.select("establishment_code", t["transfer_to"], options: [("", "")] + establishments),
                    state.input("pavilion_code", t["pavilion"], hint: t["transfer_pavilion_hint"]),
                    state.select(
                        "ground", t["transfer_ground"],
                        options: Transfer.Ground.allCases.map { ($0.rawValue, t["ground.\($0.rawValue)"]) }),
                    state.textarea("reason", t["reason"]),
                    state.input("requested_on", t["transfer_requested_on"], hint: t["date_hint"]),
                ]
            )
        ]
        sections += Self.overrideSection(state, web)
        return personForm(web, file, state, title: t["transfer_title"], path: "transfer", sections: sections, status: status)
    }

    func requestTransfer(_ web: WebRequest, number text: String) async throws -> Response {
        guard let (number, file) = try await personFile(text) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        var state = FormState()
        for name in Self.transferFields + Self.overrideFields + ["version"] {
            state.values[name] = form[name]?.trimmingWhitespace() ?? ""
        }
        let requestedOn = CivilDate(iso: state.values["requested_on"] ?? "")
        if requestedOn == nil { state.errors["requested_on"] = web.strings["invalid_date"] }
        let ground = Transfer.Ground(rawValue: state.values["ground"] ?? "")
        if ground == nil { state.errors["ground"] = web.strings["choose_option"] }
        guard let requestedOn, let ground, let version = Int(state.values["version"] ?? "") else {
            return renderTransferRequest(web, file, state, status: .unprocessableContent)
        }
        let request = TransferRequest(
            personID: number.id, toEstablishmentCode: state.values["establishment_code"] ?? "",
            toPavilionCode: state.values["pavilion_code"] ?? "", ground: ground, reason: state.values["reason"] ?? "",
            requestedOn: requestedOn, override: Self.override(state, web))
        switch try await services.registry.requestTransfer(
            request, expectedVersion: version, asOf: services.today(), actor: web.access?.actor ?? "web")
        {
        case .done(let transfer): return WebRequest.redirect("/transfers/\(transfer.id.rawValue)?done=requested")
        case .rejected(let messages):
            state.add(messages, language: web.language, known: Set(Self.transferFields + Self.overrideFields))
            return renderTransferRequest(web, file, state, status: .unprocessableContent)
        case .versionConflict(let current):
            state.general.append(web.strings["conflict"])
            state.values["version"] = String(current)
            return renderTransferRequest(web, file, state, status: .conflict)
        case .notFound: return CustodiaWeb.notFound(web)
        }
    }

    /// A transfer the reader may see: leaving or reaching an establishment in their scope.
    func visibleTransfer(_ web: WebRequest, _ text: String) async throws -> Transfer? {
        guard let id = Int64(text), let transfer = try await services.registry.transfer(.init(rawValue: id)),
            let principal = web.principal, transfer.isVisible(within: principal.establishments)
        else { return nil }
        return transfer
    }

    func transferPage(_ web: WebRequest, id text: String) async throws -> Response {
        guard let transfer = try await visibleTransfer(web, text) else { return CustodiaWeb.notFound(web) }
        let done = web.query("done").flatMap { TransferStep.Action(rawValue: $0) != nil || $0 == "requested" ? $0 : nil }
        return renderTransfer(web, transfer, FormState(), failed: nil, done: done.map { web.strings["done.transfer.\($0)"] })
    }

    func renderTransfer(
        _ web: WebRequest, _ transfer: Transfer, _ state: FormState, failed: TransferStep.Action?, done: String?,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let t = web.strings
        func name(_ code: String) -> String { web.names.establishment(code: code) }
        var facts: [PersonModel.Fact] = [
            .init(label: t["transfer_state"], value: t["transfer.\(transfer.state.rawValue)"]),
            .init(label: t["transfer_from"], value: name(transfer.fromEstablishmentCode)),
            .init(label: t["transfer_to"], value: "\(name(transfer.toEstablishmentCode)) · \(transfer.toPavilionCode)"),
            .init(label: t["transfer_ground"], value: t["ground.\(transfer.ground.rawValue)"]),
            .init(label: t["reason"], value: transfer.reason),
            .init(label: t["transfer_requested_on"], value: transfer.requestedOn.description),
        ]
        if let authority = transfer.authority {
            facts.append(.init(label: t["transfer_authority"], value: t["authority.\(authority.rawValue)"]))
        }
        for (label, value) in [
            ("resolution", transfer.resolution), ("decided_on", transfer.decidedOn?.description),
            ("transfer_notified_on", transfer.notifiedOn?.description),
            ("transfer_appeal_until", transfer.appealUntil?.description), ("transfer_court", transfer.courtNotified),
            ("transfer_departed", transfer.departedAt), ("transfer_received", transfer.receivedAt),
            ("transfer_closing_reason", transfer.closingReason),
        ] {
            if let value { facts.append(.init(label: t[label], value: value)) }
        }
        let steps = transferSteps(web, transfer, state, failed: failed)
        return web.page(
            "transfer",
            TransferModel(
                layout: web.layout(title: "\(t["transfer_heading"]) #\(transfer.id.rawValue)"),
                heading: "\(t["transfer_heading"]) #\(transfer.id.rawValue)",
                personNumber: PersonNumber(id: transfer.personID).description, facts: facts,
                csrf: web.access?.csrfToken ?? "", steps: steps, hasSteps: !steps.isEmpty, general: state.general,
                hasErrors: !state.errors.isEmpty || !state.general.isEmpty, done: done),
            status: status)
    }

    /// The forms of the steps the reader may take from the transfer's state; the failed one keeps its input.
    func transferSteps(_ web: WebRequest, _ transfer: Transfer, _ failedState: FormState, failed: TransferStep.Action?)
        -> [TransferModel.Step]
    {
        let t = web.strings
        let id = transfer.id.rawValue
        let today = services.today().description
        var steps: [TransferModel.Step] = []
        for action in TransferStep.Action.allCases where TransferRules.allowed(action, from: transfer.state) {
            let deciding = action == .approve || action == .refuse || action == .cancel
            guard web.principal?.may(deciding ? .decideTransfer : .executeTransfer) == true else { continue }
            var state = failed == action ? failedState : FormState()
            if failed != action { state.values["\(action.rawValue).on"] = today }
            let p = action.rawValue + "."
            var fields = [state.input(p + "on", t["transfer_step_on"], hint: t["date_hint"])]
            switch action {
            case .approve:
                fields += [
                    state.select(
                        p + "authority", t["transfer_authority"],
                        options: Transfer.Authority.allCases.map { ($0.rawValue, t["authority.\($0.rawValue)"]) }),
                    state.input(p + "resolution", t["resolution"]),
                    state.input(p + "notified_on", t["transfer_notified_on"], hint: t["date_hint"]),
                ]
            case .refuse, .cancel: fields.append(state.textarea(p + "reason", t["reason"]))
            case .depart: break
            case .receive:
                fields.append(state.input(p + "pavilion_code", t["pavilion"], hint: t["transfer_receive_hint"]))
                if web.principal?.may(.overridePlacement) == true {
                    fields += [
                        state.input(p + "override.resolution", t["override_resolution"], hint: t["override_hint"]),
                        state.textarea(p + "override.reason", t["override_section"]),
                    ]
                }
            }
            steps.append(
                TransferModel.Step(
                    title: t["transfer_step.\(action.rawValue)"], action: action.rawValue,
                    path: "/transfers/\(id)/\(deciding ? "decision" : "movement")", version: String(transfer.version),
                    fields: fields, button: t["transfer_button.\(action.rawValue)"]))
        }
        return steps
    }

    /// A step posted from the transfer's page: the action must be one the path carries.
    func transferStep(_ web: WebRequest, id: String, deciding: Bool) async throws -> Response {
        guard let transfer = try await visibleTransfer(web, id) else { return CustodiaWeb.notFound(web) }
        let form = try await readForm(web)
        guard let action = TransferStep.Action(rawValue: form["action"] ?? ""),
            deciding == (action == .approve || action == .refuse || action == .cancel)
        else { return renderTransfer(web, transfer, FormState(), failed: nil, done: nil, status: .badRequest) }
        let p = action.rawValue + "."
        var state = FormState()
        for name in Self.stepFields + Self.overrideFields {
            state.values[p + name] = form[p + name]?.trimmingWhitespace() ?? ""
        }
        let on = CivilDate(iso: state.values[p + "on"] ?? "")
        if on == nil { state.errors[p + "on"] = web.strings["invalid_date"] }
        let notifiedText = state.values[p + "notified_on"] ?? ""
        let notified = CivilDate(iso: notifiedText)
        if !notifiedText.isEmpty, notified == nil { state.errors[p + "notified_on"] = web.strings["invalid_date"] }
        guard let on, state.errors.isEmpty, let version = Int(form["version"] ?? "") else {
            return renderTransfer(web, transfer, state, failed: action, done: nil, status: .unprocessableContent)
        }
        func text(_ name: String) -> String? { state.values[p + name].flatMap { $0.isEmpty ? nil : $0 } }
        // (the id of the transfer is `transfer.id` from here on)
        var override: PlacementOverrideRequest?
        if text("override.resolution") != nil || text("override.reason") != nil {
            override = PlacementOverrideRequest(
                resolution: text("override.resolution") ?? "", reason: text("override.reason") ?? "",
                authorized: web.principal?.may(.overridePlacement) == true)
        }
        let step = TransferStep(
            id: transfer.id, action: action, on: on, authority: text("authority").flatMap(Transfer.Authority.init(rawValue:)),
            resolution: text("resolution"), notifiedOn: notified, reason: text("reason"), pavilionCode: text("pavilion_code"),
            override: override)
        switch try await services.registry.stepTransfer(
            step, expectedVersion: version, asOf: services.today(), actor: web.access?.actor ?? "web")
        {
        case .done(let updated): return WebRequest.redirect("/transfers/\(updated.id.rawValue)?done=\(action.rawValue)")
        case .rejected(let messages):
            let known = Set(state.values.keys)
            // The store names the fields of a step without its action's prefix.
            let map = Dictionary(
                uniqueKeysWithValues: (Self.stepFields + Self.overrideFields + ["override"]).map { ($0, p + $0) })
            state.add(messages, language: web.language, fieldMap: map, known: known)
            return renderTransfer(web, transfer, state, failed: action, done: nil, status: .unprocessableContent)
        case .versionConflict:
            guard let fresh = try await services.registry.transfer(transfer.id) else { return CustodiaWeb.notFound(web) }
            state.general.append(web.strings["conflict"])
            return renderTransfer(web, fresh, state, failed: action, done: nil, status: .conflict)
        case .notFound: return CustodiaWeb.notFound(web)
        }
    }
}
