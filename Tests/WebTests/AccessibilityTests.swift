import API
import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Store
import Testing
import Web

/// Accessibility that a test can hold the pages to: every input labelled, tables with headers, the language
/// declared, colours with a contrast of 4.5:1 or more, a way to skip to the content, print styles.
@Suite struct AccessibilityTests {
    /// The ids of the visible form controls of a page, and the ids its labels point at.
    static func unlabelled(_ html: String) -> [String] {
        func ids(_ pattern: String) -> Set<String> {
            let regex = try! NSRegularExpression(pattern: pattern)
            let range = NSRange(html.startIndex..., in: html)
            return Set(
                regex.matches(in: html, range: range).compactMap { match in
                    Range(match.range(at: 1), in: html).map { String(html[$0]) }
                })
        }
        let controls = ids(#"<(?:input|select|textarea) id="([^"]+)""#)
        let labelled = ids(#"<label for="([^"]+)""#)
        return controls.subtracting(labelled).sorted()
    }

    @Test(arguments: TestDatabase.engines)
    func everyControlHasALabelAndEveryTableItsHeaders(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, file in
            let user = try await AccessFixtures.user(
                "aurora", roles: [.registryClerk, .auditor], scope: .establishments(["ep-norte"]), in: services.directory)
            var browser = Browser(client: client)
            let login = try await browser.get("/login")
            #expect(Self.unlabelled(login.html).isEmpty)
            _ = try await browser.signIn(user, clock: clock)
            let number = file.person.number.description
            for uri in [
                "/", "/establishments/ep-norte", "/persons?q=nahui", "/persons/\(number)", "/admissions/new",
                "/persons/\(number)/move", "/persons/\(number)/release", "/alerts?as_of=2026-12-05", "/audit",
            ] {
                let page = try await browser.get(uri)
                #expect(page.status == 200, "\(uri)")
                #expect(Self.unlabelled(page.html).isEmpty, "\(uri): unlabelled \(Self.unlabelled(page.html))")
                #expect(page.contains("<html lang=\"es-PE\">") && page.contains("class=\"skip\" href=\"#contenido\""), "\(uri)")
                // Every data table has column headers.
                let tables = page.html.components(separatedBy: "<table").count - 1
                let headed = page.html.components(separatedBy: "<th scope=\"col\"").count - 1
                #expect(tables == 0 || headed >= tables, "\(uri): \(tables) tables")
                #expect(page.contains("<h1>"), "\(uri) has a heading")
            }
        }
    }

    /// WCAG 2 contrast ratio of two sRGB colours.
    static func contrast(_ a: String, _ b: String) -> Double {
        func luminance(_ hex: String) -> Double {
            let value = Int(hex.dropFirst(), radix: 16)!
            let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { Double($0) / 255 }
            let linear = channels.map { $0 <= 0.03928 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
            return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        }
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    @Test func textColoursHaveAContrastOfFourAndAHalfOrMore() {
        let css = String(buffer: PageRenderer.stylesheet)
        // (text, background) pairs the stylesheet uses for text.
        let pairs = [
            ("#1b1f24", "#ffffff"), ("#0b4f8a", "#ffffff"), ("#5a2d82", "#ffffff"), ("#4a5561", "#ffffff"),
            ("#a50e0e", "#ffffff"), ("#1e6b30", "#ffffff"), ("#8a4b00", "#ffffff"), ("#ffffff", "#12324f"),
            ("#dfe8f1", "#12324f"), ("#12324f", "#e8eef4"), ("#1b1f24", "#e8eef4"), ("#ffffff", "#a50e0e"),
            ("#ffffff", "#9c3d00"), ("#ffffff", "#6b5200"), ("#ffffff", "#2d5a87"), ("#ffffff", "#4a5561"),
        ]
        for (text, background) in pairs {
            #expect(css.contains(text) && css.contains(background), "\(text) on \(background) is not in the stylesheet")
            let ratio = Self.contrast(text, background)
            #expect(ratio >= 4.5, "\(text) on \(background): \(ratio)")
        }
        // Focus is always visible, and the person file prints without the menus and forms.
        #expect(css.contains("a:focus, button:focus, input:focus, select:focus"))
        #expect(css.contains("@media print"))
    }

    @Test(arguments: TestDatabase.engines)
    func aFailureIsAPageWithoutDetails(_ engine: TestDatabase.Engine) async throws {
        try await withPages(engine) { client, services, clock, _ in
            let analyst = try await AccessFixtures.user("nora", roles: [.nationalAnalyst], scope: .nation, in: services.directory)
            var browser = Browser(client: client)
            _ = try await browser.signIn(analyst, clock: clock)
            // Break the database under the page: the dashboard's alert counts can no longer be read.
            try await services.database.transaction { sql in try await sql.raw("DROP TABLE legal_clocks").run() }
            let page = try await browser.get("/")
            #expect(page.status == 500 && page.contains("Error interno") && page.contains("no se guardó ningún cambio"))
            #expect(
                !page.html.lowercased().contains("sqlite") && !page.html.contains("legal_clocks")
                    && !page.contains("Error Domain"))
        }
    }
}
