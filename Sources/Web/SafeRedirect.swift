import Foundation

/// Where a sign-in may send the browser after it (`next`): only a path of this site (OWASP ASVS 5.1.5, open
/// redirects); anything else goes to the dashboard.
public enum SafeRedirect {
    /// `next` when it is a relative path of this origin after every normalisation a browser applies; "/" otherwise.
    public static func target(_ next: String?) -> String {
        guard let next, !next.isEmpty, next.utf8.count <= 2048 else { return "/" }
        // Browsers drop tabs and line breaks anywhere in an address and trim spaces and controls at its ends, so
        // none may be in it at all: "/\t/other.example" would become "//other.example", another host.
        if next.unicodeScalars.contains(where: unsafe) { return "/" }
        // The path, decoded as often as anyone may have encoded it ("%2F", "%252F", "%5C"), must start with one
        // slash and hold no backslash (browsers read it as a slash) and nothing a browser would drop or trim.
        let path = String(next.prefix { $0 != "?" && $0 != "#" })
        var decoded = path
        for _ in 0..<4 where decoded.contains("%") {
            guard let once = decoded.removingPercentEncoding else { return "/" }
            if once == decoded { break }
            decoded = once
        }
        for form in [path, decoded] {
            guard form.hasPrefix("/"), !form.hasPrefix("//"), !form.unicodeScalars.contains(where: unsafe) else { return "/" }
        }
        return next
    }

    /// Spaces, controls, invisible formatting characters and the backslash.
    static func unsafe(_ scalar: Unicode.Scalar) -> Bool {
        let category = scalar.properties.generalCategory
        return scalar == "\\" || scalar.properties.isWhitespace || category == .control || category == .format
            || category == .lineSeparator || category == .paragraphSeparator
    }
}
