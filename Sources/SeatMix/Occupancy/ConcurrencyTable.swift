import Foundation

/// What `seatmix concurrency SESSIONS.csv` shows: each team's signed-in users per interval (a CSV
/// that reads back as a wide profile file), and each month's billable peak of all teams pooled
/// under a catalog's rule, beside the sum of the teams' own peaks (what pooling saves).
public struct ConcurrencyTable: Sendable {
  public var log: SessionLog
  public var profiles: IntervalCounts
  /// Teams in the order of the CSV's columns (by name).
  public var teams: [String]

  public init(log: SessionLog, step: GridStep) {
    self.log = log
    profiles = log.profiles(on: step)
    teams = profiles.counts.keys.sorted()
  }

  /// `start,<team>,…` and one row per interval: the most users of each team signed in at any
  /// minute of it. Cells are neutralized against formula injection like every CSV SeatMix writes.
  public var csv: String {
    var text = ""
    BatchOutput.appendCSVLine(["start"] + teams, to: &text)
    for (index, start) in profiles.starts.enumerated() {
      BatchOutput.appendCSVLine(
        [ISOTime(minute: start).text] + teams.map { String(profiles.counts[$0]?[index] ?? 0) }, to: &text)
    }
    return text
  }

  /// One UTC calendar month: the billable peak of every team pooled under the rule, the instant
  /// peak of the pool, and the sum of each team's own billable peak.
  public struct Month: Sendable, Equatable {
    public var month: String
    public var pooled: Int
    public var instant: Int
    public var sumOfTeams: Int
  }

  /// Each month's billable peaks under `measure` (h10b's ``BillablePeak``), from the minute data.
  public func months(_ measure: PeakMeasure) -> [Month] {
    guard let span = log.span else { return [] }
    let (from, to) = (span.first, span.last + 1)
    let pooled = MinuteCounts.sum(teams.compactMap { log.minutes[$0] }).occupancy(from: from, to: to)
    let billed = BillablePeak.monthly(pooled, measure)
    let instant = BillablePeak.monthly(pooled, .instant)
    var sums = [Int](repeating: 0, count: billed.count)
    for team in teams {
      guard let minutes = log.minutes[team] else { continue }
      for (index, month) in BillablePeak.monthly(minutes.occupancy(from: from, to: to), measure).enumerated()
      where index < sums.count {
        sums[index] += month.peak
      }
    }
    return billed.indices.map {
      Month(month: billed[$0].month, pooled: billed[$0].peak, instant: instant[$0].peak, sumOfTeams: sums[$0])
    }
  }

  /// The summary for the terminal: the log, the grid, and the month table under the catalog's rule.
  public func summary(file: String, catalog: Catalog) -> String {
    let measure = catalog.concurrentBilling.peak
    let users = log.distinctUsers.values.reduce(0, +)
    var lines = [
      "Session log: \(escaped(file)) (\(log.layout.rawValue)): \(log.rows) rows"
        + (log.offlineRows > 0 ? " (\(log.offlineRows) offline statuses not counted)" : "")
        + ", \(users) users in \(teams.count) team\(teams.count == 1 ? "" : "s")",
      "Intervals: \(profiles.starts.count) of \(profiles.step) (each the most signed in at any minute of it)",
      "Billable peak per month, all teams in one pool, under \(catalog.id)'s rule: \(measure)",
    ]
    for assumption in catalog.concurrentBilling.assumptions { lines.append("  assumption: \(assumption)") }
    let rows = months(measure).map { [$0.month, "\($0.pooled)", "\($0.instant)", "\($0.sumOfTeams)"] }
    let header = ["Month", "Billable", "Instant", "Sum of team peaks"]
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    for row in [header] + rows {
      lines.append(
        "  "
          + row.enumerated().map { column, cell in
            column == 0
              ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
              : String(repeating: " ", count: widths[column] - cell.count) + cell
          }.joined(separator: "  "))
    }
    if let span = log.span {
      // The months at the log's ends that it covers for less than half, billed with a neighbour.
      let minutes = IntervalGrid(
        step: .minutes(1), start: Date(timeIntervalSince1970: Double(span.first * 60)),
        count: Int(span.last + 1 - span.first))
      for joined in minutes.joinedMonths {
        lines.append(
          "  \(joined.month) has \(IntervalGrid.duration(minutes: joined.minutes)) of sessions only, less than half the month: billed with \(joined.billedWith)"
        )
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Writes the CSV through SeatMix's one output writer (`-` is standard output).
  public func writeCSV(to path: String) throws(SeatMixError) {
    let output = try OutputFile(path: path)
    output.write(csv)
    try output.commit()
  }
}
