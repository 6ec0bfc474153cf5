import Foundation
import MIPModel

/// The pool rows of a deal with an interval grid (``Timeline``).
///
/// With S[I] = Σ signed-in users of group G in interval I × assign[G on T concurrent], and month(I)
/// the interval's billing month:
/// - instant peak: `pool-at[tier=T,interval=I]`: pool + excess[month(I)] − S[I] ≥ 0. Rows of
///   dominated intervals are implied and left out; the others may be added lazily, busiest first,
///   then the most violated (exact: the final model's optimum satisfies every row).
/// - grace of K intervals (``Timeline/graceIntervals``): pool + excess[month(I)] + bigM[I] ×
///   excused[I] − S[I] ≥ 0 for every interval, where bigM[I] is the most S[I] can be, and at most
///   K − 1 excused intervals in every K consecutive ones of a month (`contiguous`:
///   `grace[tier=T,from=I]`) or in the month (`cumulative`: `grace[tier=T,month=M]`). Then pool +
///   excess covers the month's billable peak: the largest level reached in K intervals.
/// - `excess[tier=T,month=M]` ≥ 0 exists when the catalog bills overage per excess seat, priced at
///   the tier's overage price; without it the pool alone covers the billable peak (a hard cap).
extension Formulation {
  /// How many rows of the instant peak a pool starts with per billing month, when rows are lazy.
  static let initialRowsPerMonth = 4

  mutating func addPoolOverTime(
    _ t: Int, pool: Variable, timeline: Timeline, seatBound: Double, row: inout LinearExpression,
    overage: inout LinearExpression
  ) {
    let tier = tables.prices.tierIDs[t]
    var monthExcess = [Variable?](repeating: nil, count: timeline.periodCount)
    if timeline.overageUnits[t] > 0 {
      for m in 0..<timeline.periodCount {
        let variable = model.addVariable(
          "excess[tier=\(tier),month=\(timeline.grid.monthLabel(m))]", kind: .integer, lowerBound: 0,
          upperBound: seatBound)
        monthExcess[m] = variable
        overage.add(Money.double(units: timeline.overageUnits[t]), variable)
      }
    }
    excess[t] = monthExcess
    intervalRows[t] = [Bool](repeating: false, count: timeline.grid.count)
    if timeline.graceIntervals == 1 {
      for range in timeline.candidates {
        let rows = lazyIntervalRows ? range.prefix(Self.initialRowsPerMonth) : range[...]
        for i in rows { addIntervalRow(t, interval: i, row: &row) }
      }
      return
    }
    addGraceRows(t, pool: pool, timeline: timeline, row: &row)
  }

  /// `pool-at[tier=T,interval=I]`: pool + excess[month(I)] − S[I] ≥ 0.
  private mutating func addIntervalRow(_ t: Int, interval i: Int, row: inout LinearExpression) {
    guard let timeline, let pool = pools[t], !intervalRows[t][i] else { return }
    intervalRows[t][i] = true
    let slot = FormulationTables.slot(tier: t, .concurrent)
    row.removeAll()
    row.add(1, pool)
    if let excess = excess[t][timeline.periods[i]] { row.add(1, excess) }
    for choice in choices where choice.slot == slot {
      let count = timeline.counts[choice.group][i]
      if count > 0 { row.add(choice.assignment, times: -Double(count)) }
    }
    model.add(
      row, .greaterOrEqual, 0,
      named: "pool-at[tier=\(tables.prices.tierIDs[t]),interval=\(IntervalGrid.iso(timeline.grid.start(of: i)))]")
  }

  private mutating func addGraceRows(_ t: Int, pool: Variable, timeline: Timeline, row: inout LinearExpression) {
    let tier = tables.prices.tierIDs[t]
    let slot = FormulationTables.slot(tier: t, .concurrent)
    let onTier = choices.filter { $0.slot == slot }
    var excused = [Variable?](repeating: nil, count: timeline.grid.count)
    for i in 0..<timeline.grid.count {
      var bigM = 0
      for choice in onTier { bigM += timeline.counts[choice.group][i] }
      guard bigM > 0 else { continue }
      let label = IntervalGrid.iso(timeline.grid.start(of: i))
      let variable = model.addVariable("excused[tier=\(tier),interval=\(label)]", kind: .binary)
      excused[i] = variable
      intervalRows[t][i] = true
      row.removeAll()
      row.add(1, pool)
      if let excess = excess[t][timeline.periods[i]] { row.add(1, excess) }
      row.add(Double(bigM), variable)
      for choice in onTier {
        let count = timeline.counts[choice.group][i]
        if count > 0 { row.add(choice.assignment, times: -Double(count)) }
      }
      model.add(row, .greaterOrEqual, 0, named: "pool-at[tier=\(tier),interval=\(label)]")
    }
    let allowed = Double(timeline.graceIntervals - 1)
    for (m, range) in timeline.periodRanges.enumerated() {
      switch timeline.accrual {
      case .cumulative:
        row.removeAll()
        for i in range { if let y = excused[i] { row.add(1, y) } }
        guard row.terms.count > timeline.graceIntervals - 1 else { continue }
        model.add(row, .lessOrEqual, allowed, named: "grace[tier=\(tier),month=\(timeline.grid.monthLabel(m))]")
      case .contiguous:
        guard range.count >= timeline.graceIntervals else { continue }
        for from in range.lowerBound...(range.upperBound - timeline.graceIntervals) {
          row.removeAll()
          for i in from..<(from + timeline.graceIntervals) { if let y = excused[i] { row.add(1, y) } }
          guard row.terms.count == timeline.graceIntervals else { continue }
          model.add(
            row, .lessOrEqual, allowed,
            named: "grace[tier=\(tier),from=\(IntervalGrid.iso(timeline.grid.start(of: from)))]")
        }
      }
    }
  }

  /// Adds the `pool-at` rows the solution breaks, at most `perTier` per pool (the most violated
  /// first); returns how many were added (0: the solution satisfies every row of the full model).
  /// Works on the relaxation's fractional values as on whole ones.
  mutating func addViolatedIntervalRows(_ values: [Double], perTier: Int = 24) -> Int {
    guard let timeline, lazyIntervalRows else { return 0 }
    var added = 0
    var row = LinearExpression()
    let n = timeline.grid.count
    var pooled = [Double](repeating: 0, count: n)
    for t in pools.indices {
      guard let pool = pools[t] else { continue }
      let slot = FormulationTables.slot(tier: t, .concurrent)
      for i in 0..<n { pooled[i] = 0 }
      var any = false
      for choice in choices where choice.slot == slot {
        let x = choice.assignment.value(at: values)
        guard x > 1e-9 else { continue }
        any = true
        let counts = timeline.counts[choice.group]
        for i in 0..<n where counts[i] > 0 { pooled[i] += x * Double(counts[i]) }
      }
      guard any else { continue }
      let seats = values[pool.index]
      var violations: [(interval: Int, by: Double)] = []
      for i in 0..<n where timeline.isCandidate[i] && !intervalRows[t][i] {
        let cover = seats + (excess[t][timeline.periods[i]].map { values[$0.index] } ?? 0)
        if pooled[i] > cover + 1e-6 { violations.append((i, pooled[i] - cover)) }
      }
      violations.sort { $0.by != $1.by ? $0.by > $1.by : $0.interval < $1.interval }
      for violation in violations.prefix(perTier) {
        addIntervalRow(t, interval: violation.interval, row: &row)
        added += 1
      }
    }
    return added
  }
}
