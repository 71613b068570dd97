import CustodiaCore
import Placement
import Testing

@Suite struct OccupancyTests {
    @Test func usesINPEDefinitions() {
        let national = Occupancy(
            capacity: 41_764, population: 103_717, unsentenced: 37_924, sentenced: 65_793, men: 98_228, women: 5_489)
        #expect(national.occupancyPercent == 248.3)
        #expect(national.overpopulationPercent == 148.3)
        #expect(national.isOvercrowded)
        #expect(national.overcrowding == 61_953)
    }

    /// Hacinamiento is over-population strictly above 20%.
    @Test func overcrowdingThresholdIsStrictlyAboveTwentyPercent() {
        #expect(!Occupancy(capacity: 100, population: 120, unsentenced: 0, sentenced: 120, men: 120, women: 0).isOvercrowded)
        #expect(Occupancy(capacity: 100, population: 121, unsentenced: 0, sentenced: 121, men: 121, women: 0).isOvercrowded)
        // Sullana: 17.5% over capacity is not hacinamiento.
        #expect(!Occupancy(capacity: 194, population: 228, unsentenced: 149, sentenced: 79, men: 0, women: 228).isOvercrowded)
        #expect(Occupancy(capacity: 0, population: 3, unsentenced: 3, sentenced: 0, men: 3, women: 0).occupancyPercent == nil)
    }

    @Test func sexesHousedByPlaces() {
        #expect(HousedSex.mixed.houses(.female) && HousedSex.mixed.houses(.male))
        #expect(!HousedSex.male.houses(.female))
        #expect(!HousedSex.female.houses(.male))
    }

    @Test func sentenceRangeFollowsPenalCodeArticle29() {
        let start = CivilDate(year: 2020, month: 1, day: 1)!
        #expect(SentenceTerm(years: 0, months: 0, days: 2, startsOn: start).isWithinLegalRange)
        #expect(!SentenceTerm(years: 0, months: 0, days: 1, startsOn: start).isWithinLegalRange)
        #expect(SentenceTerm(years: 35, months: 0, days: 0, startsOn: start).isWithinLegalRange)
        #expect(!SentenceTerm(years: 35, months: 0, days: 1, startsOn: start).isWithinLegalRange)
        #expect(!SentenceTerm(years: -1, months: 0, days: 0, startsOn: start).isWithinLegalRange)
        #expect(SentenceTerm.life(startsOn: start).isWithinLegalRange)
    }

    @Test func everyValidationCodeHasBothTexts() {
        for code in ValidationCode.allCases {
            let text = ValidationCatalog.text(for: code)
            #expect(text.spanish != "Dato no válido", "\(code) has no Spanish text")
            #expect(text.english != "Invalid value", "\(code) has no English text")
        }
        #expect(Set(ValidationCode.allCases.map(\.rawValue)).count == ValidationCode.allCases.count)
    }
}
