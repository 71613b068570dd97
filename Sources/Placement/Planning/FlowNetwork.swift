/// A directed network with integer capacities and costs, and the two algorithms the transfer planner needs
/// (planning.md 1.5; issue 14 point 1): a maximum flow by Dinic's algorithm, and a minimum-cost flow by successive
/// shortest paths with potentials (Dijkstra on reduced costs). Written here: no solver package exists for Swift on
/// these machines. Deterministic: edges are tried in the order they were added.
public struct FlowNetwork: Sendable {
    struct Edge: Sendable {
        var to: Int
        /// Residual capacity; an edge's reverse is the edge at its index XOR 1.
        var capacity: Int
        var cost: Int
    }

    private(set) var edges: [Edge] = []
    private var adjacency: [[Int]]

    public init(nodes: Int) {
        adjacency = Array(repeating: [], count: nodes)
    }

    public var nodeCount: Int { adjacency.count }

    /// Adds an edge and its reverse; returns the edge's index (for `flow(on:)`).
    @discardableResult
    public mutating func addEdge(from: Int, to: Int, capacity: Int, cost: Int = 0) -> Int {
        precondition(capacity >= 0, "a capacity is never negative")
        let index = edges.count
        edges.append(Edge(to: to, capacity: capacity, cost: cost))
        adjacency[from].append(index)
        edges.append(Edge(to: from, capacity: 0, cost: -cost))
        adjacency[to].append(index + 1)
        return index
    }

    /// Adds `amount` (negative: removes) to the flow on the edge pair `pair` (edges 2·pair and 2·pair + 1).
    mutating func push(pair: Int, _ amount: Int) {
        edges[2 * pair].capacity -= amount
        edges[2 * pair + 1].capacity += amount
    }

    /// What an edge can still carry.
    func residual(_ edge: Int) -> Int { edges[edge].capacity }

    /// The flow an edge carries now: what its reverse could send back.
    public func flow(on edge: Int) -> Int { edges[edge ^ 1].capacity }

    /// Sends as much as the network carries from `source` to `sink` (Dinic: levels by breadth-first search, then
    /// blocking flows by depth-first search); returns the amount.
    public mutating func maxFlow(from source: Int, to sink: Int) -> Int {
        var total = 0
        while let level = levels(from: source, to: sink) {
            var next = Array(repeating: 0, count: adjacency.count)
            while true {
                let pushed = push(source, sink, Int.max, level, &next)
                if pushed == 0 { break }
                total += pushed
            }
        }
        return total
    }

    private func levels(from source: Int, to sink: Int, where usable: (Int, Edge) -> Bool = { _, _ in true }) -> [Int]? {
        var level = Array(repeating: -1, count: adjacency.count)
        level[source] = 0
        var queue = [source]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for index in adjacency[node]
            where edges[index].capacity > 0 && level[edges[index].to] < 0 && usable(node, edges[index]) {
                level[edges[index].to] = level[node] + 1
                queue.append(edges[index].to)
            }
        }
        return level[sink] < 0 ? nil : level
    }

    private mutating func push(
        _ node: Int, _ sink: Int, _ limit: Int, _ level: [Int], _ next: inout [Int],
        where usable: (Int, Edge) -> Bool = { _, _ in true }
    ) -> Int {
        if node == sink { return limit }
        while next[node] < adjacency[node].count {
            let index = adjacency[node][next[node]]
            let edge = edges[index]
            if edge.capacity > 0, level[edge.to] == level[node] + 1, usable(node, edge) {
                let pushed = push(edge.to, sink, min(limit, edge.capacity), level, &next, where: usable)
                if pushed > 0 {
                    edges[index].capacity -= pushed
                    edges[index ^ 1].capacity += pushed
                    return pushed
                }
            }
            next[node] += 1
        }
        return 0
    }

    /// Sends up to `amount` from `source` to `sink` at the least total cost (primal-dual: shortest distances by
    /// Dijkstra on reduced costs, which stay at least 0 with the potentials of the last round; then a blocking flow by
    /// Dinic's algorithm over the edges whose reduced cost is 0, so every shortest path of a round is used at once;
    /// every cost added must be at least 0). Returns the flow sent and its cost.
    public mutating func minCostFlow(from source: Int, to sink: Int, amount: Int = .max) -> (flow: Int, cost: Int) {
        let count = adjacency.count
        var potential = Array(repeating: 0, count: count)
        var flow = 0
        var cost = 0
        while flow < amount {
            var distance = Array(repeating: Int.max, count: count)
            distance[source] = 0
            var heap = MinHeap()
            heap.push((0, source))
            while let (d, node) = heap.pop() {
                if d > distance[node] { continue }
                for index in adjacency[node] where edges[index].capacity > 0 {
                    let edge = edges[index]
                    let candidate = d + edge.cost + potential[node] - potential[edge.to]
                    if candidate < distance[edge.to] {
                        distance[edge.to] = candidate
                        heap.push((candidate, edge.to))
                    }
                }
            }
            guard distance[sink] != Int.max else { break }
            for node in 0..<count where distance[node] != Int.max { potential[node] += distance[node] }
            // The admissible edges: residual, reduced cost 0, between nodes Dijkstra reached.
            let reached = distance
            let prices = potential
            let admissible = { (node: Int, edge: Edge) -> Bool in
                edge.capacity > 0 && reached[edge.to] != Int.max && edge.cost + prices[node] - prices[edge.to] == 0
            }
            while flow < amount, let level = levels(from: source, to: sink, where: admissible) {
                var next = Array(repeating: 0, count: count)
                while flow < amount {
                    let pushed = push(source, sink, amount - flow, level, &next, where: admissible)
                    if pushed == 0 { break }
                    flow += pushed
                    cost += pushed * (potential[sink] - potential[source])
                }
            }
        }
        return (flow, cost)
    }
}

/// A binary heap of (distance, node), smallest distance first; ties by node, so the order is always the same.
struct MinHeap {
    private var items: [(Int, Int)] = []

    mutating func push(_ item: (Int, Int)) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Int, Int)? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count, items[left] < items[smallest] { smallest = left }
                if right < items.count, items[right] < items[smallest] { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }
}
