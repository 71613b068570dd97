import CustodiaCore
import Testing

@Suite struct IdentityTests {
    @Test(arguments: ["12345678", " 87654321 "])
    func acceptsEightDigitDNIs(_ number: String) throws {
        let document = try IdentityDocument.parse(kind: .dni, number: number).get()
        #expect(document.number?.count == 8)
    }

    @Test(arguments: ["1234567", "123456789", "1234567A", "", "12 45678"])
    func rejectsMalformedDNIs(_ number: String) {
        guard case .failure(let message) = IdentityDocument.parse(kind: .dni, number: number, field: "person.document") else {
            Issue.record("accepted \(number)")
            return
        }
        #expect(message.code == .dniInvalid)
        #expect(message.field == "person.document.number")
        #expect(message.spanish.contains("8 dígitos"))
    }

    @Test func foreignDocumentsAndNone() throws {
        #expect(try IdentityDocument.parse(kind: .foreignerCard, number: "001234567").get() == .foreignerCard("001234567"))
        #expect(try IdentityDocument.parse(kind: .passport, number: "ab12345").get() == .passport("AB12345"))
        guard case .failure(let passport) = IdentityDocument.parse(kind: .passport, number: "A1"),
            case .failure(let card) = IdentityDocument.parse(kind: .foreignerCard, number: "12-345")
        else {
            Issue.record("malformed foreign documents accepted")
            return
        }
        #expect(passport.code == .passportInvalid)
        #expect(card.code == .foreignerCardInvalid)
        #expect(try IdentityDocument.parse(kind: .none, number: nil).get() == .none)
        let person = Person(
            id: 1, document: .none, name: PersonName(givenNames: "A", paternalSurname: "B", maternalSurname: ""), sex: .male,
            birthDate: nil, nationality: "PER")
        #expect(person.lacksDocument)
    }

    @Test func personNumbersRoundTripAndCatchTypos() {
        for raw in [1, 7, 42, 1234, 103_717, 9_999_999] as [Int64] {
            let number = PersonNumber(id: Person.ID(rawValue: raw))
            #expect(PersonNumber(number.description)?.id.rawValue == raw)
            #expect(number.description.hasPrefix("P-"))
            #expect(number.description.count == 11)
        }
        let text = PersonNumber(id: 1234).description  // P-0001234-c
        var digits = Array(text)
        digits[6] = digits[6] == "4" ? "5" : "4"  // one mistyped digit
        #expect(PersonNumber(String(digits)) == nil)
        #expect(PersonNumber("P-0000000-0") == nil)
        #expect(PersonNumber("12345678") == nil)
        #expect(PersonNumber(text.lowercased()) != nil)
    }

    @Test func caseNumbersFollowThePeruvianFormat() {
        #expect(CaseNumber("00123-2024-1-1801-JR-PE-01")?.year == 2024)
        #expect(CaseNumber("00123-2024-12-1801-jr-pe-01")?.text == "00123-2024-12-1801-JR-PE-01")
        for bad in [
            "123-2024-1-1801-JR-PE-01", "00123-24-1-1801-JR-PE-01", "00123-2024-1-1801-JR-PE", "00123-2024-1-18A1-JR-PE-01",
            "00123-1800-1-1801-JR-PE-01",
        ] {
            #expect(CaseNumber(bad) == nil, "\(bad)")
        }
    }

    @Test func searchFoldingIgnoresAccentsCaseAndSpacing() {
        #expect(SearchText.fold("  NÚÑEZ   Ñahui, José ") == "nunez nahui jose")
        #expect(SearchText.fold("Nu\u{0301}n\u{0303}ez") == "nunez")  // decomposed input
        #expect(SearchText.fold("Cóndor-Huamán") == "condor huaman")
    }
}
