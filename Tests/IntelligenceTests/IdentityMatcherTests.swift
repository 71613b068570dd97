import CustodiaCore
import Intelligence
import Testing

/// Identity matching (issue 16 point 1): every kind of corruption a register meets — a typo, accents, swapped
/// surnames, a missing DNI, day and month swapped, the year off by one, an alias for the given name, a compound given
/// name shortened — still finds the person; two different people with common names do not become one; a different
/// document or sex pulls the weight down. All names synthetic.
@Suite struct IdentityMatcherTests {
    static let original = IdentityRecord(
        document: .dni("41234567"),
        name: PersonName(givenNames: "José Luis", paternalSurname: "Vásquez", maternalSurname: "Ñahui"),
        aliases: ["Chato"], sex: .male, birthDate: CivilDate(year: 1990, month: 5, day: 4), nationality: "PER")

    static func variant(_ change: (inout IdentityRecord) -> Void) -> IdentityRecord {
        var record = original
        change(&record)
        return record
    }

    @Test func phoneticKeysFoldSpanishSpellings() {
        #expect(SpanishPhonetic.key("Vásquez") == SpanishPhonetic.key("Bazques"))
        #expect(SpanishPhonetic.key("Vasques") == "baskes")
        #expect(SpanishPhonetic.key("Yupanqui") == SpanishPhonetic.key("Llupanki"))
        #expect(SpanishPhonetic.key("Hernández") == SpanishPhonetic.key("Ernandes"))
        #expect(SpanishPhonetic.key("Jiménez") == SpanishPhonetic.key("Gimenes"))
        #expect(SpanishPhonetic.key("Ruiz") == SpanishPhonetic.key("Ruyz"))
        #expect(SpanishPhonetic.key("Quispe") != SpanishPhonetic.key("Chambi"))
        #expect(SpanishPhonetic.keys("María del Pilar").count == 3 && SpanishPhonetic.key("--") == "")
    }

    @Test func jaroWinklerOnItsClassicPairs() {
        // The textbook values: MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.840, DIXON/DICKSONX 0.813.
        #expect(abs(JaroWinkler.similarity("MARTHA", "MARHTA") - 0.961) < 0.001)
        #expect(abs(JaroWinkler.similarity("DWAYNE", "DUANE") - 0.840) < 0.001)
        #expect(abs(JaroWinkler.similarity("DIXON", "DICKSONX") - 0.813) < 0.001)
        #expect(JaroWinkler.similarity("", "") == 1 && JaroWinkler.similarity("A", "") == 0)
    }

    /// A corrupted copy of the original, by the kind of corruption.
    static func corrupted(_ kind: String) -> IdentityRecord {
        variant { r in
            switch kind {
            case "accents and case":
                r.name.paternalSurname = "VASQUEZ"
                r.name.givenNames = "jose luis"
            case "a typo in a surname": r.name.paternalSurname = "Vasqeuz"
            case "a phonetic spelling": r.name.paternalSurname = "Bazques"
            case "swapped surnames":
                r.name.paternalSurname = "Ñahui"
                r.name.maternalSurname = "Vásquez"
            case "day and month swapped": r.birthDate = CivilDate(year: 1990, month: 4, day: 5)
            case "the year off by one": r.birthDate = CivilDate(year: 1991, month: 5, day: 4)
            case "a compound given name shortened": r.name.givenNames = "Luis"
            case "one slip in the DNI": r.document = .dni("41234576")
            default: break
            }
        }
    }

    @Test(arguments: [
        "the same record", "accents and case", "a typo in a surname", "a phonetic spelling", "swapped surnames",
        "day and month swapped", "the year off by one", "a compound given name shortened", "one slip in the DNI",
    ])
    func corruptedCopiesAreTheSamePerson(_ kind: String) {
        let result = IdentityMatcher.compare(Self.original, Self.corrupted(kind))
        #expect(result.decision == .same, "\(kind): \(result.weight) \(result.explanation)")
    }

    @Test func withoutADocumentTheNamesAndBirthDateStillFindThePerson() {
        // No DNI (about 2,200 held in Peru have none), a slip in a surname: a candidate, at least to review.
        let undocumented = Self.variant {
            $0.document = IdentityDocument.none
            $0.name.maternalSurname = "Nahuy"
        }
        let result = IdentityMatcher.compare(Self.original, undocumented)
        #expect(result.decision != .different, "\(result.explanation)")
        #expect(result.fields.first { $0.field == "document" }?.level == "missing")
        // Known only by the alias as a given name.
        let alias = Self.variant {
            $0.document = IdentityDocument.none
            $0.name.givenNames = "Chato"
        }
        let byAlias = IdentityMatcher.compare(Self.original, alias)
        #expect(byAlias.decision != .different && byAlias.fields.contains { $0.level == "alias" })
        #expect(byAlias.weight < result.weight + 10)
    }

    @Test func differentPeopleStayApart() {
        // Two men with common names, another DNI, another birth date.
        let other = IdentityRecord(
            document: .dni("45671234"),
            name: PersonName(givenNames: "Juan Carlos", paternalSurname: "Quispe", maternalSurname: "Mamani"),
            sex: .male, birthDate: CivilDate(year: 1985, month: 11, day: 20), nationality: "PER")
        let namesake = IdentityRecord(
            document: .dni("48889999"),
            name: PersonName(givenNames: "Juan Carlos", paternalSurname: "Quispe", maternalSurname: "Mamani"),
            sex: .male, birthDate: CivilDate(year: 1992, month: 2, day: 3), nationality: "PER")
        #expect(IdentityMatcher.compare(Self.original, other).decision == .different)
        // Same names, another document and birth date: never the same person.
        let same = IdentityMatcher.compare(other, namesake)
        #expect(same.decision != .same, "\(same.explanation)")
        // Full names alone, with no document and no birth date, are not enough to say "the same person".
        var namesOnly = Self.original
        namesOnly.document = IdentityDocument.none
        namesOnly.birthDate = nil
        #expect(IdentityMatcher.compare(Self.original, namesOnly).decision == .review)
        // The same record but for the sex: the weight drops.
        let woman = Self.variant { $0.sex = .female }
        #expect(
            IdentityMatcher.compare(Self.original, woman).weight < IdentityMatcher.compare(Self.original, Self.original).weight
                - 5)
    }

    @Test func theExplanationNamesEveryField() {
        let result = IdentityMatcher.compare(Self.original, Self.variant { $0.name.paternalSurname = "Bazques" })
        let names = result.fields.map(\.field)
        #expect(
            names == [
                "document", "paternal_surname", "maternal_surname", "given_names", "birth_date", "sex", "nationality",
            ])
        #expect(result.explanation.contains("paternal_surname: phonetic +") && result.explanation.contains("document: exact +"))
        #expect(abs(result.weight - result.fields.map(\.weight).reduce(0, +)) < 1e-9)
    }
}
