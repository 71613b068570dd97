import CustodiaCore
import Foundation
import Intelligence

/// The keys a person's name is stored under: the name search's prefixes and the candidate search's blocks (issue 16
/// point 1, ADR 0033).
enum SearchKeys {
    /// The name in both orders and each alias, folded (the search's prefixes), then the name's two phonetic keys.
    static func keys(for name: PersonName, aliases: [String]) -> [String] {
        var keys = [
            SearchText.fold("\(name.paternalSurname) \(name.maternalSurname) \(name.givenNames)"),
            SearchText.fold("\(name.givenNames) \(name.paternalSurname) \(name.maternalSurname)"),
        ]
        keys += aliases.map { SearchText.fold($0) }
        keys += phonetic(name)
        var seen = Set<String>()
        return keys.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// The candidate search's phonetic blocks (issue 16 point 1): `#` (never the start of a folded query, so the name
    /// search does not meet them), then the Spanish phonetic keys of the surnames and the given names in two orders —
    /// a surname spelled as it sounds differently still shares a block with the person.
    static func phonetic(_ name: PersonName) -> [String] {
        let (paternal, maternal, given) = (
            SpanishPhonetic.keys(name.paternalSurname).joined(separator: " "),
            SpanishPhonetic.keys(name.maternalSurname).joined(separator: " "),
            SpanishPhonetic.keys(name.givenNames).joined(separator: " ")
        )
        guard !paternal.isEmpty || !given.isEmpty else { return [] }
        return ["#\(paternal) \(maternal) \(given)", "#\(given) \(maternal) \(paternal)"]
    }

    /// The block prefixes of a name: exact surnames in order, given names and the paternal surname, and the phonetic
    /// keys of the surnames in order and swapped and of the given names with the maternal surname.
    static func blocks(_ name: PersonName) -> [String] {
        let (p, m, g) = (
            SearchText.fold(name.paternalSurname), SearchText.fold(name.maternalSurname), SearchText.fold(name.givenNames)
        )
        let (pp, pm, pg) = (
            SpanishPhonetic.keys(name.paternalSurname).joined(separator: " "),
            SpanishPhonetic.keys(name.maternalSurname).joined(separator: " "),
            SpanishPhonetic.keys(name.givenNames).joined(separator: " ")
        )
        var seen = Set<String>()
        return ["\(p) \(m) ", "\(g) \(p) ", "#\(pp) \(pm) ", "#\(pm) \(pp) ", "#\(pg) \(pm) "]
            .filter { $0.trimmingCharacters(in: .whitespaces).count > 1 && seen.insert($0).inserted }
    }
}
