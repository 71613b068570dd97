import API
import CustodiaCore
import Foundation
import Hummingbird

/// A submitted form: the values as typed (kept when the form comes back) and the problems found, by field.
struct FormState {
    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    var general: [String] = []

    /// One input: its label from the string table, the value as typed, the error next to it.
    func input(_ name: String, _ label: String, hint: String? = nil, type: String? = nil) -> FormField {
        let id = Self.id(name)
        var describedBy: [String] = []
        if hint != nil { describedBy.append("\(id)-hint") }
        if errors[name] != nil { describedBy.append("\(id)-error") }
        return FormField(
            id: id, name: name, label: label, value: values[name] ?? "", error: errors[name], invalid: errors[name] != nil,
            hint: hint, inputType: type, describedBy: describedBy.isEmpty ? nil : describedBy.joined(separator: " "))
    }

    /// A list to choose from: `(value, label)` pairs, or groups of them.
    func select(_ name: String, _ label: String, options: [(String, String)] = [], groups: [(String, [(String, String)])] = [])
        -> FormField
    {
        func rows(_ list: [(String, String)]) -> [FormField.Option] {
            list.map { FormField.Option(value: $0.0, label: $0.1, selected: values[name] == $0.0) }
        }
        return FormField(
            id: Self.id(name), name: name, label: label, value: values[name] ?? "", error: errors[name],
            invalid: errors[name] != nil, isSelect: true, options: rows(options),
            groups: groups.map { FormField.OptionGroup(label: $0.0, options: rows($0.1)) })
    }

    /// A text of several lines.
    func textarea(_ name: String, _ label: String, hint: String? = nil) -> FormField {
        var field = input(name, label, hint: hint)
        field.isTextarea = true
        return field
    }

    static func id(_ name: String) -> String {
        "f-" + name.replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "_", with: "-")
    }

    /// The form's page: sections of fields, the errors listed on top with links to their fields.
    func model(
        _ web: WebRequest, title: String, current: String? = nil, heading: String, action: String, cancel: String,
        subject: String? = nil, hidden: [String] = [], sections: [(String, [FormField])]
    ) -> FormModel {
        let labels = Dictionary(sections.flatMap { $0.1 }.map { ($0.name, $0.label) }, uniquingKeysWith: { a, _ in a })
        let fieldErrors = errors.keys.sorted().map {
            FormModel.FieldError(id: Self.id($0), label: labels[$0] ?? $0, error: errors[$0] ?? "")
        }
        return FormModel(
            layout: web.layout(title: title, current: current), heading: heading, action: action, cancel: cancel,
            subject: subject, csrf: web.access?.csrfToken ?? "",
            hidden: hidden.map { FormModel.Hidden(name: $0, value: values[$0] ?? "") },
            sections: sections.map { FormModel.Section(title: $0.0, fields: $0.1) },
            hasErrors: !errors.isEmpty || !general.isEmpty, general: general, fieldErrors: fieldErrors)
    }

    /// Puts each validation message next to its field, in the user's language; messages without a field of
    /// the form go on top.
    mutating func add(_ messages: [ValidationMessage], language: Language, fieldMap: [String: String] = [:], known: Set<String>) {
        for message in messages {
            let text = language == .es ? message.spanish : message.english
            var field = fieldMap[message.field] ?? message.field
            if !known.contains(field), let prefix = known.first(where: { $0.hasPrefix(field + ".") }) { field = prefix }
            if known.contains(field) {
                errors[field] = errors[field].map { "\($0) \(text)" } ?? text
            } else {
                general.append(text)
            }
        }
    }
}

extension Pages {
    /// A form that changes one person's record (move, release, notes): posted to `/persons/{n}/<path>`, the
    /// person named on top, the record's version carried to detect a concurrent change.
    func personForm(
        _ web: WebRequest, _ file: PersonFile, _ state: FormState, title: String, path: String,
        sections: [(String, [FormField])], status: HTTPResponse.Status
    ) -> Response {
        let number = file.person.number.description
        return web.page(
            "form",
            state.model(
                web, title: title, heading: title, action: "/persons/\(number)/\(path)", cancel: "/persons/\(number)",
                subject: "\(file.person.name.registerForm) · \(number)", hidden: ["version"], sections: sections),
            status: status)
    }

    func readForm(_ web: WebRequest) async throws -> FormData {
        var request = web.request
        return FormData(String(buffer: try await request.collectBody(upTo: 64 * 1024)))
    }

    /// The person a path names, with the file; `nil` when there is none.
    func personFile(_ text: String) async throws -> (PersonNumber, PersonFile)? {
        guard let number = PersonNumber(text), let file = try await services.registry.personFile(number.id) else { return nil }
        return (number, file)
    }

    /// What a change to a person answers its form: the file with a confirmation; the form again with each
    /// message next to its field (422); or the conflict explained, with the version as it now is (409).
    func answer(
        _ outcome: ChangeOutcome<PersonFile>, _ web: WebRequest, _ state: FormState, done: String, known: Set<String>,
        render: (FormState, HTTPResponse.Status) async throws -> Response
    ) async throws -> Response {
        var state = state
        switch outcome {
        case .done(let updated): return WebRequest.redirect("/persons/\(updated.person.number)?done=\(done)")
        case .rejected(let messages):
            state.add(messages, language: web.language, known: known)
            return try await render(state, .unprocessableContent)
        case .versionConflict(let current):
            state.general.append(web.strings["conflict"])
            state.values["version"] = String(current)
            return try await render(state, .conflict)
        case .notFound: return CustodiaWeb.notFound(web)
        }
    }
}
