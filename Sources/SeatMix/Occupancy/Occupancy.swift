import Foundation

// Concurrency over time: the deal's interval grid, each group's signed-in users on it, and how a
// vendor measures a pool's billable peak per billing month (``PeakMeasure``, evaluated by
// ``BillablePeak``).
//
// A profile's count is read as a step function: the number of users signed in throughout the
// interval (a reduction from sessions takes each interval's largest count, so the grid never
// understates a peak). Billing months are UTC calendar months.

/// The length of one interval of a deal's grid.
public enum GridStep: Sendable, Hashable, CustomStringConvertible {
  /// 15, 30 or 60 minutes.
  case minutes(Int)
  /// One calendar month per interval (12 monthly peaks for a seasonal deal).
  case month

  /// The minute steps a grid may have.
  public static let minuteSteps = [15, 30, 60]

  /// `15m`, `30m`, `60m` (also `1h`), `month` (also `monthly`, `1mo`); nil for anything else.
  public init?(text: String) {
    switch text.trimmingCharacters(in: .whitespaces).lowercased() {
    case "15m", "15min": self = .minutes(15)
    case "30m", "30min": self = .minutes(30)
    case "60m", "60min", "1h": self = .minutes(60)
    case "month", "monthly", "1mo": self = .month
    default: return nil
    }
  }

  /// As written in deal files: `30m`, `month`.
  public var description: String {
    switch self {
    case .minutes(let minutes): return "\(minutes)m"
    case .month: return "month"
    }
  }

  /// Minutes per interval; nil for monthly steps (months differ in length).
  public var minutes: Int? {
    if case .minutes(let minutes) = self { return minutes }
    return nil
  }
}

/// The deal's intervals: `count` intervals of `step` from `start` (a UTC instant).
public struct IntervalGrid: Sendable, Equatable {
  public var step: GridStep
  public var start: Date
  public var count: Int

  /// At most a year of 15-minute intervals (366 × 96), or 120 months.
  public static let maximumIntervals = 366 * 96
  public static let maximumMonths = 120

  public init(step: GridStep, start: Date, count: Int) {
    self.step = step
    self.start = start
    self.count = count
  }

  static let utc: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar
  }()

  /// The (year, month) of an instant, in UTC.
  static func yearMonth(_ date: Date) -> (year: Int, month: Int) {
    let parts = utc.dateComponents([.year, .month], from: date)
    return (parts.year ?? 1970, parts.month ?? 1)
  }

  /// Where interval `interval` starts.
  public func start(of interval: Int) -> Date {
    switch step {
    case .minutes(let minutes): return start.addingTimeInterval(Double(interval * minutes * 60))
    case .month: return Self.utc.date(byAdding: .month, value: interval, to: start) ?? start
    }
  }

  /// The calendar months (UTC) a minute grid touches, in order: per interval its month (0 for the
  /// month the grid starts in), and per month the minutes the grid covers of it and its length.
  private func calendarMonths(step minutes: Int) -> (months: [Int], covered: [Int], lengths: [Int]) {
    // Months change rarely: walk boundary to boundary instead of asking the calendar per interval.
    var months: [Int] = []
    months.reserveCapacity(count)
    var covered = [0]
    var lengths: [Int] = []
    var month = 0
    var monthStart = Self.monthStart(of: start)
    var next = nextMonthStart(after: start)
    lengths.append(Int(next.timeIntervalSince(monthStart) / 60))
    for i in 0..<count {
      let at = start.addingTimeInterval(Double(i * minutes * 60))
      while at >= next {
        month += 1
        monthStart = next
        next = nextMonthStart(after: next)
        covered.append(0)
        lengths.append(Int(next.timeIntervalSince(monthStart) / 60))
      }
      months.append(month)
      covered[month] += minutes
    }
    return (months, covered, lengths)
  }

  /// Of calendar months covered `covered[m]` minutes of `lengths[m]`, the ones billed as months of
  /// their own: all but a month at either end covered for less than half its length, which is billed
  /// with its neighbour (data that runs a few hours into the next month is not a month's bill), and
  /// a grid within one or two partly covered months (a typical week) is one billing month.
  static func billedMonths(covered: [Int], lengths: [Int]) -> ClosedRange<Int> {
    var first = 0
    var last = max(covered.count - 1, 0)
    if last > first && covered[first] * 2 < lengths[first] { first += 1 }
    if last > first && covered[last] * 2 < lengths[last] { last -= 1 }
    return first...last
  }

  /// The grid's billing months, worked out in one pass over the intervals: per interval its
  /// billing month, per billing month its `YYYY-MM`, and the calendar months at the ends billed with
  /// a neighbour (``IntervalGrid/billedMonths(covered:lengths:)``).
  public struct BillingMonths: Sendable, Equatable {
    /// Per interval, its billing month: 0 for the first, then 1, 2, …
    public var periods: [Int]
    /// Per billing month, `YYYY-MM`.
    public var labels: [String]
    /// Each calendar month billed with a neighbour: its `YYYY-MM`, the minutes covered, and the
    /// billing month it joins. Empty for monthly grids.
    public var joined: [Joined]

    public struct Joined: Sendable, Equatable {
      public var month: String
      public var minutes: Int
      public var billedWith: String
    }
  }

  /// UTC calendar months; a month at either end that the grid covers for less than half is billed
  /// with its neighbour (``billedMonths(covered:lengths:)``). Derive it once where it is used often
  /// (``Timeline``): each property below walks the grid.
  public var billingMonths: BillingMonths {
    guard let minutes = step.minutes else {
      return BillingMonths(periods: Array(0..<count), labels: (0..<max(count, 1)).map(calendarLabel), joined: [])
    }
    let calendar = calendarMonths(step: minutes)
    let billed = Self.billedMonths(covered: calendar.covered, lengths: calendar.lengths)
    func billing(_ m: Int) -> Int { min(max(m, billed.lowerBound), billed.upperBound) - billed.lowerBound }
    return BillingMonths(
      periods: calendar.months.map(billing), labels: billed.map(calendarLabel),
      joined: calendar.covered.indices.filter { !billed.contains($0) }.map { m in
        BillingMonths.Joined(
          month: calendarLabel(m), minutes: calendar.covered[m],
          billedWith: calendarLabel(billing(m) + billed.lowerBound))
      })
  }

  /// The billing month an interval falls in (``billingMonths``).
  public func period(of interval: Int) -> Int { billingMonths.periods[interval] }

  /// How many billing months the grid spans (at least 1).
  public var periodCount: Int { billingMonths.labels.count }

  /// Per interval, its billing month (``billingMonths``).
  public var periods: [Int] { billingMonths.periods }

  /// The calendar months at the grid's ends billed with their neighbour (``billingMonths``).
  public var joinedMonths: [BillingMonths.Joined] { billingMonths.joined }

  /// `YYYY-MM` of a billing month, for output (``billingMonths``).
  public func monthLabel(_ period: Int) -> String { billingMonths.labels[period] }

  /// `YYYY-MM` of the calendar month `offset` months after the one the grid starts in.
  func calendarLabel(_ offset: Int) -> String {
    let (year, month) = Self.yearMonth(start)
    let index = year * 12 + (month - 1) + offset
    return String(format: "%04d-%02d", index / 12, index % 12 + 1)
  }

  /// `12 hours`, `3 days`: how long a joined month is covered, for notes.
  public static func duration(minutes: Int) -> String {
    let hours = minutes / 60
    return hours < 48 ? "\(hours) hour\(hours == 1 ? "" : "s")" : "\(hours / 24) days"
  }

  /// The first instant of the UTC month `date` is in.
  static func monthStart(of date: Date) -> Date {
    let (year, month) = yearMonth(date)
    return utc.date(from: DateComponents(year: year, month: month, day: 1)) ?? date
  }

  /// The first instant of the UTC month after the one `date` is in.
  func nextMonthStart(after date: Date) -> Date {
    let (year, month) = Self.yearMonth(date)
    let first = Self.utc.date(from: DateComponents(year: year, month: month, day: 1)) ?? date
    return Self.utc.date(byAdding: .month, value: 1, to: first) ?? date.addingTimeInterval(31 * 86_400)
  }

  /// What is wrong with the grid, one message each (empty when it is valid).
  public func problems() -> [String] {
    var problems: [String] = []
    switch step {
    case .minutes(let minutes):
      if !GridStep.minuteSteps.contains(minutes) {
        problems.append("a grid step is 15m, 30m, 60m or month; got \(step)")
      }
      let parts = Self.utc.dateComponents([.minute, .second, .nanosecond], from: start)
      if minutes > 0, (parts.minute ?? 0) % minutes != 0 || (parts.second ?? 0) != 0 || (parts.nanosecond ?? 0) > 0 {
        problems.append("the grid starts at \(Self.iso(start)), not on a \(step) boundary")
      }
      if count > Self.maximumIntervals {
        problems.append(
          "\(count) intervals is above the maximum \(Self.maximumIntervals) (a year of 15-minute intervals)")
      }
    case .month:
      let parts = Self.utc.dateComponents([.day, .hour, .minute, .second, .nanosecond], from: start)
      if parts.day != 1 || parts.hour != 0 || parts.minute != 0 || parts.second != 0 || (parts.nanosecond ?? 0) > 0 {
        problems.append("a monthly grid starts on the first of a month at 00:00 UTC; got \(Self.iso(start))")
      }
      if count > Self.maximumMonths { problems.append("\(count) months is above the maximum \(Self.maximumMonths)") }
    }
    if count < 1 { problems.append("the grid has no intervals") }
    return problems
  }

  /// `2026-01-05T00:00:00Z`: ISO8601DateFormatter's text for a UTC instant. Written by hand for
  /// whole seconds of years 1600–9999 (every interval start; a row name per pool and interval), which
  /// is a hundred times cheaper than a formatter; anything else (before 1600 ICU's calendar is
  /// Julian) goes to the formatter.
  static func iso(_ date: Date) -> String {
    let seconds = date.timeIntervalSince1970
    guard seconds == seconds.rounded(.down), seconds >= -11_676_096_000, seconds < 253_402_300_800 else {
      let formatter = ISO8601DateFormatter()
      formatter.timeZone = TimeZone(identifier: "UTC")
      return formatter.string(from: date)
    }
    let whole = Int(seconds)
    let (days, second) = whole.quotientAndRemainder(dividingBy: 86_400)
    let (day, time) = second < 0 ? (days - 1, second + 86_400) : (days, second)
    // Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
    let shifted = day + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    var text = [UInt8]()
    text.reserveCapacity(20)
    func digits(_ value: Int, _ count: Int) {
      var divisor = 1
      for _ in 1..<count { divisor *= 10 }
      var rest = value
      while divisor > 0 {
        text.append(UInt8(ascii: "0") + UInt8(rest / divisor))
        rest %= divisor
        divisor /= 10
      }
    }
    digits(year, 4)
    text.append(UInt8(ascii: "-"))
    digits(month, 2)
    text.append(UInt8(ascii: "-"))
    digits(dayOfMonth, 2)
    text.append(UInt8(ascii: "T"))
    digits(time / 3_600, 2)
    text.append(UInt8(ascii: ":"))
    digits(time / 60 % 60, 2)
    text.append(UInt8(ascii: ":"))
    digits(time % 60, 2)
    text.append(UInt8(ascii: "Z"))
    return String(decoding: text, as: UTF8.self)
  }
}

/// Signed-in users over time at one-minute resolution, run-length encoded: `runs[k].count` users
/// from minute `runs[k].minute` (after `start`) until the next run's minute, the last until `minutes`.
public struct MinuteOccupancy: Sendable, Equatable {
  public struct Run: Sendable, Equatable {
    /// Minutes after ``MinuteOccupancy/start``.
    public var minute: Int
    public var count: Int

    public init(minute: Int, count: Int) {
      self.minute = minute
      self.count = count
    }
  }

  public var start: Date
  /// The span covered, in minutes.
  public var minutes: Int
  /// Ascending minutes, the first at 0.
  public var runs: [Run]

  public init(start: Date, minutes: Int, runs: [Run]) {
    self.start = start
    self.minutes = minutes
    self.runs = runs
  }

  /// The largest count.
  public var peak: Int { runs.reduce(0) { max($0, $1.count) } }

  /// The pointwise sum of several occupancies on the same start and span (a pool's signed-in users).
  public static func sum(_ parts: [MinuteOccupancy]) -> MinuteOccupancy? {
    guard let first = parts.first else { return nil }
    guard parts.allSatisfy({ $0.start == first.start && $0.minutes == first.minutes }) else { return nil }
    var changes: [Int: Int] = [:]
    for part in parts {
      var previous = 0
      for run in part.runs {
        changes[run.minute, default: 0] += run.count - previous
        previous = run.count
      }
    }
    var runs: [Run] = []
    var level = 0
    for minute in changes.keys.sorted() {
      level += changes[minute]!
      if let last = runs.last, last.count == level { continue }
      runs.append(Run(minute: minute, count: level))
    }
    if runs.first?.minute != 0 { runs.insert(Run(minute: 0, count: 0), at: 0) }
    return MinuteOccupancy(start: first.start, minutes: first.minutes, runs: runs)
  }
}

/// One group's signed-in users on the deal's grid.
public struct SignedInProfile: Sendable, Equatable {
  /// Signed-in users per interval of the deal's ``IntervalGrid`` (as many as it has intervals).
  public var counts: [Int]
  /// The same users at one-minute resolution, when they came from sessions: the plan's measured
  /// bill is evaluated on it, month by month.
  public var minutes: MinuteOccupancy?
  /// Where the counts came from, for output: `inline`, a file name, `sessions in FILE`.
  public var source: String

  public init(counts: [Int], minutes: MinuteOccupancy? = nil, source: String = "inline") {
    self.counts = counts
    self.minutes = minutes
    self.source = source
  }

  public var peak: Int { counts.max() ?? 0 }
}

/// The deal's concurrency over time: its grid, and where the profiles came from.
public struct DealConcurrency: Sendable, Equatable {
  public var grid: IntervalGrid
  /// Where the profiles came from, for output (`inline profiles`, `sessions in logs.csv`).
  public var source: String

  public init(grid: IntervalGrid, source: String = "inline profiles") {
    self.grid = grid
    self.source = source
  }
}

/// How a vendor counts a concurrent pool's billable peak in one billing month.
public enum PeakMeasure: Sendable, Equatable, CustomStringConvertible {
  /// The month's largest count of users signed in at once.
  case instant
  /// A level is billed only when it is held for more than `minutes` in the month: in one
  /// stretch (`contiguous`), or in all (`cumulative`). The billable peak is the largest count q
  /// such that the time with at least q users signed in exceeds `minutes`.
  case grace(minutes: Int, accrual: GraceAccrual)

  public var description: String {
    switch self {
    case .instant: return "instant peak"
    case .grace(let minutes, let accrual):
      return "peak held more than \(minutes) minutes (\(accrual.rawValue))"
    }
  }
}

public enum GraceAccrual: String, Sendable, CaseIterable {
  case contiguous
  case cumulative
}

/// What happens when more users are signed in than a pool has seats.
public enum OverageRule: Sendable, Equatable {
  /// A hard cap: the pool must cover the billable peak of every month.
  case notAllowed
  /// Each excess seat of a month's billable peak over the pool is billed at the tier's overage
  /// price (``TierLicense/overagePrices``) for that month.
  case perExcessSeat
}

/// A catalog's rules for billing concurrent pools over time.
public struct ConcurrentBilling: Sendable, Equatable {
  public var peak: PeakMeasure
  public var overage: OverageRule
  /// What the rule assumes where the vendor publishes nothing (shown in plans).
  public var assumptions: [String]

  public init(peak: PeakMeasure = .instant, overage: OverageRule = .notAllowed, assumptions: [String] = []) {
    self.peak = peak
    self.overage = overage
    self.assumptions = assumptions
  }

  /// A catalog that states nothing: the instant peak, no overage (a pool covers every interval).
  public static let hardCap = ConcurrentBilling()
}

/// The billable peak of a count series under a ``PeakMeasure``.
public enum BillablePeak {
  /// A stretch of time at one count.
  public struct Segment: Sendable, Equatable {
    public var count: Int
    public var minutes: Int

    public init(count: Int, minutes: Int) {
      self.count = count
      self.minutes = minutes
    }
  }

  /// The billable peak of consecutive segments (one billing month): the largest q such that the
  /// time at q or more exceeds the grace (any time at all for `instant`); 0 when none does.
  public static func of(_ segments: [Segment], _ measure: PeakMeasure) -> Int {
    switch measure {
    case .instant:
      return segments.reduce(0) { $1.minutes > 0 ? max($0, $1.count) : $0 }
    case .grace(let grace, let accrual):
      // Whether level q is held more than `grace` minutes; true for small q, false for large.
      func held(_ q: Int) -> Bool {
        var total = 0
        for segment in segments {
          if segment.count >= q {
            total += segment.minutes
            if total > grace { return true }
          } else if accrual == .contiguous {
            total = 0
          }
        }
        return false
      }
      var levels = Array(Set(segments.lazy.filter { $0.minutes > 0 }.map(\.count))).sorted()
      levels.removeAll { $0 <= 0 }
      // Binary search for the largest level held.
      var low = 0
      var high = levels.count - 1
      var best = 0
      while low <= high {
        let middle = (low + high) / 2
        if held(levels[middle]) {
          best = levels[middle]
          low = middle + 1
        } else {
          high = middle - 1
        }
      }
      return best
    }
  }

  /// Each billing month's billable peak of a count series on a grid. On a monthly grid a count
  /// carries no duration, so every measure reads it as that month's peak (``isExact(_:on:)``).
  public static func monthly(_ counts: [Int], grid: IntervalGrid, _ measure: PeakMeasure) -> [Int] {
    monthly(counts, step: grid.step, months: grid.billingMonths, measure)
  }

  /// The same, with the grid's billing months already worked out (``IntervalGrid/billingMonths``).
  static func monthly(
    _ counts: [Int], step: GridStep, months: IntervalGrid.BillingMonths, _ measure: PeakMeasure
  ) -> [Int] {
    let periods = months.periods
    var result = [Int](repeating: 0, count: months.labels.count)
    guard let step = step.minutes else {
      for (i, count) in counts.enumerated() where i < periods.count {
        result[periods[i]] = max(result[periods[i]], count)
      }
      return result
    }
    var start = 0
    while start < counts.count && start < periods.count {
      var end = start
      while end < counts.count && end < periods.count && periods[end] == periods[start] { end += 1 }
      result[periods[start]] = of(counts[start..<end].map { Segment(count: $0, minutes: step) }, measure)
      start = end
    }
    return result
  }

  /// Each UTC calendar month's billable peak of a minute-level occupancy, with the month's label
  /// (months the occupancy spans, in order; one at either end covered for less than half is billed
  /// with its neighbour, as on a grid). A stretch over a month's end counts in each month for the
  /// minutes it has there.
  public static func monthly(_ occupancy: MinuteOccupancy, _ measure: PeakMeasure) -> [(month: String, peak: Int)] {
    let grid = IntervalGrid(step: .minutes(15), start: occupancy.start, count: 1)
    // Month starts as minutes after the occupancy's start.
    var starts = [0]
    var boundary = grid.nextMonthStart(after: occupancy.start)
    while true {
      let minute = Int((boundary.timeIntervalSince(occupancy.start) / 60).rounded(.up))
      guard minute < occupancy.minutes else { break }
      starts.append(minute)
      boundary = grid.nextMonthStart(after: boundary)
    }
    var segments = [[Segment]](repeating: [], count: starts.count)
    var month = 0
    for (k, run) in occupancy.runs.enumerated() {
      var from = max(run.minute, 0)
      let to = min(k + 1 < occupancy.runs.count ? occupancy.runs[k + 1].minute : occupancy.minutes, occupancy.minutes)
      while from < to {
        while month + 1 < starts.count && starts[month + 1] <= from { month += 1 }
        let monthEnd = month + 1 < starts.count ? starts[month + 1] : occupancy.minutes
        let piece = min(to, monthEnd) - from
        segments[month].append(Segment(count: run.count, minutes: piece))
        from += piece
      }
    }
    // Months at either end covered for less than half are billed with their neighbour, as on the
    // deal's grid (``IntervalGrid/billedMonths(covered:lengths:)``).
    var lengths: [Int] = []
    var monthStart = IntervalGrid.monthStart(of: occupancy.start)
    for _ in starts {
      let next = grid.nextMonthStart(after: monthStart)
      lengths.append(Int(next.timeIntervalSince(monthStart) / 60))
      monthStart = next
    }
    let covered = starts.indices.map { m in (m + 1 < starts.count ? starts[m + 1] : occupancy.minutes) - starts[m] }
    let billed = IntervalGrid.billedMonths(covered: covered, lengths: lengths)
    var billedSegments = Array(segments[billed])
    if billed.lowerBound > 0 { billedSegments[0] = segments[..<billed.lowerBound].joined() + billedSegments[0] }
    if billed.upperBound < segments.count - 1 {
      billedSegments[billedSegments.count - 1] += segments[(billed.upperBound + 1)...].joined()
    }
    return billedSegments.enumerated().map {
      (grid.calendarLabel(billed.lowerBound + $0.offset), of($0.element, measure))
    }
  }

  /// Whether the measure is evaluated exactly at the grid: always for minute grids (a count holds
  /// for its whole interval), and for monthly grids only the instant peak (a monthly count says
  /// nothing about how long it lasted; a grace rule is then read as the instant peak, which can
  /// only overstate the bill).
  public static func isExact(_ measure: PeakMeasure, on grid: IntervalGrid) -> Bool {
    grid.step.minutes != nil || measure == .instant
  }
}
