import CustodiaCore
import Testing

@testable import Intelligence

/// The register's likely duplicates (issue 16 point 1): a pair sharing a block and not called different by the matcher
/// is found once, whichever blocks it shares; different people sharing a surname block are compared and left alone; a
/// block larger than allowed is skipped and counted.
@Suite struct IdentityDuplicatesTests {
    static func record(_ given: String, _ paternal: String, _ maternal: String, dni: String?, born: String) -> IdentityRecord {
        IdentityRecord(
            document: dni.map { .dni($0) } ?? .none,
            name: PersonName(givenNames: given, paternalSurname: paternal, maternalSurname: maternal), sex: .male,
            birthDate: CivilDate(iso: born), nationality: "PER")
    }

    @Test func aPairIsFoundOnceAndStrangersAreLeftAlone() {
        let records: [(id: Person.ID, record: IdentityRecord)] = [
            (.init(rawValue: 1), Self.record("Juan Carlos", "Vásquez", "Huamán", dni: "41111111", born: "1985-03-02")),
            (.init(rawValue: 2), Self.record("Pedro", "Vásquez", "Huamán", dni: "42222222", born: "1970-11-20")),
            (.init(rawValue: 3), Self.record("Juan Carlo", "Bazques", "Huaman", dni: nil, born: "1985-03-02")),
            (.init(rawValue: 4), Self.record("Rosa", "Quispe", "Mamani", dni: "43333333", born: "1990-01-01")),
        ]
        let result = IdentityDuplicates.find(records)
        #expect(result.pairs.map { [$0.first.rawValue, $0.second.rawValue] } == [[1, 3]], "\(result.pairs)")
        #expect(result.pairs.first?.match.decision != .different && result.compared >= 2 && result.skippedBlocks == 0)
        // With blocks of at most two persons, the block of the three who sound "Vásquez Huamán" is skipped and counted,
        // and 1 and 3 share no other (their given names differ by a letter): none found.
        let small = IdentityDuplicates.find(records, largestBlock: 2)
        #expect(small.pairs.isEmpty && small.skippedBlocks == 1, "\(small.pairs) \(small.skippedBlocks)")
    }
}
