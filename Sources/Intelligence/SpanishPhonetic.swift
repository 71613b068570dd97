import CustodiaCore

/// A phonetic key for Spanish names (issue 16 point 1): spellings a clerk may write for the same sound fold to one key —
/// b/v, c/s/z before e and i, c/k/q before a, o and u, g/j before e and i, ll/y, a silent h, doubled letters — after
/// `SearchText.fold` has removed case and accents. "Vásquez", "Bazques" and "Vasques" share one key (`baskes`).
public enum SpanishPhonetic {
    /// The key of one word (folded first); empty for a word with no letters.
    public static func key(_ word: some StringProtocol) -> String {
        let letters = Array(SearchText.fold(word).filter { $0.isLetter })
        var out: [Character] = []
        var index = 0
        func next(_ offset: Int = 1) -> Character? {
            index + offset < letters.count ? letters[index + offset] : nil
        }
        while index < letters.count {
            let letter = letters[index]
            var sound: String? = String(letter)
            var skip = 0
            switch letter {
            case "v", "w": sound = "b"
            case "z": sound = "s"
            case "c":
                if next() == "h" {
                    sound = "ch"
                    skip = 1
                } else if let n = next(), "eiy".contains(n) {
                    sound = "s"
                } else {
                    sound = "k"
                }
            case "q":
                sound = "k"
                if next() == "u" { skip = 1 }
            case "k": sound = "k"
            case "g":
                if let n = next(), "ei".contains(n) { sound = "j" }
            case "h": sound = nil  // silent (ch is taken with the c)
            case "l":
                if next() == "l" {
                    sound = "y"
                    skip = 1
                }
            case "y":
                // A y not before a vowel sounds as an i ("Ruyz", "Ruiz").
                sound = (next().map { "aeiou".contains($0) } ?? false) ? "y" : "i"
            case "x": sound = "s"
            default: break
            }
            if let sound {
                for c in sound where out.last != c { out.append(c) }
            }
            index += 1 + skip
        }
        return String(out)
    }

    /// The keys of each word of a name, in order ("María del Pilar" → three keys).
    public static func keys(_ name: some StringProtocol) -> [String] {
        SearchText.fold(name).split(separator: " ").map { key($0) }.filter { !$0.isEmpty }
    }
}

/// Jaro-Winkler similarity of two strings (0 different … 1 equal): typing slips, dropped and transposed letters score
/// high; the common prefix counts more (p = 0.1, up to four letters).
public enum JaroWinkler {
    public static func similarity(_ a: String, _ b: String) -> Double {
        let s = Array(a)
        let t = Array(b)
        if s.isEmpty && t.isEmpty { return 1 }
        if s.isEmpty || t.isEmpty { return 0 }
        let window = max(0, max(s.count, t.count) / 2 - 1)
        var sMatched = [Bool](repeating: false, count: s.count)
        var tMatched = [Bool](repeating: false, count: t.count)
        var matches = 0
        for i in s.indices {
            let low = max(0, i - window)
            let high = min(t.count - 1, i + window)
            guard low <= high else { continue }
            for j in low...high where !tMatched[j] && s[i] == t[j] {
                sMatched[i] = true
                tMatched[j] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0
        var j = 0
        for i in s.indices where sMatched[i] {
            while !tMatched[j] { j += 1 }
            if s[i] != t[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(s.count) + m / Double(t.count) + (m - Double(transpositions / 2)) / m) / 3
        var prefix = 0
        while prefix < min(4, s.count, t.count) && s[prefix] == t[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
