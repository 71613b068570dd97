import App
import CustodiaCore
import CustodiaTestSupport
import Foundation
import Testing
import Web

/// Issue 17, point 2: after sign-in, `next` sends the browser only to a path of this site.
@Suite struct SafeRedirectTests {
    /// Known ways around a check that only looks at the first characters (OWASP's open-redirect cheat sheet,
    /// browsers' URL parsing): another host, a scheme, a backslash, whitespace and controls browsers drop, and
    /// encoded forms of each.
    static let bypasses: [String] = [
        "//evil.example", "///evil.example", "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example",
        "\t//evil.example", " /evil.example", "/ /evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example",
        "https://evil.example", "http:evil.example", "javascript:alert(1)", "evil.example", "%2F%2Fevil.example",
        "/%2F/evil.example", "/%2f%2fevil.example", "/%5Cevil.example", "/%5cevil.example", "/%09/evil.example",
        "/%0a/evil.example", "/%252F/evil.example", "/%25252F/evil.example", "/%E3%80%80/evil.example",
        "/\u{3000}/evil.example", "/\u{FEFF}/evil.example", "/\u{200B}/evil.example", "/\u{2028}/evil.example",
        "/\u{7F}/evil.example", "/%", "/%zz", "", String(repeating: "/a", count: 2000),
    ]

    @Test(arguments: bypasses)
    func aBypassGoesToTheDashboard(_ next: String) {
        #expect(SafeRedirect.target(next) == "/")
    }

    @Test func pathsOfThisSiteAreKept() {
        for next in [
            "/", "/persons?q=%C3%91ahui%20Quispe", "/alerts?kind=unlawful_detention&as_of=2026-12-05",
            "/persons/P-0000001-5#orders", "/establishments/lurigancho", "/audit?user=registro&from=2026-12-01",
        ] {
            #expect(SafeRedirect.target(next) == next)
        }
        #expect(SafeRedirect.target(nil) == "/")
    }

    /// Through the sign-in form: a bypass lands on the dashboard, a path of this site is kept.
    @Test func theSignInFormUsesIt() async throws {
        try await withPages(.sqlite) { client, services, clock, _ in
            let user = try await AccessFixtures.user(
                "rosa", roles: [.registryClerk], scope: .establishments(["ep-norte"]), in: services.directory)
            for (next, expected) in [
                ("/\t/evil.example", "/"), ("/%5Cevil.example", "/"), ("/alerts?as_of=2026-12-05", "/alerts?as_of=2026-12-05"),
            ] {
                var browser = Browser(client: client)
                let token = try #require(try await browser.get("/login").inputValue("_login"))
                let response = try await browser.post(
                    "/login",
                    form: [("_login", token), ("next", next), ("username", user.username), ("password", AccessFixtures.password)])
                #expect(response.status == 303 && response.location == expected, "\(next.debugDescription)")
            }
        }
    }
}
