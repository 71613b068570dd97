import CustodiaCore
import Foundation

/// A transfer plan as it is stored and answered (issue 14 point 3; planning.md 1.7): its inputs, its result, the bounds
/// and the runtime; an impossible plan is a document too, with the constraint and by how much.
public struct TransferPlanDocument: Codable, Sendable, Equatable {
    public struct Inputs: Codable, Sendable, Equatable {
        public var movesPerMonth: Int?
        public var establishments: [String]
        /// `max-ratio` (nil in plans stored before the excess objective) or `excess`.
        public var objective: String? = nil
        /// α of the excess objective, in per cent (100 or 120).
        public var alphaPercent: Int? = nil
    }

    /// The excess objective's figures: persons above α·places per unit today, after the plan, and the least any
    /// transfers can leave (LB1, exact without a cap).
    public struct ExcessOverAlpha: Codable, Sendable, Equatable {
        public var alphaPercent: Int
        public var before: Int
        public var after: Int
        public var floor: Int
    }

    public struct Row: Codable, Sendable, Equatable {
        public var code: String
        public var capacity: Int
        public var populationBefore: Int
        public var populationAfter: Int
        public var occupancyBefore: Double
        public var occupancyAfter: Double
    }

    public struct Route: Codable, Sendable, Equatable {
        public var from: String
        public var to: String
        public var sex: String
        public var persons: Int
    }

    public struct Infeasibility: Codable, Sendable, Equatable {
        public var constraint: String
        public var shortfall: Int
        public var detail: String
    }

    public var inputs: Inputs
    /// `optimal` (θ* and the fewest moves at it are exact) or `infeasible`.
    public var status: String
    public var maxRatioNumerator: Int?
    public var maxRatioDenominator: Int?
    public var maxRatioPercent: Double?
    public var ratioFloorPercent: Double?
    public var moves: Int?
    public var movesFloor: Int?
    public var binding: String?
    public var excessBefore: Int
    public var excessAfter: Int?
    public var excessFloor: Int
    public var establishments: [Row]
    public var routes: [Route]
    public var infeasibility: Infeasibility?
    public var seconds: Double
    public var excessOverAlpha: ExcessOverAlpha? = nil

    /// The lines the excess objective accepts, in per cent of the places.
    public static let alphaPercents = 50...400

    /// Plans among `establishments` (their places and who is held, by sex) with at most `movesCap` moves: the least max
    /// ratio, or with `excessAlphaPercent` (100 or 120) the fewest persons above that share of their places.
    public static func make(
        _ establishments: [AggregateEstablishment], movesCap: Int?, excessAlphaPercent: Int? = nil
    ) -> TransferPlanDocument {
        let instance = TransferInstance.aggregate(establishments, movesCap: movesCap)
        let started = ContinuousClock.now
        let result =
            excessAlphaPercent.map { TransferPlanner.planExcess(instance, alpha: Ratio($0, 100)) }
            ?? TransferPlanner.plan(instance)
        let seconds = (ContinuousClock.now - started).seconds
        let inputs = Inputs(
            movesPerMonth: movesCap, establishments: establishments.map(\.code),
            objective: excessAlphaPercent == nil ? "max-ratio" : "excess", alphaPercent: excessAlphaPercent)
        let before = establishments.map {
            Row(
                code: $0.code, capacity: $0.capacity, populationBefore: $0.population, populationAfter: $0.population,
                occupancyBefore: Occupancy.percent($0.population, $0.capacity),
                occupancyAfter: Occupancy.percent($0.population, $0.capacity))
        }
        let excessBefore = establishments.map { max(0, $0.population - $0.capacity) }.reduce(0, +)
        let excessFloor = max(0, establishments.map(\.population).reduce(0, +) - establishments.map(\.capacity).reduce(0, +))
        switch result {
        case .failure(let failure):
            return TransferPlanDocument(
                inputs: inputs, status: "infeasible", excessBefore: excessBefore, excessFloor: excessFloor,
                establishments: before, routes: [],
                infeasibility: Infeasibility(constraint: failure.code, shortfall: failure.shortfall, detail: failure.detail),
                seconds: seconds)
        case .success(let plan):
            let report = TransferPlanReport(plan: plan, instance: instance, establishments: establishments)
            var document = TransferPlanDocument(
                inputs: inputs, status: "optimal", maxRatioNumerator: plan.maxRatio.numerator,
                maxRatioDenominator: plan.maxRatio.denominator, maxRatioPercent: (plan.maxRatio.value * 10_000).rounded() / 100,
                ratioFloorPercent: (plan.ratioFloor * 10_000).rounded() / 100, moves: plan.moves, movesFloor: plan.movesFloor,
                binding: plan.bindingKind, excessBefore: report.excessBefore, excessAfter: report.excessAfter,
                excessFloor: report.excessFloor,
                establishments: report.rows.map {
                    Row(
                        code: $0.code, capacity: $0.capacity, populationBefore: $0.before, populationAfter: $0.after,
                        occupancyBefore: $0.occupancyBefore, occupancyAfter: $0.occupancyAfter)
                },
                routes: report.flows.map { Route(from: $0.from, to: $0.to, sex: $0.kind, persons: $0.persons) },
                seconds: seconds)
            if let excess = plan.excess, let alphaPercent = excessAlphaPercent {
                document.excessOverAlpha = ExcessOverAlpha(
                    alphaPercent: alphaPercent, before: excess.before, after: excess.after, floor: excess.floor)
            }
            return document
        }
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> TransferPlanDocument {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(TransferPlanDocument.self, from: Data(text.utf8))
    }
}

extension Registry {
    /// The establishments of the register (those of `codes` when given, in the register's order) as the aggregate model
    /// sees them; nil when a code names no establishment.
    public func aggregateEstablishments(codes: Set<String>?) async throws -> [AggregateEstablishment]? {
        let all = try await statistics().establishments
        if let codes, !codes.isSubset(of: Set(all.map(\.establishment.code))) { return nil }
        return all.filter { codes?.contains($0.establishment.code) ?? true }.map { overview in
            AggregateEstablishment(
                code: overview.establishment.code, housedSex: overview.establishment.housedSex,
                capacity: overview.establishment.certifiedCapacity, men: overview.headcount.men,
                women: overview.headcount.women)
        }
    }
}
