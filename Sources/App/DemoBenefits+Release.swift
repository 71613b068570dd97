import CustodiaCore
import Foundation
import NationalDataset
import Store

extension DemoBenefits {
    /// Point 6's last states: the first grants' release orders accepted (cleared by the legal area when the person is
    /// held under another case too) and executed the same day, which moves each file to released; the first of them
    /// then revoked (the rules of conduct broken). A prison admits about as many as it releases on a day: each release
    /// is balanced by the admission of a person sentenced that day to the same establishment and pavilion, so the
    /// register's figures stay INPE's.
    static func executeReleases(
        _ grants: ArraySlice<(InboundOrder, BenefitFile, Person)>, _ population: SyntheticPopulation,
        into registry: SQLRegistry, asOf: CivilDate, counts: inout Counts
    ) async throws {
        let pavilions = Dictionary(population.pavilions.map { ($0.id, $0.code) }, uniquingKeysWith: { a, _ in a })
        for (index, (order, file, person)) in grants.enumerated() {
            guard let placement = try await registry.personFile(person.id)?.currentPlacement,
                let pavilion = pavilions[placement.pavilionID]
            else { continue }
            var steps: [OrderStep] = [OrderStep(id: order.id, action: .accept)]
            if order.legalCheck?.isPending == true { steps.append(OrderStep(id: order.id, action: .clear)) }
            steps.append(OrderStep(id: order.id, action: .execute, at: TimeOfDay(hour: 16, minute: 30)))
            var executed = true
            for step in steps {
                guard
                    case .done = try await registry.stepOrder(
                        step, expectedVersion: nil, within: nil, asOf: asOf, actor: "registro (demo)")
                else {
                    counts.refused += 1
                    executed = false
                    break
                }
            }
            guard executed, try await registry.benefitFile(file.id)?.state == .released else { continue }
            counts.released += 1
            if index == 0 {
                let revocation = BenefitStep.revoke(on: asOf, grounds: "Incumplió las reglas de conducta (sintético)")
                if case .done = try await registry.stepBenefitFile(
                    file.id, step: revocation, expectedVersion: nil, within: nil, asOf: asOf, actor: "área legal (demo)")
                {
                    counts.revoked += 1
                } else {
                    counts.refused += 1
                }
            }
            try await admitInPlaceOf(person, index: index, file: file, pavilion: pavilion, into: registry, asOf: asOf)
        }
    }

    /// A person sentenced today, admitted to the establishment and pavilion the released person left: same sex, same
    /// legal status. The document comes from the synthetic population's formula for an id far beyond it (unique).
    static func admitInPlaceOf(
        _ released: Person, index: Int, file: BenefitFile, pavilion: String, into registry: SQLRegistry, asOf: CivilDate
    ) async throws {
        let id = 50_000_000 + index
        let newcomer = NewPerson(
            document: .dni(String(10_000_000 + (id * 48_271 + 1_234_567) % 90_000_000)),
            name: PersonName(givenNames: "Ingreso", paternalSurname: "Del Día", maternalSurname: "Sintético \(index + 1)"),
            sex: released.sex, birthDate: CivilDate(year: 1995, month: 6, day: 1 + index), nationality: Person.peru)
        let court = file.court ?? "Juzgado Penal Unipersonal (sintético)"
        let request = AdmissionRequest(
            subject: .new(newcomer), establishmentCode: file.establishmentCode, pavilionCode: pavilion, admittedOn: asOf,
            admittedAt: TimeOfDay(hour: 17, minute: index)!, sendingAuthority: court, arrestedOn: asOf,
            legalCase: NewLegalCase(
                number: CaseNumber(String(format: "%05d-\(asOf.year)-1-1801-JR-PE-09", 900 + index))!, court: court,
                judicialDistrict: "Corte Superior de Justicia de Lima", caseType: .ordinary, chargeArticles: ["185"]),
            order: NewOrder(
                kind: .sentence(SentenceTerm(years: 4, months: 0, days: 0, startsOn: asOf)), issuingCourt: court,
                issuedOn: asOf, reference: "Sentencia N.º \(700 + index) (sintética)"))
        guard case .done = try await registry.admit(request, asOf: asOf, actor: "registro (demo)") else {
            throw DemoFailure(description: "the admission balancing release \(index + 1) was refused")
        }
    }
}

/// A step of the demo the register refused where it must not.
struct DemoFailure: Error, CustomStringConvertible {
    var description: String
}
