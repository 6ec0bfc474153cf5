import Foundation

/// Inline SVG charts for the HTML report: no scripts, no external fonts or files, fixed number
/// formatting so the same report gives the same bytes.
enum SVGChart {
  /// One horizontal bar.
  struct Bar {
    var label: String
    var value: Double
    var valueLabel: String
    /// A CSS class: `bar-optimum`, `bar-single`, ...
    var style: String
  }

  struct LegendEntry {
    var style: String
    var label: String
    /// A line swatch (for line charts) rather than a box.
    var line = false
  }

  /// Horizontal bars with a money axis below, a legend above and each bar's value at its end.
  static func bars(
    _ bars: [Bar], legend: [LegendEntry], axisTitle: String, currency: String, title: String
  ) -> String {
    let width = 760.0
    let labelWidth = 250.0
    let valueWidth = 96.0
    let rowHeight = 26.0
    let plotWidth = width - labelWidth - valueWidth - 10
    let key = Self.legend(legend, x: 10, y: 14, maxX: width - 10)
    let top = 34.0 + Double(key.rows - 1) * 18
    let height = top + Double(bars.count) * rowHeight + 46
    let maximum = bars.map(\.value).max() ?? 1
    let ticks = niceTicks(upTo: maximum)
    let scale = plotWidth / (ticks.last ?? 1)
    var svg = open(width: width, height: height, title: title)
    svg += key.svg
    // Grid and axis.
    let axisY = top + Double(bars.count) * rowHeight + 4
    for tick in ticks {
      let x = labelWidth + tick * scale
      svg += line(x, top - 4, x, axisY, style: tick == 0 ? "axis" : "grid")
      svg += text(x, axisY + 16, shortMoney(tick, currency), style: "tick", anchor: "middle")
    }
    svg += line(labelWidth, axisY, labelWidth + (ticks.last ?? 1) * scale, axisY, style: "axis")
    svg += text(labelWidth + plotWidth / 2, axisY + 36, axisTitle, style: "axis-title", anchor: "middle")
    for (index, bar) in bars.enumerated() {
      let y = top + Double(index) * rowHeight
      let barWidth = max(1, bar.value * scale)
      svg += text(labelWidth - 8, y + rowHeight / 2 + 4, bar.label, style: "bar-label", anchor: "end")
      svg +=
        "<rect class=\"\(bar.style)\" x=\"\(f(labelWidth))\" y=\"\(f(y + 4))\" width=\"\(f(barWidth))\" height=\"\(f(rowHeight - 8))\" rx=\"2\"/>\n"
      svg += text(labelWidth + barWidth + 6, y + rowHeight / 2 + 4, bar.valueLabel, style: "bar-value", anchor: "start")
    }
    return svg + "</svg>\n"
  }

  /// One line of a line chart; a nil y breaks the line.
  struct Series {
    var label: String
    var style: String
    var points: [(x: Double, y: Double?)]
  }

  /// A vertical marker at an x value, with a label at the top.
  struct Marker {
    var x: Double
    var label: String
    var style: String
  }

  static func lines(
    _ series: [Series], markers: [Marker], xTicks: [Double], xLabel: (Double) -> String, xTitle: String,
    yTitle: String, currency: String, title: String
  ) -> String {
    let width = 760.0
    let height = 400.0
    let left = 76.0
    let right = 24.0
    let top = 64.0
    let bottom = 58.0
    let plotWidth = width - left - right
    let plotHeight = height - top - bottom
    let xs = series.flatMap { $0.points.map(\.x) }
    let minX = xs.min() ?? 0
    let maxX = xs.max() ?? 1
    let maximum = series.flatMap { $0.points.compactMap(\.y) }.max() ?? 1
    let yTicks = niceTicks(upTo: maximum)
    let maxY = yTicks.last ?? 1
    func px(_ x: Double) -> Double { left + (x - minX) / max(maxX - minX, 1e-9) * plotWidth }
    func py(_ y: Double) -> Double { top + plotHeight - y / maxY * plotHeight }

    var svg = open(width: width, height: height, title: title)
    svg += legendRow(series.map { LegendEntry(style: $0.style, label: $0.label, line: true) }, x: left, y: 14)
    for tick in yTicks {
      svg += line(left, py(tick), left + plotWidth, py(tick), style: tick == 0 ? "axis" : "grid")
      svg += text(left - 8, py(tick) + 4, shortMoney(tick, currency), style: "tick", anchor: "end")
    }
    for tick in xTicks {
      svg += line(px(tick), top + plotHeight, px(tick), top + plotHeight + 5, style: "axis")
      svg += text(px(tick), top + plotHeight + 19, xLabel(tick), style: "tick", anchor: "middle")
    }
    svg += line(left, top, left, top + plotHeight, style: "axis")
    svg += text(left + plotWidth / 2, height - 12, xTitle, style: "axis-title", anchor: "middle")
    svg +=
      "<text class=\"axis-title\" x=\"16\" y=\"\(f(top + plotHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(f(top + plotHeight / 2)))\">\(HTML.escape(yTitle))</text>\n"
    // Markers, labels staggered when close.
    var lastLabelX = -1000.0
    var row = 0
    for marker in markers.sorted(by: { $0.x < $1.x }) {
      let x = px(marker.x)
      row = x - lastLabelX < 170 ? row + 1 : 0
      lastLabelX = x
      let labelY = top - 8 - Double(row) * 15
      svg += line(x, labelY + 4, x, top + plotHeight, style: marker.style)
      let anchor = x > left + plotWidth - 120 ? "end" : (x < left + 120 ? "start" : "middle")
      svg += text(x, labelY, marker.label, style: marker.style + "-label", anchor: anchor)
    }
    for entry in series {
      var path = ""
      var pen = false
      for point in entry.points {
        guard let y = point.y else {
          pen = false
          continue
        }
        path += (pen ? " L" : (path.isEmpty ? "M" : " M")) + "\(f(px(point.x))) \(f(py(y)))"
        pen = true
      }
      if !path.isEmpty { svg += "<path class=\"\(entry.style)\" d=\"\(path)\"/>\n" }
      for point in entry.points {
        guard let y = point.y else { continue }
        svg += "<circle class=\"\(entry.style)-dot\" cx=\"\(f(px(point.x)))\" cy=\"\(f(py(y)))\" r=\"2.5\"/>\n"
      }
    }
    return svg + "</svg>\n"
  }

  // MARK: Pieces

  static func open(width: Double, height: Double, title: String) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\n<title>\(HTML.escape(title))</title>\n"
  }

  static func legendRow(_ entries: [LegendEntry], x: Double, y: Double, maxX: Double = 750) -> String {
    legend(entries, x: x, y: y, maxX: maxX).svg
  }

  /// Legend entries left to right from `x`, wrapping to a new row before `maxX`.
  static func legend(_ entries: [LegendEntry], x: Double, y: Double, maxX: Double) -> (svg: String, rows: Int) {
    var svg = ""
    var cursor = x
    var rowY = y
    var rows = 1
    for entry in entries {
      let swatch = entry.line ? 28.0 : 17.0
      let width = swatch + Double(entry.label.count) * 7 + 22
      if cursor > x && cursor + width - 22 > maxX {
        cursor = x
        rowY += 18
        rows += 1
      }
      if entry.line {
        svg +=
          "<line class=\"\(entry.style)\" x1=\"\(f(cursor))\" y1=\"\(f(rowY))\" x2=\"\(f(cursor + 22))\" y2=\"\(f(rowY))\"/>\n"
      } else {
        svg +=
          "<rect class=\"\(entry.style)\" x=\"\(f(cursor))\" y=\"\(f(rowY - 6))\" width=\"12\" height=\"12\" rx=\"2\"/>\n"
      }
      svg += text(cursor + swatch, rowY + 4, entry.label, style: "legend", anchor: "start")
      cursor += width
    }
    return (svg, rows)
  }

  static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, style: String) -> String {
    "<line class=\"\(style)\" x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\"/>\n"
  }

  static func text(_ x: Double, _ y: Double, _ content: String, style: String, anchor: String) -> String {
    "<text class=\"\(style)\" x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\">\(HTML.escape(content))</text>\n"
  }

  /// One decimal, no negative zero: stable coordinates.
  static func f(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10
    let text = String(format: "%.1f", rounded == 0 ? 0 : rounded)
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }

  /// 0 and four to eight round steps up to at least `maximum`.
  static func niceTicks(upTo maximum: Double) -> [Double] {
    guard maximum > 0 else { return [0, 1] }
    let rough = maximum / 5
    let magnitude = pow(10, floor(log10(rough)))
    let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
    var ticks: [Double] = [0]
    while ticks.last! < maximum { ticks.append(ticks.last! + step) }
    return ticks
  }

  /// `$0`, `$500`, `$12.5k`, `$1.2M`.
  static func shortMoney(_ value: Double, _ currency: String) -> String {
    let symbol = Money.symbols[currency] ?? "\(currency) "
    func trimmed(_ number: Double) -> String {
      let text = String(format: "%.1f", number)
      return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
    if value >= 1_000_000 { return symbol + trimmed(value / 1_000_000) + "M" }
    if value >= 1000 { return symbol + trimmed(value / 1000) + "k" }
    return symbol + trimmed(value)
  }
}

enum HTML {
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(character)
      }
    }
    return out
  }
}
