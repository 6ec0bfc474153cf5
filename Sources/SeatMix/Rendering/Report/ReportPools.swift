import Foundation

// The report's section on pools over time, for deals with an interval grid (issue 10): per pool
// the peak of the sum against the sum of the peaks and what pooling saves, a chart of the signed-in
// users over the grid (stacked by group, the pool's seats as a line, users above the pool shaded),
// a month-by-month table where the grid spans several billing months or a month has overage, and
// the measured bill when the groups came from minute-level sessions. Reports of deals without a
// grid have no such section and keep their seven sections and their bytes.

extension ReportText {
  /// The plan's pools over time, when the deal has a grid and a plan was found.
  var concurrency: PlanConcurrency? { report.plan?.concurrency }

  /// The number of section `n` of the seven every report has: with pools over time, section 3
  /// is "Pools over time" and the later ones move down one.
  func section(_ n: Int) -> Int { concurrency != nil && n >= 3 ? n + 1 : n }

  /// The section number of "Pools over time".
  static let poolsSection = 3

  func money(units: Int64) -> String { money(Money.decimal(units: units)) }

  /// `Mon 2026-10-05 14:00 UTC` for a minute grid, `2026-10` for a monthly one.
  func intervalText(_ interval: Int, _ grid: IntervalGrid) -> String {
    guard grid.step.minutes != nil else { return grid.calendarLabel(interval) }
    let parts = IntervalGrid.utc.dateComponents(
      [.weekday, .year, .month, .day, .hour, .minute], from: grid.start(of: interval))
    let weekday = PoolChart.weekdays[((parts.weekday ?? 1) - 1) % 7]
    let date = String(
      format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
      parts.minute ?? 0)
    return "\(weekday) \(date) UTC"
  }

  var poolsIntro: String {
    "A concurrent pool is shared by whoever is signed in: it must cover, in every interval, the users of all its groups signed in at once, the peak of their sum, which is less than the sum of their peaks when groups peak at different times (sites in other time zones, shifts, seasons). The optimizer sized every pool that way, month by month under the catalog's billing rule."
  }

  func poolFacts(_ concurrency: PlanConcurrency) -> [(String, String)] {
    let grid = concurrency.grid
    let months = concurrency.months
    var facts = [
      (
        "Grid",
        "\(grid.count) × \(grid.step) interval\(grid.count == 1 ? "" : "s") from \(IntervalGrid.iso(grid.start)), \(months) billing month\(months == 1 ? "" : "s") (UTC calendar months)"
      ),
      ("Profiles", concurrency.source),
      ("Billed", "each billing month's \(concurrency.measure)"),
    ]
    switch concurrency.overage {
    case .notAllowed: facts.append(("Overage", "not allowed: each pool covers every month's billable peak"))
    case .perExcessSeat:
      facts.append(("Overage", "each seat of a month's billable peak above the pool, billed for that month"))
    }
    return facts
  }

  /// Seats and money per month that pooling saves across the plan's pools, against pools sized to
  /// the sum of their groups' peaks.
  func poolingSavings(_ concurrency: PlanConcurrency) -> (seats: Int, units: Int64) {
    concurrency.pools.reduce((seats: 0, units: Int64(0))) { ($0.seats + $1.savedSeats, $0.units + $1.savedUnits) }
  }

  /// The summary's sentence on pooling, for deals with a grid.
  func poolingSummary(_ concurrency: PlanConcurrency) -> String {
    let section = Self.poolsSection
    guard !concurrency.pools.isEmpty else {
      return
        "The plan has no concurrent pool, so sizing pools over time changes nothing here (section \(section))."
    }
    let (seats, units) = poolingSavings(concurrency)
    guard seats > 0 else {
      return
        "Pooling over time saves no seats here: the groups on each pool are signed in at their peaks at the same time (section \(section))."
    }
    var text =
      "Sizing pools over time buys \(seats) seat\(seats == 1 ? "" : "s") fewer than pools sized to the sum of the groups' peaks: \(money(units: units)) a month and \(money(units: units * Int64(term.months))) over the term"
    if concurrency.overageUnits > 0 {
      let months = Int64(max(concurrency.months, 1))
      let overage = (concurrency.overageUnits + months / 2) / months
      text +=
        "; the overage it pays instead averages \(money(units: overage)) a month, so it saves \(money(units: units - overage)) a month net"
    }
    return text + " (section \(section))."
  }

  /// What one pool covers, in words: what pooling alone saves (the peak of the sum against the
  /// sum of the peaks), what overage saves beyond it, and the seats bought against pools sized to
  /// the sum of the peaks.
  func poolSentence(_ pool: PoolOverTime, _ concurrency: PlanConcurrency) -> String {
    let grid = concurrency.grid
    func seats(_ n: Int) -> String { "\(n) seat\(n == 1 ? "" : "s")" }
    var text =
      "\(list(pool.groups)) \(pool.groups.count == 1 ? "is" : "share") \(pool.seats) \(pool.name) seat\(pool.seats == 1 ? "" : "s"). At most \(pool.pooledPeak) of \(pool.groups.count == 1 ? "its users" : "them") are signed in at once (\(intervalText(pool.pooledPeakInterval, grid)))"
    let pooling = pool.sumOfPeaks - pool.pooledPeak
    if pool.groups.count > 1 {
      text += ", against \(pool.sumOfPeaks) if each group's own peak were added up"
      text += pooling > 0 ? ": pooling alone saves \(seats(pooling))." : "."
    } else {
      text += "."
    }
    if pool.seats < pool.pooledPeak {
      let below = pool.pooledPeak - pool.seats
      let months = pool.months.filter { $0.excess > 0 }.count
      text +=
        " The pool is \(seats(below)) below the peak of the sum: "
        + (months == 0
          ? "the billing rule's grace absorbs the excess, so no month is billed overage."
          : "overage in \(months) month\(months == 1 ? "" : "s") (\(money(units: pool.overageUnits)) over the grid) costs less than \(seats(below)) more every month.")
    } else if pool.seats > pool.pooledPeak {
      text +=
        " It has \(seats(pool.seats - pool.pooledPeak)) more than the peak: they cost less than the top-ups or storage they cover (see the line items)."
    }
    if pool.savedSeats > 0 && (pool.savedSeats != pooling || pool.overageUnits > 0) {
      text +=
        " Against a pool sized to the sum of the peaks, the plan buys \(seats(pool.savedSeats)) fewer: \(money(units: pool.savedUnits)) a month at \(money(units: pool.seatUnits)) a seat"
      if pool.overageUnits > 0 {
        let months = Int64(max(concurrency.months, 1))
        let overage = (pool.overageUnits + months / 2) / months
        text += ", \(money(units: pool.savedUnits - overage)) a month net of the overage"
      }
      text += "."
    } else if pool.savedSeats > 0 {
      text += " That is \(money(units: pool.savedUnits)) a month at \(money(units: pool.seatUnits)) a seat."
    }
    return text
  }

  /// Whether a pool's months are worth a table: several billing months, or overage.
  func showsMonths(_ pool: PoolOverTime, _ concurrency: PlanConcurrency) -> Bool {
    concurrency.months > 1 || pool.overageUnits > 0
  }

  /// The month table's header and rows (and a total row when there is overage).
  func monthTable(_ pool: PoolOverTime, _ concurrency: PlanConcurrency) -> (header: [String], rows: [[String]]) {
    let header = [
      "Month", "Peak of the sum", "Billable peak", "Pool", "Overage seats", "Overage",
    ]
    var rows = pool.months.map { month in
      [
        month.month, "\(month.pooledPeak)", "\(month.billablePeak)", "\(pool.seats)", "\(month.excess)",
        money(units: month.overageUnits),
      ]
    }
    if pool.months.count > 1 {
      rows.append([
        "All \(pool.months.count) months", "\(pool.months.map(\.pooledPeak).max() ?? 0)",
        "\(pool.months.map(\.billablePeak).max() ?? 0)", "\(pool.seats)", "\(pool.months.reduce(0) { $0 + $1.excess })",
        money(units: pool.overageUnits),
      ])
    }
    return (header, rows)
  }

  func monthsNote(_ pool: PoolOverTime, _ concurrency: PlanConcurrency) -> String {
    var text =
      "The billable peak is each month's peak of the sum as the catalog bills it, the \(concurrency.measure); overage seats are the billable peak above the pool's \(pool.seats) seats."
    if concurrency.overage == .perExcessSeat {
      text += " Overage is \(money(units: pool.overagePriceUnits)) a seat for the month."
      if concurrency.months > 1 && pool.overageUnits > 0 {
        text += " The plan's monthly total spreads it over the grid's \(concurrency.months) months."
      }
    }
    return text
  }

  /// The measured bill of a pool whose groups all came from sessions: its header and rows.
  func measuredTable(_ pool: PoolOverTime) -> (header: [String], rows: [[String]])? {
    guard let measured = pool.measured else { return nil }
    let header = [
      "Month", "Most signed in (minute)", "Billable peak (minutes)", "At the grid", "Pool", "Overage seats", "Overage",
    ]
    let rows = measured.enumerated().map { m, month in
      [
        month.month, "\(month.pooledPeak)", "\(month.billablePeak)",
        m < pool.months.count ? "\(pool.months[m].billablePeak)" : "-", "\(pool.seats)", "\(month.excess)",
        money(units: month.overageUnits),
      ]
    }
    return (header, rows)
  }

  func measuredSentence(_ pool: PoolOverTime, _ concurrency: PlanConcurrency) -> String? {
    guard let measured = pool.measured else { return nil }
    let units = measured.reduce(Int64(0)) { $0 + $1.overageUnits }
    let seatMonths = measured.reduce(0) { $0 + $1.excess }
    var text =
      "The check on the customer's own sessions, minute by minute: with \(pool.seats) seats, billing each month's \(concurrency.measure) from the minutes would have charged "
    text +=
      seatMonths == 0
      ? "no overage in any of the \(measured.count) month\(measured.count == 1 ? "" : "s")"
      : "\(seatMonths) overage seat-month\(seatMonths == 1 ? "" : "s"), \(money(units: units)), over the \(measured.count) month\(measured.count == 1 ? "" : "s")"
    text +=
      "; the grid's counts, which the plan is priced on, give \(money(units: pool.overageUnits)) (an interval's count is its busiest minute, held for the whole interval, so the grid never bills less than the minutes do)."
    return text
  }
}

extension ReportHTML {
  /// Section 3 of a report with pools over time.
  static func poolsSection(_ report: DealReport, _ text: ReportText, _ concurrency: PlanConcurrency) -> String {
    func e(_ string: String) -> String { HTML.escape(string) }
    let grid = concurrency.grid
    var out = "<section id=\"pools\">\n<h2>\(ReportText.poolsSection). Pools over time</h2>\n"
    out += "<p class=\"intro\">\(e(text.poolsIntro))</p>\n<dl class=\"facts\">\n"
    for (key, value) in text.poolFacts(concurrency) { out += "<dt>\(e(key))</dt><dd>\(e(value))</dd>\n" }
    out += "</dl>\n"
    if concurrency.pools.isEmpty {
      out += "<p>The plan licenses every group named: there is no concurrent pool to size over time.</p>\n"
    }
    for pool in concurrency.pools {
      out += "<h3>\(e(pool.name)) pool</h3>\n<div class=\"cards\">\n"
      out += card(
        "Seats in the pool", "\(pool.seats)", "\(text.money(units: pool.seatUnits)) a seat a month", primary: true)
      out += card("Peak of the sum", "\(pool.pooledPeak)", text.intervalText(pool.pooledPeakInterval, grid))
      out += card(
        "Sum of the groups' peaks", "\(pool.sumOfPeaks)",
        "\(pool.groups.count) group\(pool.groups.count == 1 ? "" : "s")")
      out += card(
        "Pooling saves", pool.savedSeats == 0 ? "-" : text.money(units: pool.savedUnits) + "/mo",
        "\(pool.savedSeats) seat\(pool.savedSeats == 1 ? "" : "s")", good: pool.savedSeats > 0)
      if concurrency.overage == .perExcessSeat {
        out += card(
          "Overage over the grid", text.money(units: pool.overageUnits),
          "\(pool.months.filter { $0.excess > 0 }.count) of \(pool.months.count) month\(pool.months.count == 1 ? "" : "s")",
          good: pool.overageUnits == 0)
      }
      out += "</div>\n<p>\(e(text.poolSentence(pool, concurrency)))</p>\n"
      out += "<figure>\n" + PoolChart.svg(pool, grid: grid) + "</figure>\n"
      if text.showsMonths(pool, concurrency) {
        let (header, rows) = text.monthTable(pool, concurrency)
        out += "<h4>Month by month</h4>\n"
        out += table(
          header, rows.map { row in row.enumerated().map { Cell($0.element, number: $0.offset > 0) } },
          numeric: [1, 2, 3, 4, 5], totalLast: rows.count > pool.months.count)
        out += "<p class=\"note\">\(e(text.monthsNote(pool, concurrency)))</p>\n"
      }
      if let (header, rows) = text.measuredTable(pool), let sentence = text.measuredSentence(pool, concurrency) {
        out += "<h4>Measured bill (minute-level sessions)</h4>\n<p>\(e(sentence))</p>\n"
        out += table(
          header, rows.map { row in row.enumerated().map { Cell($0.element, number: $0.offset > 0) } },
          numeric: [1, 2, 3, 4, 5, 6])
      }
    }
    if !concurrency.notes.isEmpty {
      out += "<ul class=\"notes\">\n"
      for note in concurrency.notes { out += "<li>\(e(note))</li>\n" }
      out += "</ul>\n"
    }
    return out + "</section>\n"
  }

  /// The style the pools section adds to the page (only reports that have one carry it).
  static let poolStyle = """
    h4 { margin: 14px 0 4px; font-size: 13.5px; break-after: avoid; page-break-after: avoid; }
    ul.notes li { color: var(--muted); font-size: 12.5px; }
    .area-0 { fill: #4477aa; }
    .area-1 { fill: #66ccee; }
    .area-2 { fill: #228833; }
    .area-3 { fill: #ccbb44; }
    .area-4 { fill: #aa3377; }
    .area-5 { fill: #ee6677; }
    .area-6 { fill: #332288; }
    .area-7 { fill: #bbbbbb; }
    .over-pool { fill: rgba(179, 38, 30, .38); stroke: #b3261e; stroke-width: .6; }
    line.pool-line { stroke: #1d2330; stroke-width: 2.2; }
    line.sum-line { stroke: #b3261e; stroke-width: 1.6; stroke-dasharray: 6 4; }
    line.month-line { stroke: #8a93a3; stroke-width: 1; stroke-dasharray: 2 3; }

    """
}

/// The chart of one pool over time: the signed-in users of its groups stacked interval by
/// interval, the pool's seats as a line, the sum of the groups' peaks as a dashed line, and the
/// users above the pool shaded. Long grids are drawn in columns of several intervals, each at
/// the busiest interval of its span (so the pooled peak is always drawn); the axis title says so.
enum PoolChart {
  /// The most columns drawn (about two pixels each).
  static let maximumColumns = 360
  /// The most groups drawn apart; the rest are stacked as one.
  static let maximumSeries = 8

  static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
  static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  /// The groups drawn: each on its own, or the smallest as "N other groups" past ``maximumSeries``.
  static func series(_ pool: PoolOverTime) -> [(label: String, counts: [Int])] {
    let all = zip(pool.groups, pool.signedIn).map { (label: $0.0, counts: $0.1) }
    guard all.count > maximumSeries else { return all }
    let kept = Set(
      all.indices.sorted { (all[$0].counts.max() ?? 0, -$0) > (all[$1].counts.max() ?? 0, -$1) }
        .prefix(maximumSeries - 1))
    var others = [Int](repeating: 0, count: all.first?.counts.count ?? 0)
    for index in all.indices where !kept.contains(index) {
      for (i, count) in all[index].counts.enumerated() where i < others.count { others[i] += count }
    }
    return all.indices.filter(kept.contains).map { all[$0] } + [
      (label: "\(all.count - kept.count) other groups", counts: others)
    ]
  }

  static func svg(_ pool: PoolOverTime, grid: IntervalGrid) -> String {
    let width = 760.0
    let left = 64.0
    let right = 20.0
    let plotWidth = width - left - right
    let plotHeight = 240.0
    let series = series(pool)
    let n = max(grid.count, 1)
    let perColumn = max(1, (n + maximumColumns - 1) / maximumColumns)
    let columns = (n + perColumn - 1) / perColumn
    var total = [Int](repeating: 0, count: n)
    for entry in series { for (i, count) in entry.counts.enumerated() where i < n { total[i] += count } }
    // Each column at its busiest interval (the first of equals).
    let shown: [Int] = (0..<columns).map { column in
      let range = (column * perColumn)..<min(n, (column + 1) * perColumn)
      return range.max { (total[$0], -$0) < (total[$1], -$1) } ?? range.lowerBound
    }
    let over = shown.contains { total[$0] > pool.seats }

    var legend = series.enumerated().map {
      SVGChart.LegendEntry(style: "area-\($0.offset % 8)", label: $0.element.label)
    }
    legend.append(SVGChart.LegendEntry(style: "pool-line", label: "Pool: \(pool.seats) seats", line: true))
    let drawsSum = pool.groups.count > 1
    if drawsSum {
      legend.append(
        SVGChart.LegendEntry(style: "sum-line", label: "Sum of the groups' peaks: \(pool.sumOfPeaks)", line: true))
    }
    if over { legend.append(SVGChart.LegendEntry(style: "over-pool", label: "Signed in above the pool")) }
    let key = SVGChart.legend(legend, x: left, y: 14, maxX: width - 10)
    let top = 44.0 + Double(key.rows - 1) * 18
    let height = top + plotHeight + 56
    let maxY = Double(yTicks(upTo: max(pool.pooledPeak, pool.seats, drawsSum ? pool.sumOfPeaks : 0, 1)).last ?? 1)
    let ticks = yTicks(upTo: max(pool.pooledPeak, pool.seats, drawsSum ? pool.sumOfPeaks : 0, 1))
    func px(_ interval: Double) -> Double { left + interval / Double(n) * plotWidth }
    func py(_ users: Double) -> Double { top + plotHeight - users / maxY * plotHeight }
    func f(_ value: Double) -> String { SVGChart.f(value) }

    var svg = SVGChart.open(
      width: width, height: height, title: "\(pool.name) pool: signed-in users over time, by group")
    svg += key.svg
    for tick in ticks {
      let y = py(Double(tick))
      svg += SVGChart.line(left, y, left + plotWidth, y, style: tick == 0 ? "axis" : "grid")
      svg += SVGChart.text(left - 8, y + 4, "\(tick)", style: "tick", anchor: "end")
    }
    // The stacked areas, one path per group: the top edge left to right, the base back.
    var base = [Int](repeating: 0, count: columns)
    for (s, entry) in series.enumerated() {
      let values = shown.map { $0 < entry.counts.count ? entry.counts[$0] : 0 }
      let tops = zip(base, values).map { $0 + $1 }
      guard values.contains(where: { $0 > 0 }) else { continue }
      var path = "M\(f(px(0))) \(f(py(Double(tops[0]))))"
      for column in 0..<columns {
        if column > 0 { path += " V\(f(py(Double(tops[column]))))" }
        path += " H\(f(px(Double(min(n, (column + 1) * perColumn)))))"
      }
      for column in stride(from: columns - 1, through: 0, by: -1) {
        path += " V\(f(py(Double(base[column]))))"
        path += " H\(f(px(Double(column * perColumn))))"
      }
      svg += "<path class=\"area-\(s % 8)\" d=\"\(path) Z\"/>\n"
      base = tops
    }
    // Users above the pool.
    if over {
      var path = ""
      for (column, i) in shown.enumerated() where total[i] > pool.seats {
        let x0 = px(Double(column * perColumn))
        let x1 = px(Double(min(n, (column + 1) * perColumn)))
        path +=
          "\(path.isEmpty ? "" : " ")M\(f(x0)) \(f(py(Double(total[i])))) H\(f(x1)) V\(f(py(Double(pool.seats)))) H\(f(x0)) Z"
      }
      svg += "<path class=\"over-pool\" d=\"\(path)\"/>\n"
    }
    // Month boundaries inside the grid, then the x axis.
    let xTicks = self.xTicks(grid)
    if grid.step.minutes != nil {
      let periods = grid.periods
      for month in 1..<max((periods.last ?? 0) + 1, 1) {
        if let first = periods.firstIndex(of: month) {
          svg += SVGChart.line(px(Double(first)), top, px(Double(first)), top + plotHeight, style: "month-line")
        }
      }
    }
    svg += SVGChart.line(left, top, left, top + plotHeight, style: "axis")
    for tick in xTicks {
      let x = px(tick.position)
      svg += SVGChart.line(x, top + plotHeight, x, top + plotHeight + 5, style: "axis")
      svg += SVGChart.text(x, top + plotHeight + 19, tick.label, style: "tick", anchor: "middle")
    }
    if drawsSum {
      svg += SVGChart.line(
        left, py(Double(pool.sumOfPeaks)), left + plotWidth, py(Double(pool.sumOfPeaks)), style: "sum-line")
    }
    svg += SVGChart.line(left, py(Double(pool.seats)), left + plotWidth, py(Double(pool.seats)), style: "pool-line")
    let step = grid.step.minutes.map { "\($0)-minute" } ?? "monthly"
    let xTitle =
      grid.step.minutes == nil
      ? "Billing month (each month's peak)"
      : perColumn == 1
        ? "Time (UTC), \(step) intervals"
        : "Time (UTC): each column is the busiest \(step) interval of \(spanText(perColumn, grid.step))"
    svg += SVGChart.text(left + plotWidth / 2, height - 12, xTitle, style: "axis-title", anchor: "middle")
    svg +=
      "<text class=\"axis-title\" x=\"16\" y=\"\(f(top + plotHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(f(top + plotHeight / 2)))\">Signed in at once</text>\n"
    return svg + "</svg>\n"
  }

  /// `6 hours`, `2 days`, `90 minutes`.
  static func spanText(_ intervals: Int, _ step: GridStep) -> String {
    let minutes = intervals * (step.minutes ?? 0)
    if minutes % 1440 == 0 { return "\(minutes / 1440) day\(minutes == 1440 ? "" : "s")" }
    if minutes % 60 == 0 { return "\(minutes / 60) hours" }
    return "\(minutes) minutes"
  }

  /// Whole-user ticks from 0 to at least `maximum`, four to eight of them.
  static func yTicks(upTo maximum: Int) -> [Int] {
    let steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000]
    var step = steps.first { maximum / $0 <= 7 } ?? 10000
    while maximum / step > 7 { step *= 10 }
    var ticks = [0]
    while ticks.last! < maximum { ticks.append(ticks.last! + step) }
    return ticks
  }

  /// The x axis's labelled times, as fractional interval positions, thinned so labels never touch:
  /// months for a monthly grid; hours, days or month starts for a minute grid, by its span.
  static func xTicks(_ grid: IntervalGrid) -> [(position: Double, label: String)] {
    let plotWidth = 676.0
    var ticks: [(position: Double, label: String)] = []
    let calendar = IntervalGrid.utc
    switch grid.step {
    case .month:
      for i in 0..<grid.count {
        let (year, month) = IntervalGrid.yearMonth(grid.start(of: i))
        ticks.append(
          (Double(i) + 0.5, month == 1 || i == 0 ? "\(monthNames[month - 1]) \(year)" : monthNames[month - 1]))
      }
    case .minutes(let step):
      let minutes = grid.count * step
      let days = Double(minutes) / 1440
      let end = grid.start.addingTimeInterval(Double(minutes * 60))
      func position(_ date: Date) -> Double { date.timeIntervalSince(grid.start) / Double(step * 60) }
      func dayLabel(_ date: Date) -> String {
        let parts = calendar.dateComponents([.weekday, .day, .month], from: date)
        return
          "\(weekdays[((parts.weekday ?? 1) - 1) % 7]) \(parts.day ?? 1) \(monthNames[((parts.month ?? 1) - 1) % 12])"
      }
      var date = calendar.startOfDay(for: grid.start)
      if days <= 2 {
        // Every three hours, the day at midnight.
        while date <= end {
          if date >= grid.start {
            let hour = calendar.component(.hour, from: date)
            ticks.append((position(date), hour == 0 ? dayLabel(date) : String(format: "%02d:00", hour)))
          }
          date = date.addingTimeInterval(3 * 3600)
        }
      } else if days <= 16 {
        while date <= end {
          if date >= grid.start { ticks.append((position(date), dayLabel(date))) }
          date = date.addingTimeInterval(86_400)
        }
      } else {
        // The 1st of each month, and the 15th when the grid is short enough to read it.
        while date <= end {
          let day = calendar.component(.day, from: date)
          if date >= grid.start && (day == 1 || (day == 15 && days <= 120)) {
            let month = calendar.component(.month, from: date)
            ticks.append((position(date), "\(day) \(monthNames[month - 1])"))
          }
          date = date.addingTimeInterval(86_400)
        }
      }
    }
    // Thin: a label needs its width and a gap from the last one kept.
    var kept: [(position: Double, label: String)] = []
    let perInterval = plotWidth / Double(max(grid.count, 1))
    for tick in ticks {
      let x = tick.position * perInterval
      let halfWidth = Double(tick.label.count) * 3.4
      if x - halfWidth < -30 || x + halfWidth > plotWidth + 18 { continue }
      if let last = kept.last {
        let lastX = last.position * perInterval
        if x - lastX < halfWidth + Double(last.label.count) * 3.4 + 12 { continue }
      }
      kept.append(tick)
    }
    return kept
  }
}
