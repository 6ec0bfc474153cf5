/// Signed-in users per interval, for some groups, on one grid: what a profile file holds and what
/// a session log or a forecast reduces to.
public struct IntervalCounts: Sendable, Equatable {
  public var step: GridStep
  /// Each interval's start, in minutes since 1970-01-01T00:00Z, in order, one grid step apart.
  public var starts: [Int64]
  /// Signed-in users in each interval, by group name; every array has one count per start.
  public var counts: [String: [Int]]

  public init(step: GridStep, starts: [Int64], counts: [String: [Int]]) {
    self.step = step
    self.starts = starts
    self.counts = counts
  }
}

/// Reads a profile file: signed-in users per interval, as a CSV with a `start` column of ISO 8601
/// times (with their zone) and either a `signed_in` column (one group's file) or one column per
/// group named as the group (a wide file several groups name).
///
/// The rows must be on the deal's grid, in order, without gaps: every start on the grid (a minute
/// of the written clock divisible by the step; for a monthly grid, the first of a month at 00:00),
/// each one step after the previous. Counts are whole numbers from 0 to the group's agents. Every
/// problem is one line naming the file, row and column (`profile.csv:14: error: start: ...`).
public enum ProfileFile {
  /// The most intervals a profile may hold: a year of 15-minute intervals and some.
  public static let maximumIntervals = 40_000

  /// A group whose counts are read: its name (the column a wide file gives it) and headcount.
  public struct Column: Sendable {
    public var group: String
    public var agents: Int
    public init(group: String, agents: Int) {
      self.group = group
      self.agents = agents
    }
  }

  /// Reads the columns of `groups` from `path` (`shownAs` names the file in messages).
  public static func read(path: String, shownAs name: String? = nil, groups: [Column], step: GridStep)
    throws(SeatMixError) -> IntervalCounts
  {
    let name = name ?? path
    let reader = try OccupancyFiles.csv(path, shownAs: name)
    var problems = ProblemList(file: name)
    guard let header = try reader.next() else {
      throw .invalidInput([Diagnostic(file: name, line: nil, field: "", message: "the file is empty")])
    }
    reader.columnNames = header.fields
    let names = OccupancyFiles.normalized(header.fields)
    let startColumn = names.firstIndex(of: "start")
    if startColumn == nil {
      problems.error(header.row, "start", "no 'start' column (the header is \(quotedHeader(header.fields)))")
    }
    var columns: [(group: Column, position: Int)] = []
    for group in groups {
      if let position = names.firstIndex(of: group.group.trimmingCharacters(in: .whitespaces).lowercased()) {
        columns.append((group, position))
      } else if groups.count == 1, let position = names.firstIndex(of: "signed_in") {
        columns.append((group, position))
      } else {
        problems.error(
          header.row, group.group,
          "no column for group \(quoted(group.group)): write its counts in a column named as the group, or, for a file of one group, 'signed_in' (the header is \(quotedHeader(header.fields)))"
        )
      }
    }
    guard let startColumn, problems.isEmpty else { throw .invalidInput(problems.all) }

    var starts: [Int64] = []
    var counts = [[Int]](repeating: [], count: columns.count)
    var previous: (time: ISOTime, row: Int)?
    while let record = try reader.next() {
      if starts.count >= maximumIntervals {
        problems.error(record.row, "", "more than \(maximumIntervals) intervals; a profile covers at most a year")
        break
      }
      let startText = startColumn < record.fields.count ? record.fields[startColumn] : ""
      let time: ISOTime
      switch ISOTime.parse(startText) {
      case .success(let parsed): time = parsed
      case .failure(let problem):
        problems.error(record.row, "start", problem.message(startText))
        previous = nil
        continue
      }
      if let message = gridProblem(time, after: previous, step: step) {
        problems.error(record.row, "start", message)
      }
      previous = (time, record.row)
      starts.append(time.minute)
      for (index, (group, position)) in columns.enumerated() {
        let cell = position < record.fields.count ? record.fields[position] : ""
        let column = reader.columnName(position)
        let trimmed = cell.trimmingCharacters(in: .whitespaces)
        guard let count = Int(trimmed) else {
          if trimmed.isEmpty {
            problems.error(record.row, column, "is empty; write 0 when no one is signed in")
          } else if trimmed.hasPrefix("-"), Int(trimmed.dropFirst()) != nil || trimmed.count > 19 {
            problems.error(record.row, column, "\(escaped(trimmed)) is negative")
          } else {
            problems.error(record.row, column, "\(quoted(trimmed)) is not a whole number of signed-in users")
          }
          counts[index].append(0)
          continue
        }
        if count < 0 {
          problems.error(record.row, column, "\(count) is negative")
        } else if count > group.agents {
          problems.error(
            record.row, column,
            "\(count) signed in is above group \(quoted(group.group))'s \(group.agents) agents; at most every agent is signed in at once"
          )
        }
        counts[index].append(count)
      }
    }
    if starts.isEmpty && problems.isEmpty {
      problems.error(header.row, "", "the file has a header but no intervals")
    }
    guard problems.isEmpty else { throw .invalidInput(problems.all) }
    var byGroup: [String: [Int]] = [:]
    for (index, column) in columns.enumerated() { byGroup[column.group.group] = counts[index] }
    return IntervalCounts(step: step, starts: starts, counts: byGroup)
  }

  /// Why a row's start is not the next interval of the grid after the previous row, or nil.
  static func gridProblem(_ time: ISOTime, after previous: (time: ISOTime, row: Int)?, step: GridStep) -> String? {
    switch step {
    case .minutes(let minutes):
      if time.minuteOfDay % minutes != 0 || time.seconds % 60 != 0 {
        return
          "\(time.text) is not on the deal's \(step.phrase) grid (intervals start at minutes divisible by \(minutes))"
      }
      guard let previous else { return nil }
      let apart = (time.seconds - previous.time.seconds) / 60
      if apart <= 0 {
        return
          "\(time.text) is not after the previous row's start (\(previous.time.text), row \(previous.row)); rows go in time order"
      }
      if apart % Int64(minutes) != 0 || apart < Int64(minutes) {
        return
          "\(time.text) is \(apart) minutes after the previous row: the file is on another grid than the deal's \(step.phrase) grid"
      }
      if apart > Int64(minutes) {
        let missing = apart / Int64(minutes) - 1
        return
          "gap: \(missing) interval\(missing == 1 ? "" : "s") missing between \(previous.time.text) (row \(previous.row)) and \(time.text); write every interval, 0 where no one is signed in"
      }
      return nil
    case .month:
      if time.day != 1 || time.minuteOfDay != 0 || time.seconds % 60 != 0 {
        return "\(time.text) is not on the deal's monthly grid (each row starts a month: the 1st at 00:00)"
      }
      guard let previous else { return nil }
      let months = (time.year * 12 + time.month) - (previous.time.year * 12 + previous.time.month)
      if months <= 0 {
        return
          "\(time.text) is not after the previous row's start (\(previous.time.text), row \(previous.row)); rows go in time order"
      }
      if months > 1 {
        return
          "gap: \(months - 1) month\(months == 2 ? "" : "s") missing between \(previous.time.text) (row \(previous.row)) and \(time.text); write every month"
      }
      return nil
    }
  }

  static func quotedHeader(_ fields: [String]) -> String {
    fields.prefix(12).map { quoted($0) }.joined(separator: ", ") + (fields.count > 12 ? ", …" : "")
  }
}
