import CustodiaCore
import LegalClock
import NationalDataset
import Testing

/// A country ten times Peru's size (issue 17 point 9): every establishment repeated under codes of its own, every count
/// multiplied, Peru's proportions kept; the population generated from it is that many times Peru's, with unique
/// documents.
@Suite struct ScaledDatasetTests {
    @Test func tenTimesPeruIsBrazilsSize() throws {
        let peru = try PeruDataset.bundled()
        let scaled = peru.scaled(by: 10)
        #expect(scaled.establishments.count == 690 && scaled.regionalOffices == peru.regionalOffices)
        #expect(Set(scaled.establishments.map(\.code)).count == 690)
        #expect(scaled.establishments.prefix(69).map(\.code) == peru.establishments.map(\.code))
        #expect(scaled.establishments[69 * 3].code == "\(peru.establishments[0].code)-4")
        #expect(scaled.establishments[69 * 3].name.hasSuffix("(réplica 4)"))
        let totals = scaled.totals
        #expect(totals.population == 1_037_170 && totals.capacity == 417_640)
        #expect(totals.unsentenced == 379_240 && totals.men == 982_280 && totals.women == 54_890)
        #expect(scaled.crimes.map(\.unsentenced).reduce(0, +) == 10 * peru.crimes.map(\.unsentenced).reduce(0, +))
        #expect(scaled.crimes.map(\.sentenced).reduce(0, +) == 10 * peru.crimes.map(\.sentenced).reduce(0, +))
        #expect(scaled.sentenceBands.map(\.count).reduce(0, +) == 10 * peru.sentenceBands.map(\.count).reduce(0, +))
        #expect(scaled.lifeSentences == 10 * peru.lifeSentences && scaled.foreignWomen == 10 * peru.foreignWomen)
        #expect(peru.scaled(by: 1).establishments.count == 69)
    }

    /// Generated at twice Peru's size: twice the persons, each establishment's copy with the original's counts, every
    /// DNI unique.
    @Test func aPopulationTwicePerusSize() throws {
        let asOf = CivilDate(year: 2026, month: 11, day: 29)!
        let dataset = try PeruDataset.bundled().scaled(by: 2)
        let population = DemoGenerator.generate(
            dataset, asOf: asOf, limits: RuleSet.shipped.table(on: asOf).pretrial, seed: DemoGenerator.defaultSeed)
        #expect(population.persons.count == 2 * 103_717)
        #expect(population.establishments.count == 138)
        // Every document unique (about 2 % have none, as in Peru).
        let documents = population.persons.map(\.document).filter { $0 != .none }
        #expect(Set(documents).count == documents.count && documents.count > population.persons.count * 95 / 100)
        var held: [Establishment.ID: Int] = [:]
        for episode in population.episodes where episode.isOpen { held[episode.establishmentID, default: 0] += 1 }
        for (index, figures) in dataset.establishments.enumerated() {
            #expect(held[population.establishments[index].id] == figures.population, "\(figures.code)")
        }
    }
}
