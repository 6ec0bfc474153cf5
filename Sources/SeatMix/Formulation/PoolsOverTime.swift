import Foundation
import MIPModel

/// The pool rows of a deal with an interval grid (``Timeline``).
///
/// With S[I] = Σ signed-in users of group G in interval I × assign[G on T concurrent], and month(I)
/// the interval's billing month:
/// - instant peak: `pool-at[tier=T,interval=I]`: pool + excess[month(I)] − S[I] ≥ 0. Rows of
///   dominated intervals are implied and left out; the others may be added lazily, busiest first,
///   then the most violated (exact: the final model's optimum satisfies every row).
/// - grace of K intervals (``Timeline/graceIntervals``): pool + excess[month(I)] + slack[I] ×
///   excused[I] − S[I] ≥ 0 for every interval, and at most K − 1 excused intervals in every K
///   consecutive ones of a month (`contiguous`: `grace[tier=T,from=I]`) or in the month
///   (`cumulative`: `grace[tier=T,month=M]`). Then pool + excess covers the month's billable peak:
///   the largest level reached in K intervals (in a row, or in all). When rows are lazy, a pool
///   starts with its `pool-floor` rows only, and the `pool-at` rows, binaries and `grace` rows
///   come with the plans that break the rule (``addViolatedGraceRows(_:perTier:)``).
///
///   The slack. With cover = pool + excess[M], every window W of K consecutive intervals of month
///   M has cover ≥ min over I in W of S[I] (contiguous: by the rule; cumulative: the K-th largest
///   count of the month is at least the least of any K of its intervals), and that is at least
///   Σ_G least[G,W] × assign[G], least[G,W] being G's smallest count in W: `pool-floor[tier=T,
///   from=I]` states it. So for I in W, S[I] − cover ≤ Σ_G (count[G,I] − least[G,W]) × assign[G] ≤
///   Σ_G (count[G,I] − least[G,W]) over the groups that may be on T (N times for N merged identical
///   groups), and slack[I] is the least of these over the windows that hold I: an excused
///   interval's row needs no more (without a window, the month's largest S[I], the big M). Exact
///   both ways: a plan whose cover meets the billable peak meets every row with exactly the
///   intervals above the cover excused (at most K − 1 of any window, or of the month, are above
///   it, and the floor bounds the rest), and an excused
///   interval at slack 0 needs no binary; conversely every window keeps one covered interval (the
///   month, all but K − 1), so the cover is at least the billable peak. The floor rows only cut
///   off fractional points: the relaxation's bound is far closer (the benchmark's 100 teams under
///   Zoom's 30 minutes: 135,859 instead of 19,950, README).
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
          "excess[tier=\(tier),month=\(timeline.months.labels[m])]", kind: .integer, lowerBound: 0,
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
    let n = timeline.grid.count
    let k = timeline.graceIntervals
    var largest = [Int](repeating: 0, count: n)
    for choice in onTier {
      let counts = timeline.counts[choice.group]
      let times = copies(of: choice.group)
      for i in 0..<n { largest[i] += times * counts[i] }
    }
    var slack = largest
    if !bigMGraceRows {
      // pool-floor: cover − Σ least[G,W] × assign ≥ 0 for every window W of K in a row of a month.
      for range in timeline.periodRanges where range.count >= k {
        for from in range.lowerBound...(range.upperBound - k) {
          row.removeAll()
          row.add(1, pool)
          if let excess = excess[t][timeline.periods[from]] { row.add(1, excess) }
          var floor = 0
          for choice in onTier {
            let counts = timeline.counts[choice.group]
            var least = counts[from]
            for i in (from + 1)..<(from + k) where counts[i] < least { least = counts[i] }
            guard least > 0 else { continue }
            floor += copies(of: choice.group) * least
            row.add(choice.assignment, times: -Double(least))
          }
          for i in from..<(from + k) { slack[i] = min(slack[i], largest[i] - floor) }
          guard floor > 0 else { continue }
          model.add(
            row, .greaterOrEqual, 0,
            named: "pool-floor[tier=\(tier),from=\(IntervalGrid.iso(timeline.grid.start(of: from)))]")
        }
      }
    }
    graceRows[t] = GraceRows(
      slack: slack, excused: [Variable?](repeating: nil, count: n),
      windows: [], monthRowTerms: [Int](repeating: 0, count: timeline.periodCount))
    // Lazily, only the floor rows go in now: an interval at slack 0 is never above the cover (its
    // row is the floor row of the window that gave the 0), and the others' rows come with the
    // plans that break them (``addViolatedGraceRows(_:perTier:)``).
    guard !lazyGraceRows else { return }
    for i in 0..<n where largest[i] > 0 { addGraceIntervalRow(t, interval: i, row: &row) }
    for m in timeline.periodRanges.indices {
      switch timeline.accrual {
      case .cumulative:
        addGraceMonthRow(t, month: m, row: &row)
      case .contiguous:
        let range = timeline.periodRanges[m]
        guard range.count >= k else { continue }
        for from in range.lowerBound...(range.upperBound - k) { addGraceWindowRow(t, from: from, row: &row) }
      }
    }
  }

  /// `pool-at[tier=T,interval=I]` under a grace rule: pool + excess[month(I)] + slack[I] ×
  /// excused[I] − S[I] ≥ 0 (without the binary at slack 0).
  private mutating func addGraceIntervalRow(_ t: Int, interval i: Int, row: inout LinearExpression) {
    guard let timeline, let pool = pools[t], var grace = graceRows[t], !intervalRows[t][i] else { return }
    let tier = tables.prices.tierIDs[t]
    let slot = FormulationTables.slot(tier: t, .concurrent)
    let label = IntervalGrid.iso(timeline.grid.start(of: i))
    intervalRows[t][i] = true
    row.removeAll()
    row.add(1, pool)
    if let excess = excess[t][timeline.periods[i]] { row.add(1, excess) }
    if grace.slack[i] > 0 {
      let variable = model.addVariable("excused[tier=\(tier),interval=\(label)]", kind: .binary)
      grace.excused[i] = variable
      graceRows[t] = grace
      row.add(Double(grace.slack[i]), variable)
    }
    for choice in choices where choice.slot == slot {
      let count = timeline.counts[choice.group][i]
      if count > 0 { row.add(choice.assignment, times: -Double(count)) }
    }
    model.add(row, .greaterOrEqual, 0, named: "pool-at[tier=\(tier),interval=\(label)]")
  }

  /// `grace[tier=T,from=I]` (contiguous): at most K − 1 of the K intervals from I excused. Only
  /// when each of them has its binary: a window with an interval that is never excused keeps the
  /// rule by itself. Returns whether the row went in.
  @discardableResult
  private mutating func addGraceWindowRow(_ t: Int, from: Int, row: inout LinearExpression) -> Bool {
    guard let timeline, var grace = graceRows[t], !grace.windows.contains(from) else { return false }
    let k = timeline.graceIntervals
    row.removeAll()
    for i in from..<(from + k) {
      guard let y = grace.excused[i] else { return false }
      row.add(1, y)
    }
    grace.windows.insert(from)
    graceRows[t] = grace
    model.add(
      row, .lessOrEqual, Double(k - 1),
      named: "grace[tier=\(tables.prices.tierIDs[t]),from=\(IntervalGrid.iso(timeline.grid.start(of: from)))]")
    return true
  }

  /// `grace[tier=T,month=M]` (cumulative): at most K − 1 of the month's excused binaries set; when
  /// binaries come lazily, a new row over all of them each time the month gains some (each row
  /// holds in the full model, and the last one implies the earlier). Returns whether a row went in.
  @discardableResult
  private mutating func addGraceMonthRow(_ t: Int, month m: Int, row: inout LinearExpression) -> Bool {
    guard let timeline, var grace = graceRows[t] else { return false }
    let k = timeline.graceIntervals
    row.removeAll()
    for i in timeline.periodRanges[m] { if let y = grace.excused[i] { row.add(1, y) } }
    guard row.terms.count > k - 1, row.terms.count > grace.monthRowTerms[m] else { return false }
    grace.monthRowTerms[m] = row.terms.count
    graceRows[t] = grace
    let tier = tables.prices.tierIDs[t]
    let label = timeline.months.labels[m]
    let name =
      lazyGraceRows
      ? "grace[tier=\(tier),month=\(label),excused=\(row.terms.count)]" : "grace[tier=\(tier),month=\(label)]"
    model.add(row, .lessOrEqual, Double(k - 1), named: name)
    return true
  }

  /// Adds the grace rule's rows a solution breaks, at most about `perTier` per pool; returns how
  /// many were added (0: the plan meets the rule in every month of every pool, so the full model's
  /// rows hold with exactly the intervals above the cover excused).
  ///
  /// With S[I] the solution's pooled count and cover the month's pool + excess, the intervals
  /// above the cover must be excused; the rule breaks where K in a row of them (contiguous) or
  /// more than K − 1 in the month (cumulative) are. The rows added there are the full model's: the
  /// intervals' `pool-at` rows with their binaries, and the window's (or month's) `grace` row, so a
  /// whole plan that breaks the rule cannot come back once they are in, and the loop ends. Every
  /// row added holds in the full model, so each round's optimum bounds the full model's from below,
  /// and the last round's plan meets it: the optimum. On a relaxation's fractional values the same
  /// test picks rows that are likely needed.
  mutating func addViolatedGraceRows(_ values: [Double], perTier: Int = 24) -> Int {
    guard let timeline, lazyGraceRows else { return 0 }
    let n = timeline.grid.count
    let k = timeline.graceIntervals
    var added = 0
    var row = LinearExpression()
    var pooled = [Double](repeating: 0, count: n)
    var above = [Double](repeating: 0, count: n)
    for t in pools.indices {
      guard let pool = pools[t], let grace = graceRows[t] else { continue }
      let slot = FormulationTables.slot(tier: t, .concurrent)
      for i in 0..<n { pooled[i] = 0 }
      for choice in choices where choice.slot == slot {
        let x = choice.assignment.value(at: values)
        guard x > 1e-9 else { continue }
        let counts = timeline.counts[choice.group]
        for i in 0..<n where counts[i] > 0 { pooled[i] += x * Double(counts[i]) }
      }
      // How far each interval is above its month's cover (≤ 0: not above; never at slack 0).
      for i in 0..<n {
        let cover = values[pool.index] + (excess[t][timeline.periods[i]].map { values[$0.index] } ?? 0)
        above[i] = grace.slack[i] > 0 ? pooled[i] - cover : 0
      }
      var addedHere = 0
      for (m, range) in timeline.periodRanges.enumerated() where addedHere < perTier {
        switch timeline.accrual {
        case .contiguous:
          guard range.count >= k else { continue }
          var broken: [(from: Int, by: Double)] = []
          for from in range.lowerBound...(range.upperBound - k) where !graceRows[t]!.windows.contains(from) {
            var least = above[from]
            for i in (from + 1)..<(from + k) where above[i] < least { least = above[i] }
            if least > 1e-6 { broken.append((from, least)) }
          }
          broken.sort { $0.by != $1.by ? $0.by > $1.by : $0.from < $1.from }
          for window in broken where addedHere < perTier {
            for i in window.from..<(window.from + k) where !intervalRows[t][i] {
              addGraceIntervalRow(t, interval: i, row: &row)
              addedHere += 1
            }
            if addGraceWindowRow(t, from: window.from, row: &row) { addedHere += 1 }
          }
        case .cumulative:
          let over = range.filter { above[$0] > 1e-6 }
          guard over.count > k - 1 else { continue }
          for i in over.sorted(by: { above[$0] != above[$1] ? above[$0] > above[$1] : $0 < $1 })
          where !intervalRows[t][i] && addedHere < perTier {
            addGraceIntervalRow(t, interval: i, row: &row)
            addedHere += 1
          }
          if addGraceMonthRow(t, month: m, row: &row) { addedHere += 1 }
        }
      }
      added += addedHere
    }
    return added
  }

  /// Adds the `pool-at` rows the solution breaks, at most `perTier` per pool (the most violated
  /// first); returns how many were added (0: the solution satisfies every row of the full model).
  /// Works on the relaxation's fractional values as on whole ones.
  mutating func addViolatedIntervalRows(_ values: [Double], perTier: Int = 24) -> Int {
    guard let timeline, lazyIntervalRows else { return 0 }
    if timeline.graceIntervals > 1 { return addViolatedGraceRows(values, perTier: perTier) }
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

/// A pool's grace rule as its rows need it (``Formulation/addViolatedGraceRows(_:perTier:)``).
struct GraceRows: Sendable {
  /// Per interval: the slack of its `pool-at` row when excused (0: never above the cover).
  var slack: [Int]
  /// Per interval: its `excused` binary, once its row is in.
  var excused: [Variable?]
  /// The windows (by first interval) whose `grace` row is in (contiguous).
  var windows: Set<Int>
  /// Per billing month: how many binaries its latest `grace` row holds (cumulative).
  var monthRowTerms: [Int]
}

/// What makes two groups' columns the same: their admitted options in order (by position among
/// the group's options and by value), with slots and costs, their agents and peak, and their
/// signed-in counts.
private struct GroupColumns: Hashable {
  var positions: [Int]
  var options: [GroupOption]
  var slots: [Int]
  var costs: [Double]
  var agents: Int
  var peak: Int
  var counts: [Int]
}

extension Formulation {
  /// Per group, the first group in deal order identical to it (``GroupColumns``: the same
  /// options, costs, headcount and profile), itself when there is none or when it has one option
  /// (no variable). `held` is each group's options in the model.
  ///
  /// K identical groups then share one integer `assign` per option, from 0 to K: how many of them
  /// take it, with Σ = K in their `cover` row. Exact: their columns are the same in every row and
  /// in the objective (the `model-of` row takes K × model[M]), so the K binaries of an option
  /// enter every row only through their sum, and any plan of the K groups is a plan of the
  /// counts at the same cost, and back (``chosen(at:)`` hands the counts out in deal order). The
  /// search then no longer explores the groups' permutations, and a deal of many copies is as
  /// small as its distinct groups. Each group stays a line of its own in the plan.
  func identicalGroups(_ held: [[Int]]) -> [Int] {
    guard let timeline else { return Array(problem.groups.indices) }
    let options = problem.everyOption
    let groups = problem.groups
    var first: [GroupColumns: Int] = [:]
    var mergedInto = Array(groups.indices)
    for g in groups.indices where held[g].count > 1 {
      let columns = GroupColumns(
        positions: held[g], options: held[g].map { options[g][$0] }, slots: held[g].map { tables.slot(g, $0) },
        costs: held[g].map { tables.optionCost(g, $0, agents: groups[g].agents) }, agents: groups[g].agents,
        peak: groups[g].peakConcurrent, counts: timeline.counts[g])
      if let earlier = first[columns] { mergedInto[g] = earlier } else { first[columns] = g }
    }
    return mergedInto
  }
}
