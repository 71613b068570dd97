import Placement

/// A forecast's fan drawn on the server as SVG (issue 15 point 5): the published counts as a line, the central path
/// dashed, its 80 % interval as a band; no script, printable.
enum FanChart {
    static func svg(history: [Forecast.Point], path: [Forecast.NetFlow.Month], title: String) -> String {
        let (width, height, left, bottom, top, right) = (760.0, 300.0, 70.0, 30.0, 12.0, 16.0)
        let startTime = history.first?.time ?? 0
        let endTime = Double(path.count) + (history.last?.time ?? 0)
        let values = history.map(\.value) + path.map { Double($0.high) } + path.map { Double($0.low) }
        let low = (values.min() ?? 0) * 0.95
        let high = (values.max() ?? 1) * 1.02
        func x(_ time: Double) -> Double { left + (width - left - right) * (time - startTime) / max(1, endTime - startTime) }
        func y(_ value: Double) -> Double { top + (height - top - bottom) * (1 - (value - low) / max(1, high - low)) }
        func point(_ time: Double, _ value: Double) -> String { "\(Int(x(time).rounded())),\(Int(y(value).rounded()))" }
        let origin = history.last?.time ?? 0
        let times = path.indices.map { origin.rounded(.down) + Double($0 + 1) }
        let band =
            zip(times, path).map { point($0, Double($1.high)) } + zip(times, path).reversed().map { point($0, Double($1.low)) }
        var out = """
            <svg class="chart fan" role="img" aria-label="\(OccupancyChart.escape(title))" viewBox="0 0 \(Int(width)) \(Int(height))" \
            width="100%" xmlns="http://www.w3.org/2000/svg"><title>\(OccupancyChart.escape(title))</title>
            """
        // The axis: a line every 20,000 persons and every year.
        var tick = (low / 20_000).rounded(.up) * 20_000
        while tick < high {
            out += """
                <line class="grid" x1="\(Int(left))" x2="\(Int(width - right))" y1="\(Int(y(tick)))" y2="\(Int(y(tick)))"/>\
                <text x="\(Int(left) - 6)" y="\(Int(y(tick)) + 4)" text-anchor="end">\(Int(tick))</text>
                """
            tick += 20_000
        }
        let firstYear = Int(startTime / 12) + 1
        let lastYear = Int(endTime / 12)
        for year in stride(from: firstYear, through: lastYear, by: 2) {
            out += "<text x=\"\(Int(x(Double(year * 12))))\" y=\"\(Int(height) - 8)\" text-anchor=\"middle\">\(year)</text>"
        }
        if !band.isEmpty { out += "<polygon class=\"band\" points=\"\(band.joined(separator: " "))\"/>" }
        out += "<polyline class=\"history\" points=\"\(history.map { point($0.time, $0.value) }.joined(separator: " "))\"/>"
        let central = [point(origin, history.last?.value ?? 0)] + zip(times, path).map { point($0, Double($1.central)) }
        out += "<polyline class=\"central\" points=\"\(central.joined(separator: " "))\"/></svg>"
        return out
    }
}
