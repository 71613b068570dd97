import CustodiaCore
import Foundation
import Mustache

/// What the layout of every page shows: language, title, the signed-in user and the menu. Built once per
/// request by `WebRequest.layout(title:current:)`; a page's own model sits on top of it.
struct LayoutModel {
    /// The string table of the request's language (`{{t.key}}` in the templates).
    var t: [String: String]
    var lang: String
    var title: String
    var langSwitch: String
    var langSwitchCode: String
    var user: UserModel?
    var nav: [NavItem]

    struct UserModel {
        var name: String
        var role: String
        var scope: String
        var csrf: String
    }

    struct NavItem {
        var href: String
        var label: String
        var current: Bool
    }
}

/// A page's typed model. Its template reads the model's properties by name, and the layout's where the page
/// has no property of that name.
protocol PageModel {
    var layout: LayoutModel { get }
}

/// The one object a template is rendered with: the page's properties first, then the layout's. Absent
/// optionals are absent (a section over them renders nothing), never printed. The properties are read once per
/// render (a template looks up dozens of names; reflecting the model for each was most of a page's time).
struct PageContext: MustacheParent {
    private let properties: [Mirror.Child]

    init(page: any PageModel) {
        properties =
            Mirror(reflecting: page).children.filter { $0.label != "layout" } + Mirror(reflecting: page.layout).children
    }

    func child(named name: String) -> Any? {
        guard let property = properties.first(where: { $0.label == name }) else { return nil }
        let mirror = Mirror(reflecting: property.value)
        guard mirror.displayStyle == .optional else { return property.value }
        return mirror.children.first?.value
    }
}

/// The model of the message page (refusals, not found, failures).
struct MessageModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var text: String
}
