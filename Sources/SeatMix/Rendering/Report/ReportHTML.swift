import Foundation

/// `report.html`: one self-contained page (inline CSS and SVG, no scripts, no network) that reads
/// on screen and prints cleanly to PDF.
enum ReportHTML {
  static func render(_ report: DealReport) -> String {
    let text = ReportText(report)
    let catalog = report.catalog
    func e(_ string: String) -> String { HTML.escape(string) }
    var out = page(title: text.title, extraStyle: text.concurrency == nil ? "" : poolStyle)

    out += "<header>\n<p class=\"kicker\">SeatMix report</p>\n<h1>\(e(report.deal.name))</h1>\n<dl class=\"facts\">\n"
    for (key, value) in text.facts { out += "<dt>\(e(key))</dt><dd>\(e(value))</dd>\n" }
    out += "</dl>\n</header>\n"

    // 1. Summary
    out += "<section id=\"summary\">\n<h2>1. Summary</h2>\n"
    if let plan = report.plan {
      out += "<div class=\"cards\">\n"
      out += card("Optimal plan, per month", text.money(plan.monthlyTotal), Mix(plan).label(catalog), primary: true)
      out += card("Per year", text.money(plan.monthlyTotal * 12), "12 × monthly")
      out += card("Over the term", text.money(plan.termTotal), text.termText)
      if let best = report.analysis.bestSinglePlan, let bestPlan = best.plan {
        let saved = bestPlan.monthlyTotal - plan.monthlyTotal
        out += card(
          "Saved vs best single plan", text.money(saved) + "/mo",
          "\(ReportText.percent(saved, of: bestPlan.monthlyTotal)) vs \(catalog.name(of: .license(best.tier, best.model)))",
          good: saved > 0)
      }
      if let saved = report.savingsAgainstTopTierNamed, let top = report.topTierNamed, let tier = text.topTierID {
        out += card(
          "Saved vs everyone on \(catalog.name(of: .license(tier, .named)))", text.money(saved) + "/mo",
          ReportText.percent(saved, of: top.monthly ?? 0) + (top.outsideDealLicensing ? " (reference)" : ""),
          good: saved > 0)
      }
      out += "</div>\n"
      out += "<p class=\"lead\">\(e(text.headline(plan)))</p>\n"
      out += "<p>The mix: \(e(text.mixSentence(plan)))</p>\n"
      var rows: [[Cell]] = []
      for row in text.summaryRows(plan) {
        rows.append([
          Cell(row.name), Cell(text.money(row.monthly), number: true),
          Cell(text.money(row.monthly.map { $0 * 12 }), number: true),
          Cell(text.money(row.monthly.map { $0 * Decimal(plan.termMonths) }), number: true), Cell(row.note),
        ])
      }
      out += table(["Plan", "Monthly", "Annual", "Term total", ""], rows, numeric: [1, 2, 3], highlightFirst: true)
      out += "<ul class=\"savings\">\n"
      for sentence in text.savingsSentences(plan) { out += "<li>\(e(sentence))</li>\n" }
      out += "</ul>\n<h3>Groups</h3>\n"
      out += table(
        ["Group", "Agents", "Peak", "Tier", "Licensing", "Add-ons"],
        plan.assignments.map {
          [
            Cell($0.group), Cell("\($0.agents)", number: true), Cell("\($0.peakConcurrent)", number: true),
            Cell(catalog.tier($0.tier)?.name ?? $0.tier.rawValue), Cell($0.model.rawValue), Cell(text.addOnsCell($0)),
          ]
        }, numeric: [1, 2])
    } else {
      out += "<p class=\"alert\">No plan meets the deal.</p>\n<ul>\n"
      for reason in text.noPlanReasons { out += "<li>\(e(reason))</li>\n" }
      out += "</ul>\n"
    }
    out += "</section>\n"

    // 2. Line items
    out += "<section id=\"line-items\">\n<h2>2. Line items</h2>\n"
    if let plan = report.plan {
      var rows = plan.lineItems.map { item in
        [
          Cell(item.sku.id, code: true), Cell(item.name), Cell("\(item.quantity)", number: true),
          Cell(text.unitPrice(item.unitPrice), number: true), Cell(text.money(item.monthly), number: true),
          Cell(text.money(item.monthly * 12), number: true),
          Cell(text.money(item.monthly * Decimal(plan.termMonths)), number: true), Cell(text.reason(item), small: true),
        ]
      }
      rows.append([
        Cell("Total"), Cell(""), Cell(""), Cell(""), Cell(text.money(plan.monthlyTotal), number: true),
        Cell(text.money(plan.monthlyTotal * 12), number: true), Cell(text.money(plan.termTotal), number: true),
        Cell(""),
      ])
      out += table(
        ["SKU", "Item", "Qty", "Unit/month", "Monthly", "Annual", "Term total", "Why"], rows,
        numeric: [2, 3, 4, 5, 6], totalLast: true)
      if plan.lineItems.contains(where: \.unitPrice.isEstimate) {
        out +=
          "<p class=\"note\">* estimated price: not published by the vendor (see section \(text.section(7))).</p>\n"
      }
    } else {
      out += "<p>No plan, no line items.</p>\n"
    }
    out += "</section>\n"

    // Pools over time (deals with an interval grid), then 3. Comparison
    if let concurrency = text.concurrency { out += poolsSection(report, text, concurrency) }
    out +=
      "<section id=\"comparison\">\n<h2>\(text.section(3)). Plan comparison</h2>\n<p class=\"intro\">\(e(text.comparisonIntro))</p>\n"
    out += "<figure>\n" + comparisonChart(report, text) + "</figure>\n"
    let impossible = report.comparison.filter { $0.plan == nil }
    if !impossible.isEmpty {
      let names = impossible.map { "\($0.name(catalog)) (\($0.term.name.lowercased()))" }
      out +=
        "<p class=\"note\">Not possible, so not drawn: \(e(names.joined(separator: ", "))). See the table for why.</p>\n"
    }
    var groups: [(String, [[Cell]])] = []
    for term in [report.analysis.term] + catalog.terms.filter({ $0.id != report.analysis.term.id }) {
      let rows = report.comparison.filter { $0.term.id == term.id }
      guard !rows.isEmpty else { continue }
      let heading =
        "\(term.name), \(term.months) month\(term.months == 1 ? "" : "s")\(term.id == report.analysis.term.id ? " (the deal's term)" : "")"
      groups.append(
        (
          heading,
          rows.map { row in
            [
              Cell(row.name(catalog), strong: row.kind == .optimum), Cell(text.money(row.monthly), number: true),
              Cell(text.money(row.annual), number: true), Cell(text.comparisonDelta(row), number: true),
              Cell(text.comparisonNote(row), small: true),
            ]
          }
        ))
    }
    out += groupedTable(["Plan", "Monthly", "Annual", "Against \(text.planName)", "Note"], groups, numeric: [1, 2, 3])
    out += "</section>\n"

    // 4. Break-even
    out += "<section id=\"break-even\">\n<h2>\(text.section(4)). Named vs concurrent break-even</h2>\n"
    if let breakEven = report.breakEven {
      out += "<p class=\"intro\">\(e(text.breakEvenIntro(breakEven)))</p>\n"
      out += "<p class=\"verdict intro\">\(e(text.verdict(breakEven)))</p>\n"
      out += "<figure>\n" + breakEvenChart(report, breakEven, text) + "</figure>\n"
      out += "<h3>Every ratio solved</h3>\n"
      out += table(
        ["Concurrency", "All named", "All concurrent", "Optimum", "Optimal mix"],
        breakEven.points.map {
          [
            Cell("\($0.ratioPercent)%", number: true), Cell(text.money($0.named), number: true),
            Cell(text.money($0.concurrent), number: true), Cell(text.money($0.optimum), number: true),
            Cell($0.optimumMix.label(catalog)),
          ]
        }, numeric: [0, 1, 2, 3])
    } else {
      out += "<p>No plan meets the deal, so there is nothing to break even.</p>\n"
    }
    out += "</section>\n"

    // 5. Headroom
    out += "<section id=\"headroom\">\n<h2>\(text.section(5)). Headroom</h2>\n"
    if report.headroom.isEmpty {
      out += "<p>No plan meets the deal, so there is no headroom to measure.</p>\n"
    } else {
      out +=
        "<p>How much each group can grow before the optimal mix (any group's tier, licensing model or add-ons) changes, and what it changes to.</p>\n"
      out += table(
        ["Group", "Agents", "Peak", "More agents", "Then", "More peak", "Then"],
        report.headroom.map {
          [
            Cell($0.group), Cell("\($0.agents)", number: true), Cell("\($0.peak)", number: true),
            Cell(text.agentsHeadroom($0), strong: $0.moreAgents != nil, nowrap: true),
            Cell(text.change($0.agentChange), small: true),
            Cell(text.peakHeadroom($0), strong: $0.morePeak != nil, nowrap: true),
            Cell(text.change($0.peakChange), small: true),
          ]
        }, numeric: [1, 2])
      out += "<p class=\"method\">\(e(text.headroomMethod))</p>\n"
    }
    out += "</section>\n"

    // 6. Sensitivity
    out += "<section id=\"sensitivity\">\n<h2>\(text.section(6)). Price sensitivity</h2>\n"
    if report.plan == nil {
      out += "<p>No plan meets the deal, so no price decides anything.</p>\n"
    } else if report.sensitivity.isEmpty {
      out += "<p>The choice weighs no estimated or overridden price: every price it rests on is published.</p>\n"
    } else {
      out +=
        "<p class=\"intro\">For each estimated or overridden price the choice weighs: the range within which the optimal mix stays the same, and what it becomes outside.</p>\n"
      out += sensitivityChart(report, text)
      out += table(
        ["SKU", "Today", "Bought", "Mix holds", "Below the range, the optimum becomes", "Above the range"],
        report.sensitivity.map { row in
          [
            Cell(row.sku.id, code: true), Cell(text.unitPrice(row.price), number: true),
            Cell("\(row.quantity)", number: true), Cell(text.range(row), number: true),
            Cell(text.below(row), small: true), Cell(text.above(row), small: true),
          ]
        }, numeric: [1, 2, 3])
      out += "<p class=\"method\">\(e(text.sensitivityMethod))</p>\n"
    }
    if let fixed = text.fixedItemsSentence { out += "<p class=\"note\">\(e(fixed))</p>\n" }
    out += "</section>\n"

    // 7. Assumptions
    out += "<section id=\"assumptions\">\n<h2>\(text.section(7)). Assumptions</h2>\n<dl class=\"facts\">\n"
    out +=
      "<dt>Catalog</dt><dd>\(e("\(catalog.name) (\(catalog.id)) by \(catalog.vendor), effective \(catalog.effectiveDate), prices in \(catalog.currency) per unit per month"))</dd>\n"
    out += "<dt>Term</dt><dd>\(e(text.termText))</dd>\n<dt>Licensing</dt><dd>\(e(text.licensing))</dd>\n"
    let overrides = text.overrides
    out +=
      "<dt>Price overrides</dt><dd>\(e(overrides.isEmpty ? "none (catalog list prices)" : overrides.joined(separator: "; ")))</dd>\n"
    out += "</dl>\n<h3>Sources</h3>\n<ul>\n"
    for source in catalog.sources {
      var item = e(source.title)
      if let url = source.url { item += " &lt;<a href=\"\(e(url))\">\(e(url))</a>&gt;" }
      if let checked = source.checked { item += ", checked \(e(checked))" }
      out += "<li>\(item)</li>\n"
    }
    out += "</ul>\n"
    if !catalog.notes.isEmpty {
      out += "<h3>Catalog notes</h3>\n<ul>\n"
      for note in catalog.notes { out += "<li>\(e(note))</li>\n" }
      out += "</ul>\n"
    }
    let estimates = text.estimatesUsed
    if !estimates.isEmpty {
      out += "<h3>Estimated or adjusted prices the total rests on</h3>\n"
      out += table(
        ["SKU", "Unit/month", "List", "Basis"],
        estimates.map {
          [
            Cell($0.sku.id, code: true), Cell(text.money($0.unitPrice.amount), number: true),
            Cell(text.money($0.unitPrice.listAmount), number: true), Cell(PriceSensitivity.basis($0.unitPrice)),
          ]
        }, numeric: [1, 2])
    }
    out += "<h3>Solver</h3>\n<ul>\n"
    for line in text.solverLines { out += "<li>\(e(line))</li>\n" }
    out += "</ul>\n"
    if !report.analysis.warnings.isEmpty {
      out += "<h3>Warnings</h3>\n<ul class=\"warnings\">\n"
      for warning in report.analysis.warnings { out += "<li>\(e(warning))</li>\n" }
      out += "</ul>\n"
    }
    out += "</section>\n"
    out +=
      "<footer>Made by SeatMix from deal “\(e(report.deal.name))” and catalog \(e(catalog.id)) (\(e(catalog.effectiveDate))). Every figure comes from solving the integer program with GLPK.</footer>\n"
    return out + "</body>\n</html>\n"
  }

  // MARK: Charts

  static func comparisonChart(_ report: DealReport, _ text: ReportText) -> String {
    let catalog = report.catalog
    let rows = report.comparison.filter { $0.plan != nil }.sorted {
      ($0.annual!, $0.kind == .optimum ? 0 : 1) < ($1.annual!, $1.kind == .optimum ? 0 : 1)
    }
    let bars = rows.map { row in
      var style = "bar-single"
      if row.kind == .optimum {
        style = row.isDealTerm ? "bar-optimum" : "bar-optimum-other"
      } else if row.outsideDealLicensing {
        style = "bar-outside"
      } else if !row.isDealTerm {
        style = "bar-other-term"
      }
      let name = row.kind == .optimum ? row.plan?.status.planTitle ?? "Optimum" : row.name(catalog)
      return SVGChart.Bar(
        label: "\(name) · \(row.term.name.lowercased())", value: Money.double(row.annual!),
        valueLabel: text.money(row.annual!), style: style)
    }
    var legend = [
      SVGChart.LegendEntry(style: "bar-optimum", label: "Optimum (\(text.term.name.lowercased()))"),
      SVGChart.LegendEntry(style: "bar-single", label: "Single plan"),
    ]
    if rows.contains(where: { !$0.isDealTerm }) {
      legend.append(SVGChart.LegendEntry(style: "bar-other-term", label: "Other billing term"))
    }
    if rows.contains(where: \.outsideDealLicensing) {
      legend.append(SVGChart.LegendEntry(style: "bar-outside", label: "Outside the deal's licensing"))
    }
    return SVGChart.bars(
      bars, legend: legend, axisTitle: "Annual cost (12 × monthly)", currency: report.catalog.currency,
      title: "Annual cost of every plan, cheapest first")
  }

  static func breakEvenChart(_ report: DealReport, _ breakEven: BreakEven, _ text: ReportText) -> String {
    func series(_ label: String, _ style: String, _ value: (BreakEven.Point) -> Decimal?) -> SVGChart.Series {
      SVGChart.Series(
        label: label, style: style,
        points: breakEven.points.map { (x: Double($0.ratioPercent), y: value($0).map(Money.double)) })
    }
    var markers: [SVGChart.Marker] = []
    if case .crossover(let ratio) = breakEven.verdict {
      markers.append(
        SVGChart.Marker(x: Double(ratio), label: "concurrent stops paying: \(ratio)%", style: "marker-breakeven"))
    }
    let current = Money.double(breakEven.currentRatioPercent)
    if let first = breakEven.points.first, let last = breakEven.points.last,
      current >= Double(first.ratioPercent) && current <= Double(last.ratioPercent)
    {
      markers.append(
        SVGChart.Marker(
          x: current, label: "this deal: \(ReportText.percent(breakEven.currentRatioPercent))", style: "marker-current")
      )
    }
    let ticks = breakEven.points.map { Double($0.ratioPercent) }.filter { Int($0) % 10 == 0 }
    return SVGChart.lines(
      [
        series("All named", "line-named", \.named), series("All concurrent", "line-concurrent", \.concurrent),
        series("Optimum (deal's licensing)", "line-optimum", \.optimum),
      ], markers: markers, xTicks: ticks, xLabel: { "\(Int($0))%" },
      xTitle: "Concurrency ratio: peak signed in ÷ agents, every group",
      yTitle: "Monthly cost (\(text.term.name.lowercased()))", currency: report.catalog.currency,
      title: "Monthly cost by concurrency ratio: all named, all concurrent, optimum")
  }

  /// Each price's range as a bar from its low to its high, on one scale relative to today's price
  /// (today at 100%), with today's price marked; ranges beyond the axis end in an arrow.
  static func sensitivityChart(_ report: DealReport, _ text: ReportText) -> String {
    let rows = report.sensitivity
    guard !rows.isEmpty else { return "" }
    let width = 760.0
    let labelWidth = 150.0
    let right = 150.0
    let rowHeight = 30.0
    let top = 40.0
    let plotWidth = width - labelWidth - right
    let maximum = 4.0
    let height = top + Double(rows.count) * rowHeight + 50
    func px(_ relative: Double) -> Double { labelWidth + min(relative, maximum) / maximum * plotWidth }
    var svg = SVGChart.open(width: width, height: height, title: "Price ranges within which the optimal mix holds")
    svg += SVGChart.legendRow(
      [
        SVGChart.LegendEntry(style: "range", label: "Mix holds"),
        SVGChart.LegendEntry(style: "range-open", label: "Holds to the search bound"),
        SVGChart.LegendEntry(style: "today", label: "Today's price"),
      ], x: labelWidth, y: 14)
    let axisY = top + Double(rows.count) * rowHeight + 2
    for tick in [0.0, 1, 2, 3, 4] {
      let x = px(tick)
      svg += SVGChart.line(x, top - 6, x, axisY, style: tick == 0 ? "axis" : "grid")
      let label = tick == 1 ? "today" : "\(Int(tick * 100))%"
      svg += SVGChart.text(x, axisY + 16, label, style: "tick", anchor: "middle")
    }
    svg += SVGChart.line(labelWidth, axisY, labelWidth + plotWidth, axisY, style: "axis")
    svg += SVGChart.text(
      labelWidth + plotWidth / 2, height - 8, "Price as a share of today's price (the axis stops at 400%)",
      style: "axis-title", anchor: "middle")
    for (index, row) in rows.enumerated() {
      let y = top + Double(index) * rowHeight
      let today = max(Money.double(row.price.amount), 0.01)
      let low = px(Money.double(row.low) / today)
      let high = px(Money.double(row.high) / today)
      let clipped = Money.double(row.high) / today > maximum
      svg += SVGChart.text(labelWidth - 8, y + 19, row.sku.id, style: "bar-label", anchor: "end")
      svg +=
        "<rect class=\"\(row.aboveChange == nil ? "range-open" : "range")\" x=\"\(SVGChart.f(low))\" y=\"\(SVGChart.f(y + 8))\" width=\"\(SVGChart.f(max(2, high - low)))\" height=\"14\" rx=\"2\"/>\n"
      if clipped {
        svg +=
          "<path class=\"range-arrow\" d=\"M\(SVGChart.f(high + 1)) \(SVGChart.f(y + 6)) L\(SVGChart.f(high + 9)) \(SVGChart.f(y + 15)) L\(SVGChart.f(high + 1)) \(SVGChart.f(y + 24)) Z\"/>\n"
      }
      svg +=
        "<rect class=\"today\" x=\"\(SVGChart.f(px(1) - 1.5))\" y=\"\(SVGChart.f(y + 4))\" width=\"3\" height=\"22\"/>\n"
      svg += SVGChart.text(labelWidth + plotWidth + 14, y + 19, text.range(row), style: "bar-value", anchor: "start")
    }
    return "<figure>\n" + svg + "</svg>\n</figure>\n"
  }

  // MARK: Page pieces

  struct Cell {
    var text: String
    var number = false
    var code = false
    var strong = false
    var small = false
    var nowrap = false

    init(
      _ text: String, number: Bool = false, code: Bool = false, strong: Bool = false, small: Bool = false,
      nowrap: Bool = false
    ) {
      self.text = text
      self.number = number
      self.code = code
      self.strong = strong
      self.small = small
      self.nowrap = nowrap
    }
  }

  static func table(
    _ headers: [String], _ rows: [[Cell]], numeric: Set<Int> = [], highlightFirst: Bool = false,
    totalLast: Bool = false
  ) -> String {
    var out = tableHead(headers, numeric: numeric)
    for (index, row) in rows.enumerated() {
      var classes: [String] = []
      if highlightFirst && index == 0 { classes.append("highlight") }
      if totalLast && index == rows.count - 1 { classes.append("total") }
      out += tableRow(row, classes: classes)
    }
    return out + "</tbody>\n</table></div>\n"
  }

  static func tableHead(_ headers: [String], numeric: Set<Int>) -> String {
    var out = "<div class=\"table\"><table>\n<thead><tr>"
    for (index, header) in headers.enumerated() {
      out += "<th\(numeric.contains(index) ? " class=\"num\"" : "")>\(HTML.escape(header))</th>"
    }
    return out + "</tr></thead>\n<tbody>\n"
  }

  static func tableRow(_ row: [Cell], classes: [String]) -> String {
    var out = classes.isEmpty ? "<tr>" : "<tr class=\"\(classes.joined(separator: " "))\">"
    for cell in row {
      var cellClasses: [String] = []
      if cell.number { cellClasses.append("num") }
      if cell.small { cellClasses.append("small") }
      if cell.nowrap { cellClasses.append("nowrap") }
      var content = HTML.escape(cell.text)
      if cell.code { content = "<code>\(content)</code>" }
      if cell.strong { content = "<strong>\(content)</strong>" }
      out += cellClasses.isEmpty ? "<td>" : "<td class=\"\(cellClasses.joined(separator: " "))\">"
      out += content + "</td>"
    }
    return out + "</tr>\n"
  }

  /// A table whose rows come in titled groups, each title a full-width row.
  static func groupedTable(_ headers: [String], _ groups: [(String, [[Cell]])], numeric: Set<Int>) -> String {
    var out = tableHead(headers, numeric: numeric)
    for (title, rows) in groups {
      out += "<tr class=\"group\"><th colspan=\"\(headers.count)\">\(HTML.escape(title))</th></tr>\n"
      for row in rows { out += tableRow(row, classes: []) }
    }
    return out + "</tbody>\n</table></div>\n"
  }

  static func card(_ label: String, _ value: String, _ detail: String, primary: Bool = false, good: Bool = false)
    -> String
  {
    let classes = ["card"] + (primary ? ["primary"] : []) + (good ? ["good"] : [])
    return
      "<div class=\"\(classes.joined(separator: " "))\"><div class=\"label\">\(HTML.escape(label))</div><div class=\"value\">\(HTML.escape(value))</div><div class=\"detail\">\(HTML.escape(detail))</div></div>\n"
  }

  /// The document head with the shared style sheet (and `extraStyle` after it), up to the opening
  /// of the body.
  static func page(title: String, extraStyle: String = "") -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(HTML.escape(title))</title>
    <style>
    \(styleSheet)\(extraStyle)</style>
    </head>
    <body>

    """
  }

  static let styleSheet = """
    :root { --ink: #1d2330; --muted: #5b6475; --rule: #d9dde5; --soft: #f4f6f9; --accent: #1b7f5a;
      --named: #3867d6; --concurrent: #e0782e; --alert: #b3261e; }
    * { box-sizing: border-box; }
    html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    body { margin: 0 auto; max-width: 1040px; padding: 28px 32px 40px; color: var(--ink);
      font: 14px/1.5 "Helvetica Neue", Helvetica, Arial, "DejaVu Sans", "Liberation Sans", sans-serif; }
    header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
    .kicker { margin: 0; color: var(--accent); font-weight: 700; letter-spacing: .08em; text-transform: uppercase;
      font-size: 12px; }
    h1 { margin: 2px 0 10px; font-size: 28px; line-height: 1.2; }
    h2 { margin: 30px 0 10px; font-size: 20px; border-bottom: 1px solid var(--rule); padding-bottom: 4px;
      break-after: avoid; page-break-after: avoid; }
    h3 { margin: 18px 0 6px; font-size: 15px; break-after: avoid; page-break-after: avoid; }
    p { margin: 8px 0; }
    p.intro { break-after: avoid; page-break-after: avoid; }
    .lead { font-size: 16px; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
    dl.facts dt { color: var(--muted); }
    dl.facts dd { margin: 0; }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 10px; margin: 12px 0; }
    .card { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 12px; background: var(--soft);
      break-inside: avoid; }
    .card .label { color: var(--muted); font-size: 12px; }
    .card .value { font-size: 21px; font-weight: 700; font-variant-numeric: tabular-nums; }
    .card .detail { color: var(--muted); font-size: 12px; }
    .card.primary { background: #e7f4ee; border-color: #a9d8c2; }
    .card.good .value { color: var(--accent); }
    .table { overflow-x: auto; margin: 8px 0 12px; }
    table { border-collapse: collapse; width: 100%; font-size: 13px; }
    th, td { border-bottom: 1px solid var(--rule); padding: 5px 8px; text-align: left; vertical-align: top; }
    th { background: var(--soft); font-weight: 600; border-bottom: 2px solid var(--rule); }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.small { font-size: 12px; color: #3b4252; }
    td.nowrap { white-space: nowrap; }
    tr.group th { background: #fff; border-bottom: 1px solid var(--ink); padding-top: 14px; font-size: 13.5px; }
    tr { break-inside: avoid; page-break-inside: avoid; }
    tr.highlight td { background: #e7f4ee; font-weight: 600; }
    tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
    code { font: 12px/1.3 "DejaVu Sans Mono", Menlo, Consolas, monospace; }
    .note, .method { color: var(--muted); font-size: 12.5px; }
    .method { border-left: 3px solid var(--rule); padding-left: 10px; }
    .verdict { font-weight: 600; font-size: 15px; }
    .alert { color: var(--alert); font-weight: 600; }
    ul.savings li { margin: 2px 0; }
    ul.warnings li { color: #7a4b00; }
    figure { margin: 10px 0; break-inside: avoid; page-break-inside: avoid; }
    svg.chart { width: 100%; height: auto; display: block; }
    svg text { font-family: "Helvetica Neue", Helvetica, Arial, "DejaVu Sans", "Liberation Sans", sans-serif;
      fill: var(--ink); }
    .tick { font-size: 11px; fill: var(--muted); }
    .axis-title { font-size: 12px; fill: var(--muted); }
    .legend { font-size: 12px; }
    .bar-label { font-size: 12px; }
    .bar-value { font-size: 11.5px; font-variant-numeric: tabular-nums; }
    line.grid { stroke: #e6e9ef; stroke-width: 1; }
    line.axis { stroke: #8a93a3; stroke-width: 1; }
    .bar-optimum { fill: var(--accent); }
    .bar-optimum-other { fill: #7fc1a4; }
    .bar-single { fill: var(--named); }
    .bar-other-term { fill: #a9bbe6; }
    .bar-outside { fill: #c4c8d0; }
    path.line-named, line.line-named { fill: none; stroke: var(--named); stroke-width: 2.5; }
    path.line-concurrent, line.line-concurrent { fill: none; stroke: var(--concurrent); stroke-width: 2.5; }
    path.line-optimum, line.line-optimum { fill: none; stroke: var(--accent); stroke-width: 2.5;
      stroke-dasharray: 7 4; }
    .line-named-dot { fill: var(--named); }
    .line-concurrent-dot { fill: var(--concurrent); }
    .line-optimum-dot { fill: var(--accent); }
    line.marker-breakeven { stroke: var(--alert); stroke-width: 1.5; stroke-dasharray: 4 3; }
    line.marker-current { stroke: #4b5263; stroke-width: 1.5; stroke-dasharray: 1 3; }
    .marker-breakeven-label { font-size: 12px; font-weight: 700; fill: var(--alert); }
    .marker-current-label { font-size: 12px; fill: #4b5263; }
    .range { fill: #9fd3bb; }
    .range-open { fill: #cfe9dc; stroke: #9fd3bb; }
    .range-arrow { fill: #9fd3bb; }
    .today { fill: var(--ink); }
    footer { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--rule); color: var(--muted);
      font-size: 12px; }
    a { color: var(--named); }
    @page { size: A4; margin: 14mm 12mm; }
    @media print {
      body { max-width: none; padding: 0; font-size: 10.5pt; }
      h2 { margin-top: 18px; }
      table { font-size: 8.5pt; }
      td.small { font-size: 8pt; }
      .table { overflow: visible; }
      a { color: inherit; text-decoration: none; }
      footer { margin-top: 12px; break-before: avoid; }
    }

    """
}
