import Foundation

/// `sweep.csv` and `sweep.html`.
public enum SweepFiles {
  public static func render(_ result: SweepResult) -> [(name: String, contents: String)] {
    [("sweep.csv", csv(result)), ("sweep.html", html(result))]
  }

  static func csv(_ result: SweepResult) -> String {
    var out = BatchOutput.csvLine([
      "agents_percent", "concurrency_percent", "agents", "peak_concurrent", "status", "plan", "monthly", "annual",
      "term_total", "groups",
    ])
    for row in result.cells {
      for cell in row {
        let status: String
        switch cell.plan?.status {
        case .optimal?: status = "optimal"
        case .feasible?: status = "feasible"
        case nil: status = "infeasible"
        }
        let groups = cell.mix.choices.map { choice -> String in
          var text = "\(choice.group)=\(choice.tier)-\(choice.model.rawValue)"
          let addOns = choice.addOns.map(\.rawValue) + choice.seatCoveredAddOns.map { "\($0)(topped-up)" }
          if !addOns.isEmpty { text += "+" + addOns.joined(separator: "+") }
          return text
        }
        out += BatchOutput.csvLine([
          "\(cell.agentsPercent)", "\(cell.concurrencyPercent)", "\(cell.agents)", "\(cell.peak)", status,
          cell.plan == nil ? (cell.reason ?? "no plan") : cell.mix.label(result.catalog),
          cell.plan.map { Money.plain($0.monthlyTotal) } ?? "",
          cell.plan.map { Money.plain($0.monthlyTotal * 12) } ?? "",
          cell.plan.map { Money.plain($0.termTotal) } ?? "", groups.joined(separator: "; "),
        ])
      }
    }
    return out
  }

  /// Fills for winning mixes, in order of first appearance; colour-blind-safe first.
  static let palette = [
    "#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#bbbbbb", "#332288", "#117733", "#882255",
  ]

  static func html(_ result: SweepResult) -> String {
    let catalog = result.catalog
    let labels = result.labels
    func fill(_ label: String) -> String {
      label == "no plan" ? "#eeeeee" : palette[(labels.firstIndex(of: label) ?? 0) % palette.count]
    }
    func e(_ text: String) -> String { HTML.escape(text) }
    var out = ReportHTML.page(title: "SeatMix sweep: \(result.deal.name)")
    out += "<header>\n<p class=\"kicker\">SeatMix what-if sweep</p>\n<h1>\(e(result.deal.name))</h1>\n"
    out += "<dl class=\"facts\">\n"
    out += "<dt>Catalog</dt><dd>\(e("\(catalog.name) (\(catalog.id)), effective \(catalog.effectiveDate)"))</dd>\n"
    out += "<dt>Term</dt><dd>\(e(result.term.name)); monthly cost in each cell</dd>\n"
    out +=
      "<dt>Growth</dt><dd>\(e("every group's agents at \(result.agentValues.map { "\($0)%" }.joined(separator: ", ")) of today's (rounded)"))</dd>\n"
    out +=
      "<dt>Concurrency</dt><dd>\(e("every group's peak at \(result.concurrencyValues.map { "\($0)%" }.joined(separator: ", ")) of its agents (rounded up); today: \(ReportText.percent(result.currentConcurrencyPercent)) overall"))</dd>\n"
    if let profiles = WhatIf.profileSentence(result.deal) {
      out += "<dt>Profiles</dt><dd>\(e(profiles))</dd>\n"
    }
    out += "</dl>\n</header>\n<section>\n<h2>Which plan wins where</h2>\n"
    out +=
      "<p>Each cell is the deal re-solved at that growth and concurrency: its colour is the optimal mix (tier × licensing model pairs), its figure the monthly cost. The outlined row is today's headcount.</p>\n"
    out += "<figure>\n" + heatmap(result, fill: fill) + "</figure>\n"
    out += "<h3>Mixes</h3>\n<ul class=\"legend-list\">\n"
    for label in labels {
      let count = result.cells.joined().filter { $0.mix.label(catalog) == label }.count
      out +=
        "<li><span class=\"swatch\" style=\"background:\(fill(label))\"></span>\(e(label)): \(count) cell\(count == 1 ? "" : "s")</li>\n"
    }
    out += "</ul>\n</section>\n"
    out +=
      "<footer>Made by SeatMix from deal “\(e(result.deal.name))” and catalog \(e(catalog.id)) (\(e(catalog.effectiveDate))); every cell solved with GLPK. The cells as data: sweep.csv.</footer>\n"
    out = out.replacingOccurrences(
      of: "</style>",
      with:
        ".legend-list { list-style: none; padding: 0; }\n.legend-list li { margin: 3px 0; break-inside: avoid; }\n.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 2px; margin-right: 8px; vertical-align: -2px; }\n.cell-text { font-size: 11px; font-variant-numeric: tabular-nums; }\nrect.today { fill: none; stroke: #1d2330; stroke-width: 2.5; }\n.today-marker { fill: #1d2330; }\n</style>"
    )
    return out + "</body>\n</html>\n"
  }

  static func heatmap(_ result: SweepResult, fill: (String) -> String) -> String {
    let width = 760.0
    let left = 92.0
    let right = 12.0
    let top = 30.0
    let bottom = 52.0
    let columns = result.concurrencyValues.count
    let rows = result.agentValues.count
    let cellWidth = (width - left - right) / Double(max(columns, 1))
    let cellHeight = 34.0
    let height = top + Double(rows) * cellHeight + bottom
    var svg = SVGChart.open(width: width, height: height, title: "Winning mix by growth and concurrency")
    for (column, value) in result.concurrencyValues.enumerated() {
      let x = left + (Double(column) + 0.5) * cellWidth
      svg += SVGChart.text(x, top + Double(rows) * cellHeight + 16, "\(value)%", style: "tick", anchor: "middle")
    }
    svg += SVGChart.text(
      left + (width - left - right) / 2, height - 10, "Concurrency ratio of every group", style: "axis-title",
      anchor: "middle")
    svg +=
      "<text class=\"axis-title\" x=\"14\" y=\"\(SVGChart.f(top + Double(rows) * cellHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(SVGChart.f(top + Double(rows) * cellHeight / 2)))\">Agents, % of today</text>\n"
    // Today's concurrency, between the columns it falls between.
    let current = Money.double(result.currentConcurrencyPercent)
    let values = result.concurrencyValues.map(Double.init)
    if let first = values.first, let last = values.last, current >= first, current <= last {
      var position = 0.0
      if values.count > 1, let upper = values.firstIndex(where: { $0 >= current }) {
        let lower = max(upper - 1, 0)
        let span = values[upper] - values[lower]
        position = Double(lower) + (span > 0 ? (current - values[lower]) / span : 0)
      }
      let x = left + (position + 0.5) * cellWidth
      svg +=
        "<path class=\"today-marker\" d=\"M\(SVGChart.f(x - 6)) \(SVGChart.f(top - 10)) L\(SVGChart.f(x + 6)) \(SVGChart.f(top - 10)) L\(SVGChart.f(x)) \(SVGChart.f(top - 2)) Z\"/>\n"
      svg += SVGChart.text(
        x + 10, top - 3, "today: \(ReportText.percent(result.currentConcurrencyPercent))", style: "legend",
        anchor: "start")
    }
    // Highest growth on top.
    for (row, agentsPercent) in result.agentValues.enumerated() {
      let y = top + Double(rows - 1 - row) * cellHeight
      svg += SVGChart.text(left - 8, y + cellHeight / 2 + 4, "\(agentsPercent)%", style: "tick", anchor: "end")
      for (column, cell) in result.cells[row].enumerated() {
        let x = left + Double(column) * cellWidth
        let label = cell.mix.label(result.catalog)
        svg +=
          "<rect x=\"\(SVGChart.f(x))\" y=\"\(SVGChart.f(y))\" width=\"\(SVGChart.f(cellWidth - 2))\" height=\"\(SVGChart.f(cellHeight - 2))\" fill=\"\(fill(label))\"><title>\(HTML.escape("\(agentsPercent)% agents, \(cell.concurrencyPercent)% concurrency: \(label)\(cell.plan.map { ", " + Money.format($0.monthlyTotal, currency: result.catalog.currency) + "/month" } ?? "")"))</title></rect>\n"
        let figure =
          cell.plan.map { SVGChart.shortMoney(Money.double($0.monthlyTotal), result.catalog.currency) } ?? "-"
        let dark = ["#4477aa", "#ee6677", "#228833", "#aa3377", "#332288", "#117733", "#882255"].contains(fill(label))
        svg +=
          "<text class=\"cell-text\" x=\"\(SVGChart.f(x + cellWidth / 2 - 1))\" y=\"\(SVGChart.f(y + cellHeight / 2 + 3))\" text-anchor=\"middle\" style=\"fill:\(dark ? "#ffffff" : "#1d2330")\">\(HTML.escape(figure))</text>\n"
      }
      if agentsPercent == 100 {
        svg +=
          "<rect class=\"today\" x=\"\(SVGChart.f(left - 1))\" y=\"\(SVGChart.f(y - 1))\" width=\"\(SVGChart.f(Double(columns) * cellWidth))\" height=\"\(SVGChart.f(cellHeight))\"/>\n"
      }
    }
    return svg + "</svg>\n"
  }
}
