/// O3 with distances (planning.md 1.4–1.5; issue 14 point 1): at θ* the plan moves the fewest kilometres, then the
/// fewest persons, in one minimum-cost flow whose cost per move is km·(P+1) + 1 (P the population, so a kilometre
/// always outweighs every move count). With a cap on moves (PL-H8) that the shortest plan exceeds, the cap is priced:
/// a Lagrangian λ per move, doubled from 1 and then bisected over the integers to the least λ whose plan keeps within the
/// cap; each λ tried gives a lower bound on the kilometres (Σ(km + λ) − λ·T), the best of which is reported beside the
/// plan.
extension TransferPlanner {
    struct Routed {
        var built: Built
        var moves: Int
        var kilometres: Int
        var kilometresFloor: Int
    }

    /// The fewest moves (cost 1 each) and, with distances, the kilometres they travel; the kilometres' floor is 0 (none
    /// computed).
    static func fewestMoves(_ instance: TransferInstance, capacities: [Int]) -> Routed {
        var built = network(instance, capacities: capacities)
        let (_, moves) = built.minCostFlow()
        let kilometres = built.arcs.indices.map { cohort in
            built.arcs[cohort].map { arc in
                built.network.flow(on: arc.edge)
                    * instance.kilometres(from: instance.cohorts[cohort].origin, to: instance.units[arc.unit].establishment)
            }.reduce(0, +)
        }.reduce(0, +)
        return Routed(built: built, moves: moves, kilometres: kilometres, kilometresFloor: 0)
    }

    static func route(_ instance: TransferInstance, capacities: [Int]) -> Routed {
        guard let distances = instance.distances else { return fewestMoves(instance, capacities: capacities) }
        let population = instance.population
        let scale = population + 1
        func solve(_ lambda: Int) -> (routed: Routed, lagrangian: Int) {
            var built = network(instance, capacities: capacities) { cohort, unit in
                (distances[instance.cohorts[cohort].origin][instance.units[unit].establishment] + lambda) * scale + 1
            }
            let (_, cost) = built.minCostFlow()
            let moves = cost % scale
            let weighted = cost / scale
            let kilometres = weighted - lambda * moves
            let lagrangian = weighted - lambda * (instance.movesCap ?? 0)
            return (Routed(built: built, moves: moves, kilometres: kilometres, kilometresFloor: kilometres), lagrangian)
        }
        let shortest = solve(0)
        guard let cap = instance.movesCap, shortest.routed.moves > cap else { return shortest.routed }
        // At λ above the kilometres of the fewest-moves plan (≤ farthest·cap), no saving in kilometres pays for a move:
        // the plan is the fewest moves (within the cap, as θ is feasible), then the fewest kilometres among them.
        let farthest = distances.joined().max() ?? 0
        var low = 0
        var high = farthest * (cap + 1) + 1
        guard !high.multipliedReportingOverflow(by: scale).overflow,
            !(high * scale).multipliedReportingOverflow(by: population).overflow
        else {
            // Too large to price exactly: the fewest moves with unit costs, and the kilometres' floor unknown (0).
            return fewestMoves(instance, capacities: capacities)
        }
        // λ doubles from 1 until the plan keeps within the cap (at most `high`), then is bisected: the breaking λ is
        // near the kilometres one move saves, far below `high`.
        var floor = shortest.lagrangian
        var best = shortest
        var step = 1
        while true {
            let tried = solve(min(step, high))
            floor = max(floor, tried.lagrangian)
            if tried.routed.moves <= cap || step >= high {
                high = min(step, high)
                best = tried
                break
            }
            low = step
            step *= 2
        }
        while high - low > 1 {
            let middle = low + (high - low) / 2
            let tried = solve(middle)
            floor = max(floor, tried.lagrangian)
            if tried.routed.moves <= cap {
                high = middle
                best = tried
            } else {
                low = middle
            }
        }
        var routed = best.routed
        if routed.moves < cap {
            // Between the last λ over the cap and the first within it: move towards the plan over the cap by the
            // cycles of their difference that save kilometres, while the moves stay within the cap.
            routed = closer(instance, within: routed, over: low == 0 ? shortest.routed : solve(low).routed, cap: cap)
        }
        routed.kilometresFloor = min(routed.kilometres, max(0, floor))
        return routed
    }

    /// Decomposes the difference of two flows of the same network into cycles and applies to `within` each cycle that
    /// saves kilometres and adds moves, as many times as the cap allows. Never worse than `within`; exact when the
    /// cap is met by a whole number of cycles at the breaking λ.
    static func closer(_ instance: TransferInstance, within: Routed, over: Routed, cap: Int) -> Routed {
        var result = within
        let pairs = within.built.network.edges.count / 2
        var difference = (0..<pairs).map { over.built.network.flow(on: 2 * $0) - within.built.network.flow(on: 2 * $0) }
        // Per edge pair: the kilometres and the move it carries per person (cohort → another establishment's unit).
        var kilometres = Array(repeating: 0, count: pairs)
        var isMove = Array(repeating: 0, count: pairs)
        for (cohort, arcs) in within.built.arcs.enumerated() {
            for arc in arcs {
                let origin = instance.cohorts[cohort].origin
                let destination = instance.units[arc.unit].establishment
                kilometres[arc.edge / 2] = instance.kilometres(from: origin, to: destination)
                isMove[arc.edge / 2] = origin == destination ? 0 : 1
            }
        }
        var network = within.built.network
        var moves = within.moves
        var travelled = within.kilometres
        // Out of each node, the pairs whose difference leaves it (forward when positive, backward when negative).
        func tail(_ pair: Int) -> Int { difference[pair] > 0 ? network.edges[2 * pair + 1].to : network.edges[2 * pair].to }
        func head(_ pair: Int) -> Int { difference[pair] > 0 ? network.edges[2 * pair].to : network.edges[2 * pair + 1].to }
        var outgoing = Array(repeating: [Int](), count: network.nodeCount)
        for pair in 0..<pairs where difference[pair] != 0 { outgoing[tail(pair)].append(pair) }
        func nextPair(from node: Int) -> Int? {
            while let last = outgoing[node].last {
                if difference[last] != 0, tail(last) == node { return last }
                outgoing[node].removeLast()
            }
            return nil
        }
        for start in 0..<network.nodeCount {
            while nextPair(from: start) != nil {
                // Walk until a node repeats: the pairs since its first visit are a cycle.
                var path: [Int] = []
                var seen: [Int: Int] = [start: 0]
                var node = start
                var cycle: [Int] = []
                while true {
                    guard let pair = nextPair(from: node) else { return within }
                    path.append(pair)
                    node = head(pair)
                    if let at = seen[node] {
                        cycle = Array(path[at...])
                        break
                    }
                    seen[node] = path.count
                }
                let amount = cycle.map { abs(difference[$0]) }.min()!
                let movesPer = cycle.map { difference[$0] > 0 ? isMove[$0] : -isMove[$0] }.reduce(0, +)
                let kilometresPer = cycle.map { difference[$0] > 0 ? kilometres[$0] : -kilometres[$0] }.reduce(0, +)
                let applied = movesPer > 0 && kilometresPer < 0 ? min(amount, (cap - moves) / movesPer) : 0
                for pair in cycle {
                    let forward = difference[pair] > 0
                    if applied > 0 { network.push(pair: pair, forward ? applied : -applied) }
                    difference[pair] += forward ? -amount : amount
                }
                moves += applied * movesPer
                travelled += applied * kilometresPer
            }
        }
        result.built.network = network
        result.moves = moves
        result.kilometres = travelled
        return result
    }
}
