/// Signed-in users minute by minute, as a step function: `values[i]` users from minute
/// `changes[i]` until `changes[i + 1]` (minutes since 1970-01-01T00:00Z), none before the first
/// change and none from the last one on (whose value is 0). Exact and small whatever the span: a
/// year of minutes with a few changes an hour is a few thousand entries.
public struct MinuteCounts: Sendable, Equatable {
  public private(set) var changes: [Int64]
  public private(set) var values: [Int32]

  public init() {
    changes = []
    values = []
  }

  /// From sorted interval starts and (exclusive) ends, one per signed-in stretch: the count at a
  /// minute is the number of stretches covering it.
  init(sortedStarts starts: [Int64], sortedEnds ends: [Int64]) {
    changes = []
    values = []
    changes.reserveCapacity(starts.count)
    values.reserveCapacity(starts.count)
    var (s, e) = (0, 0)
    var current: Int32 = 0
    while s < starts.count || e < ends.count {
      let minute = e >= ends.count || (s < starts.count && starts[s] < ends[e]) ? starts[s] : ends[e]
      while s < starts.count && starts[s] == minute {
        current += 1
        s += 1
      }
      while e < ends.count && ends[e] == minute {
        current -= 1
        e += 1
      }
      if let last = values.last, last == current { continue }
      if changes.last == minute {
        values[values.count - 1] = current
      } else {
        changes.append(minute)
        values.append(current)
      }
    }
  }

  /// The highest count at any minute.
  public var peak: Int { Int(values.max() ?? 0) }

  /// The count at one minute.
  public func count(at minute: Int64) -> Int {
    var (low, high) = (0, changes.count)  // the last change at or before `minute`
    while low < high {
      let middle = (low + high) / 2
      if changes[middle] <= minute { low = middle + 1 } else { high = middle }
    }
    return low == 0 ? 0 : Int(values[low - 1])
  }

  /// The count at every minute of `[from, to)`.
  public func dense(from: Int64, to: Int64) -> [Int] {
    guard to > from else { return [] }
    var result = [Int](repeating: 0, count: Int(to - from))
    for (index, start) in changes.enumerated() {
      let end = index + 1 < changes.count ? changes[index + 1] : Int64.max
      let (low, high) = (max(start, from), min(end, to))
      guard low < high, values[index] != 0 else { continue }
      for minute in low..<high { result[Int(minute - from)] = Int(values[index]) }
    }
    return result
  }

  /// The sum of several groups' counts, minute by minute (the users a shared pool must cover).
  public static func sum(_ parts: [MinuteCounts]) -> MinuteCounts {
    var deltas: [(Int64, Int32)] = []
    for part in parts {
      var previous: Int32 = 0
      for (minute, value) in zip(part.changes, part.values) {
        deltas.append((minute, value - previous))
        previous = value
      }
    }
    deltas.sort { $0.0 < $1.0 }
    var result = MinuteCounts()
    var current: Int32 = 0
    var index = 0
    while index < deltas.count {
      let minute = deltas[index].0
      while index < deltas.count && deltas[index].0 == minute {
        current += deltas[index].1
        index += 1
      }
      if result.values.last == current { continue }
      result.changes.append(minute)
      result.values.append(current)
    }
    return result
  }

  /// The interval counts on a grid: for each interval from the one holding `first` to the one
  /// holding `last` (minutes, inclusive), the **highest** count at any of its minutes, so a pool
  /// that covers the interval's value covers every minute of it.
  public func onGrid(_ step: GridStep, first: Int64, last: Int64) -> [Int] {
    let grid = GridIndex(step: step, first: first, last: last)
    var result = [Int](repeating: 0, count: grid.count)
    for (index, start) in changes.enumerated() where values[index] > 0 {
      let end = index + 1 < changes.count ? changes[index + 1] : last + 1
      var minute = max(start, grid.start)
      let stop = min(end, grid.end)
      while minute < stop {
        let slot = grid.index(of: minute)
        result[slot] = max(result[slot], Int(values[index]))
        minute = grid.next(after: slot)
      }
    }
    return result
  }
}

/// The intervals of a grid between two minutes, and which interval a minute is in.
struct GridIndex {
  let step: GridStep
  /// The first interval's start, and the end of the last one.
  let start: Int64
  let end: Int64
  let count: Int
  private let firstMonth: Int

  init(step: GridStep, first: Int64, last: Int64) {
    self.step = step
    start = step.interval(containing: first).start
    end = step.interval(containing: max(last, first)).next
    let time = ISOTime(minute: start)
    firstMonth = time.year * 12 + time.month - 1
    switch step {
    case .minutes(let minutes): count = Int((end - start) / Int64(minutes))
    case .month:
      let endTime = ISOTime(minute: end)
      count = endTime.year * 12 + endTime.month - 1 - firstMonth
    }
  }

  /// Every interval's start.
  var starts: [Int64] { (0..<count).map(startOf) }

  func startOf(_ slot: Int) -> Int64 {
    switch step {
    case .minutes(let minutes): return start + Int64(slot * minutes)
    case .month:
      let month = firstMonth + slot
      return ISOTime.monthStart(year: month / 12, month: month % 12 + 1)
    }
  }

  func index(of minute: Int64) -> Int {
    switch step {
    case .minutes(let minutes): return Int((minute - start) / Int64(minutes))
    case .month:
      let time = ISOTime(minute: minute)
      return time.year * 12 + time.month - 1 - firstMonth
    }
  }

  /// The start of the interval after `slot`.
  func next(after slot: Int) -> Int64 { startOf(slot + 1) }
}
