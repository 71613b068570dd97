import CustodiaCore

/// Occupancy bars drawn on the server as SVG: no script, readable on old browsers, printable.
enum OccupancyChart {
    struct Bar {
        var label: String
        var href: String
        var percent: Double
        var population: Int
        var capacity: Int
    }

    /// INPE's classes: up to capacity; over it; hacinamiento (overpopulation above 20%, i.e. occupancy above 120%).
    static func cssClass(_ percent: Double) -> String {
        percent > 120 ? "crowded" : (percent > 100 ? "over" : "ok")
    }

    /// One horizontal bar per establishment, in the order given, with the 100% and 120% lines.
    static func svg(_ bars: [Bar], title: String, scaleMax: Double) -> String {
        let rowHeight = 20
        let labelWidth = 260
        let barWidth = 440
        let width = labelWidth + barWidth + 70
        let height = bars.count * rowHeight + 24
        let maximum = max(scaleMax, 130)
        func x(_ percent: Double) -> Int { labelWidth + Int(Double(barWidth) * min(percent, maximum) / maximum) }
        var out = """
            <svg class="chart" role="img" aria-label="\(escape(title))" viewBox="0 0 \(width) \(height)" width="100%" \
            xmlns="http://www.w3.org/2000/svg"><title>\(escape(title))</title>
            """
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 4
            let end = x(bar.percent)
            out += """
                <a href="\(escape(bar.href))"><text x="\(labelWidth - 6)" y="\(y + 14)" text-anchor="end">\(escape(bar.label))</text>\
                <rect class="\(cssClass(bar.percent))" x="\(labelWidth)" y="\(y + 2)" width="\(max(1, end - labelWidth))" height="\(rowHeight - 6)">\
                <title>\(escape(bar.label)): \(format(bar.percent)) % (\(bar.population) / \(bar.capacity))</title></rect>\
                <text x="\(end + 4)" y="\(y + 14)">\(format(bar.percent)) %</text></a>
                """
        }
        for line in [100.0, 120.0] {
            let position = x(line)
            out += """
                <line class="threshold" x1="\(position)" y1="0" x2="\(position)" y2="\(height - 18)"/>\
                <text class="axis" x="\(line == 100 ? position - 3 : position + 3)" y="\(height - 4)" \
                text-anchor="\(line == 100 ? "end" : "start")">\(Int(line)) %</text>
                """
        }
        return out + "</svg>"
    }

    /// One decimal, as es-PE and English write it (decimal point).
    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// Thousands grouped with commas (es-PE and English alike).
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// R1's trend drawn on the server as SVG: one column per month, its count above it, the month below.
enum TrendChart {
    struct Column {
        var label: String
        var value: Int
    }

    static func svg(_ columns: [Column], title: String) -> String {
        let columnWidth = 56
        let plotHeight = 160
        let width = max(1, columns.count) * columnWidth + 20
        let height = plotHeight + 44
        let maximum = max(1, columns.map(\.value).max() ?? 1)
        var out = """
            <svg class="chart trend" role="img" aria-label="\(OccupancyChart.escape(title))" viewBox="0 0 \(width) \(height)" \
            width="100%" xmlns="http://www.w3.org/2000/svg"><title>\(OccupancyChart.escape(title))</title>
            """
        for (index, column) in columns.enumerated() {
            let barHeight = max(1, plotHeight * column.value / maximum)
            let x = 10 + index * columnWidth
            let top = 18 + plotHeight - barHeight
            let label = OccupancyChart.escape(column.label)
            let value = OccupancyChart.grouped(column.value)
            out += """
                <g><rect class="ok" x="\(x + 6)" y="\(top)" width="\(columnWidth - 12)" height="\(barHeight)">\
                <title>\(label): \(value)</title></rect>\
                <text x="\(x + columnWidth / 2)" y="\(top - 4)" text-anchor="middle">\(value)</text>\
                <text class="axis" x="\(x + columnWidth / 2)" y="\(height - 8)" text-anchor="middle">\(label)</text></g>
                """
        }
        return out + "</svg>"
    }
}
