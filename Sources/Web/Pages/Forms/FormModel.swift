/// Every form page (admission, move, release, sensitive notes): sections of fields, the errors listed on top
/// with links to their fields, the CSRF token and the hidden values (the record's version).
struct FormModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var action: String
    var cancel: String
    /// Whose record the form changes.
    var subject: String?
    var csrf: String
    var hidden: [Hidden]
    var sections: [Section]
    var hasErrors: Bool
    /// Messages that belong to no field of the form.
    var general: [String]
    var fieldErrors: [FieldError]

    struct Hidden {
        var name: String
        var value: String
    }

    struct Section {
        var title: String
        var fields: [FormField]
    }

    struct FieldError {
        var id: String
        var label: String
        var error: String
    }
}

/// One field of a form: an input, a list to choose from, or a text of several lines.
struct FormField {
    var id: String
    var name: String
    var label: String
    var value: String
    var error: String?
    var invalid: Bool
    var hint: String?
    var inputType: String?
    var describedBy: String?
    var isSelect = false
    var isTextarea = false
    var options: [Option] = []
    var groups: [OptionGroup] = []

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    struct OptionGroup {
        var label: String
        var options: [Option]
    }
}
