import Foundation

/// A deal's concurrency over time as the formulation needs it: each group's signed-in users per
/// interval, the billing months, the catalog's peak measure read at the grid, the overage prices,
/// and the intervals worth a pool row (not dominated, busiest first).
///
/// At a minute grid a count holds for its whole interval, so a level is held `k × step` minutes
/// when it is reached in k intervals: a grace of M minutes bills it from
/// ``graceIntervals`` = ⌊M / step⌋ + 1 intervals on (in a row, or in the month). At a monthly grid
/// a count has no duration: the grace rule cannot be expressed, and each month's count is billed
/// as it is (``isExact`` false, which the plan says).
final class Timeline: Sendable {
  let grid: IntervalGrid
  /// The grid's billing months (``IntervalGrid/billingMonths``), worked out once.
  let months: IntervalGrid.BillingMonths
  /// Per interval, its billing month.
  let periods: [Int]
  let periodCount: Int
  /// Per billing month, its intervals (they are consecutive).
  let periodRanges: [Range<Int>]
  /// Per group, signed-in users per interval.
  let counts: [[Int]]
  let measure: PeakMeasure
  /// How many intervals at a level bill it: 1 for the instant peak.
  let graceIntervals: Int
  let accrual: GraceAccrual
  /// Whether the measure is evaluated exactly at the grid.
  let isExact: Bool
  let overage: OverageRule
  /// Per catalog tier: the overage price per excess seat per month under the deal's pricing
  /// overlay (``PriceList/overagePrice(of:term:overlay:)``), in ``Money`` units (0 when overage is
  /// not billed).
  let overageUnits: [Int64]
  /// Per billing month: the intervals no other interval of the month dominates (every group's
  /// count at most the other's; of equal intervals the first is kept), busiest first.
  let candidates: [[Int]]
  /// Per interval: whether it is among ``candidates``.
  let isCandidate: [Bool]

  /// Largest grid for which dominated intervals are looked for (pairwise comparison).
  static let dominanceLimit = 4_000

  init?(_ deal: Deal, catalog: Catalog, term: TermID) {
    guard let concurrency = deal.concurrency else { return nil }
    let grid = concurrency.grid
    self.grid = grid
    let months = grid.billingMonths
    self.months = months
    let periods = months.periods
    self.periods = periods
    periodCount = months.labels.count
    var ranges: [Range<Int>] = []
    var start = 0
    while start < periods.count {
      var end = start
      while end < periods.count && periods[end] == periods[start] { end += 1 }
      ranges.append(start..<end)
      start = end
    }
    periodRanges = ranges
    let counts = deal.groups.map { group -> [Int] in
      let counts = group.signedIn(on: grid)
      return counts.count == grid.count ? counts : [Int](repeating: group.peakConcurrent, count: grid.count)
    }
    self.counts = counts
    let billing = catalog.concurrentBilling
    measure = billing.peak
    overage = billing.overage
    switch (billing.peak, grid.step) {
    case (.grace(let minutes, let accrual), .minutes(let step)):
      graceIntervals = minutes / step + 1
      self.accrual = accrual
    default:
      graceIntervals = 1
      accrual = .contiguous
    }
    isExact = BillablePeak.isExact(billing.peak, on: grid)
    overageUnits = catalog.tiers.map { tier in
      guard billing.overage == .perExcessSeat else { return 0 }
      return PriceList.overagePrice(of: tier, term: term, overlay: deal.pricing)?.units ?? 0
    }

    // Dominated intervals: a row for one is implied by the row of the interval that dominates it.
    let n = grid.count
    var totals = [Int](repeating: 0, count: n)
    for group in counts { for i in 0..<n { totals[i] += group[i] } }
    candidates = ranges.map { range in
      var kept = Array(range)
      kept.sort { totals[$0] != totals[$1] ? totals[$0] > totals[$1] : $0 < $1 }
      guard range.count <= Self.dominanceLimit else { return kept }
      var survivors: [Int] = []
      for i in kept {
        // Only an interval with at least the same total can dominate: the survivors so far.
        let dominated = survivors.contains { j in counts.allSatisfy { $0[i] <= $0[j] } }
        if !dominated { survivors.append(i) }
      }
      return survivors
    }
    var isCandidate = [Bool](repeating: false, count: n)
    for month in candidates { for i in month { isCandidate[i] = true } }
    self.isCandidate = isCandidate
  }

  /// The pooled signed-in users per interval of a set of groups.
  func pooled(_ groups: [Int]) -> [Int] {
    var sum = [Int](repeating: 0, count: grid.count)
    for g in groups { for i in sum.indices { sum[i] += counts[g][i] } }
    return sum
  }
}
