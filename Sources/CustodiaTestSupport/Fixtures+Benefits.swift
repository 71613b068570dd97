import CustodiaCore
import Foundation
import SQLKit
import Store

extension Fixtures {
    /// A man sentenced to 3 years from 2025-01-10 for hurto simple (CP 185), admitted that day to pavilion C: the
    /// clock makes him eligible for semilibertad from 2026-01-10 (1/3), before the fixtures' as-of day, and for
    /// liberación condicional from 2026-07-10 (1/2), beyond BP-2's 30 days.
    public static func sentencedAdmission(dni: String = "42345678", given: String = "Juan Carlos") -> AdmissionRequest {
        let day = CivilDate(year: 2025, month: 1, day: 10)!
        var request = admission(
            subject: .new(newPerson(dni: dni, given: given)), pavilion: "C",
            order: NewOrder(
                kind: .sentence(SentenceTerm(years: 3, months: 0, days: 0, startsOn: day)),
                issuingCourt: "Juzgado Penal Unipersonal de Lima", issuedOn: day, reference: "Sentencia N.º 4"),
            admittedOn: day)
        request.arrestedOn = day
        request.legalCase.chargeArticles = ["185"]
        request.legalCase.court = "Juzgado Penal Unipersonal de Lima"
        return request
    }
}

extension Fixtures {
    /// How many rows a table holds: what a refused change must leave as it was.
    public static func rows(_ table: String, in database: Database) async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
        }
    }
}

extension Fixtures {
    /// Every document of a benefit file recorded on `day`, then (when `send`) the file sent to the court.
    public static func readyBenefitSteps(on day: CivilDate = asOf, send: Bool = true) -> [BenefitStep] {
        BenefitFile.Document.allCases.map { BenefitStep.document($0, issuedOn: day, issuer: "Unidad", reference: nil) }
            + (send ? [.send(on: day, court: "Juzgado Penal Unipersonal de Lima")] : [])
    }

    public struct StepRefused: Error, CustomStringConvertible {
        public let step: BenefitStep
        public var description: String { "the fixture step was refused: \(step)" }
    }

    /// The file with those steps taken by the legal area: ready for the court's word.
    public static func assemble(
        _ file: BenefitFile, in registry: SQLRegistry, on day: CivilDate = asOf, send: Bool = true
    ) async throws -> BenefitFile {
        var current = file
        for step in readyBenefitSteps(on: day, send: send) {
            guard
                case .done(let next) = try await registry.stepBenefitFile(
                    current.id, step: step, expectedVersion: nil, within: nil, asOf: day, actor: "legal")
            else { throw StepRefused(step: step) }
            current = next
        }
        return current
    }
}
