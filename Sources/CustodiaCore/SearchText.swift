/// Folding of names for search: lower case, accents and the tilde of ñ removed, runs of spaces
/// collapsed, so "Núñez" and "NUNEZ" find each other as a registry clerk expects.
public enum SearchText {
    public static func fold(_ text: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar == "-" || scalar == "'" || scalar == "," || scalar == "." {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            let lowered = scalar.properties.lowercaseMapping.unicodeScalars
            for l in lowered {
                if let base = accentless[l] {
                    out.append(base)
                } else if l.properties.generalCategory == .nonspacingMark {
                    continue  // combining accents of decomposed input
                } else {
                    out.append(l)
                }
            }
        }
        if out.last == " " { out.removeLast() }
        return String(out)
    }

    private static let accentless: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs: [(String, Unicode.Scalar)] = [
            ("àáâãäåā", "a"), ("çćč", "c"), ("èéêëēė", "e"), ("ìíîïī", "i"), ("ñń", "n"),
            ("òóôõöøō", "o"), ("ùúûüū", "u"), ("ýÿ", "y"), ("šś", "s"), ("žź", "z"),
        ]
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (letters, base) in pairs {
            for s in letters.unicodeScalars { table[s] = base }
        }
        return table
    }()
}
