/// A session log reduced to signed-in users per group, minute by minute.
///
/// One row per sign-in session (or per status, for a status-history export) with a user, a team
/// and its start and end as ISO 8601 times with their zone. Three layouts are read, by their
/// header names (any order, any case):
///
/// | layout | user | team | start | end |
/// | --- | --- | --- | --- | --- |
/// | generic | `user` | `team` (or `queue`) | `start` | `end` |
/// | Zoom work sessions (CX Analytics `agent_timecard`) | `user_id` | `team_name` | `start_time` | `end_time` |
/// | status history | `user_id` | `team_name`, when there | `start_time` | `end_time` |
///
/// A status-history export (it has `status_name`) counts every status but `Offline`. Other columns
/// (`work_session_id`, `user_name`, durations) are ignored.
///
/// How it counts (documented in Examples/README.md):
/// - A user is signed in during a minute when one of their sessions covers any part of it (from
///   the minute holding the start to the minute holding the end, the end's minute left out when the
///   session ends on the minute): a minute-resolution count never misses a user a vendor sampling
///   at some second of that minute would see.
/// - One user counts once per group and minute, however many of their sessions touch that minute
///   (a status export's back-to-back statuses are one stretch). Sessions of one user that overlap
///   in time, and sessions that end before they start, are errors naming both rows.
/// - Teams map to groups by the deal's `teams:` lists (a group without one takes the team of its
///   own name); a team no group takes is an error on the first row it appears in.
public struct SessionLog: Sendable {
  /// Signed-in users per group, minute by minute.
  public var minutes: [String: MinuteCounts]
  /// Distinct users with at least one session, per group.
  public var distinctUsers: [String: Int]
  /// The first minute any session covers, and the last (inclusive); nil for a log without sessions.
  public var span: (first: Int64, last: Int64)?
  /// Which layout the header was read as, for messages and output.
  public var layout: Layout
  /// Rows read (sessions, or statuses), and those skipped as offline statuses.
  public var rows: Int
  public var offlineRows: Int

  public enum Layout: String, Sendable {
    case generic = "generic sessions (user, team, start, end)"
    case zoomWorkSessions = "Zoom work-session export"
    case statusHistory = "status-history export"
  }

  /// How teams become groups: each team name (matched without regard to case and surrounding
  /// blanks) to its group. Nil maps every team to a group of its own name (`seatmix concurrency`).
  public struct TeamMap: Sendable {
    var groups: [String: String]
    /// The group that takes every row when the file has no team column; set when the deal has
    /// exactly one group.
    var onlyGroup: String?

    public init(groups: [String: String], onlyGroup: String? = nil) {
      self.groups = groups
      self.onlyGroup = onlyGroup
    }

    /// From each group's `teams:` list (nil or empty: the group's own name).
    public init(groupTeams: [(group: String, teams: [String]?)]) {
      var groups: [String: String] = [:]
      for (group, teams) in groupTeams {
        for team in teams?.isEmpty == false ? teams! : [group] { groups[Self.key(team)] = group }
      }
      self.init(groups: groups, onlyGroup: groupTeams.count == 1 ? groupTeams[0].group : nil)
    }

    static func key(_ team: String) -> String { trimmedBlanks(team).lowercased() }
  }

  /// The profiles of every group on a grid: per interval the highest count of any of its minutes,
  /// from the interval holding the log's first minute to the one holding its last.
  public func profiles(on step: GridStep) -> IntervalCounts {
    guard let span else { return IntervalCounts(step: step, starts: [], counts: [:]) }
    let grid = GridIndex(step: step, first: span.first, last: span.last)
    var counts: [String: [Int]] = [:]
    for (group, perMinute) in minutes { counts[group] = perMinute.onGrid(step, first: span.first, last: span.last) }
    return IntervalCounts(step: step, starts: grid.starts, counts: counts)
  }

  /// Reads a session log; `shownAs` names it in messages. Every problem is one line,
  /// `sessions.csv:12: error: end_time: ...` (at most ``ProblemList/limit`` of them).
  public static func read(path: String, shownAs name: String? = nil, teams: TeamMap?) throws(SeatMixError)
    -> SessionLog
  {
    let name = name ?? path
    let reader = try OccupancyFiles.csv(path, shownAs: name)
    var problems = ProblemList(file: name)
    guard let header = try reader.next() else {
      throw .invalidInput([Diagnostic(file: name, line: nil, field: "", message: "the file is empty")])
    }
    reader.columnNames = header.fields
    let names = OccupancyFiles.normalized(header.fields)
    func column(_ aliases: [String]) -> Int? { aliases.lazy.compactMap { names.firstIndex(of: $0) }.first }
    let statusColumn = column(["status_name", "status"])
    let layout: Layout =
      names.contains("work_session_id") ? .zoomWorkSessions : statusColumn != nil ? .statusHistory : .generic
    let userColumn = column(["user", "user_id", "agent", "agent_id"])
    let teamColumn = column(["team", "team_name", "team.team_name", "queue", "queue_name"])
    let startColumn = column(["start", "start_time"])
    let endColumn = column(["end", "end_time"])
    let headerText = ProfileFile.quotedHeader(header.fields)
    for (found, wanted) in [
      (userColumn, "user (or user_id)"), (startColumn, "start (or start_time)"), (endColumn, "end (or end_time)"),
    ] where found == nil {
      problems.error(header.row, "", "no \(wanted) column (the header is \(headerText))")
    }
    if teamColumn == nil && (teams != nil && teams?.onlyGroup == nil) {
      problems.error(
        header.row, "",
        "no team (or team_name) column, and the deal has several groups: add the team of each row (the header is \(headerText))"
      )
    }
    guard let userColumn, let startColumn, let endColumn, problems.isEmpty else { throw .invalidInput(problems.all) }

    // Sessions as columns of numbers: user and group indices, start and end seconds, row.
    var userIndex: [String: Int32] = [:]
    var groupIndex: [String: Int32] = [:]
    var groupNames: [String] = []
    var unknownTeams: [String: (row: Int, rows: Int, written: String)] = [:]
    var sessionUser: [Int32] = []
    var sessionGroup: [Int32] = []
    var sessionStart: [Int64] = []
    var sessionEnd: [Int64] = []
    var sessionRow: [Int32] = []
    var lastTeam: (text: String, group: Int32?) = ("\u{0}", nil)
    var rows = 0
    var offline = 0
    while let record = try reader.next() {
      rows += 1
      let fields = record.fields
      guard fields.count > max(userColumn, startColumn, endColumn) else {
        problems.error(record.row, "", "the row has \(fields.count) cells; the header has \(header.fields.count)")
        continue
      }
      if let statusColumn, statusColumn < fields.count,
        trimmedBlanks(fields[statusColumn]).lowercased() == "offline"
      {
        offline += 1
        continue
      }
      let user = trimmedBlanks(fields[userColumn])
      if user.isEmpty {
        problems.error(record.row, reader.columnName(userColumn), "is empty; every session names its user")
        continue
      }
      // The group: cached for runs of rows of one team (exports are sorted by team or user).
      let group: Int32
      let teamText = teamColumn.map { $0 < fields.count ? fields[$0] : "" } ?? ""
      if teamText == lastTeam.text, let cached = lastTeam.group {
        group = cached
      } else {
        let groupName: String?
        if let teams {
          groupName = teamColumn == nil ? teams.onlyGroup : teams.groups[TeamMap.key(teamText)]
        } else {
          let trimmed = teamText.trimmingCharacters(in: .whitespaces)
          groupName = trimmed.isEmpty ? (teamColumn == nil ? "all" : nil) : trimmed
        }
        guard let groupName else {
          let key = TeamMap.key(teamText)
          if let known = unknownTeams[key] {
            unknownTeams[key] = (known.row, known.rows + 1, known.written)
          } else {
            unknownTeams[key] = (record.row, 1, teamText)
          }
          lastTeam = ("\u{0}", nil)
          continue
        }
        if let known = groupIndex[groupName] {
          group = known
        } else {
          group = Int32(groupNames.count)
          groupIndex[groupName] = group
          groupNames.append(groupName)
        }
        lastTeam = (teamText, group)
      }
      let start: ISOTime
      let end: ISOTime
      switch (ISOTime.parse(fields[startColumn]), ISOTime.parse(fields[endColumn])) {
      case (.success(let first), .success(let second)):
        (start, end) = (first, second)
      case (let first, let second):
        if case .failure(let problem) = first {
          problems.error(record.row, reader.columnName(startColumn), problem.message(fields[startColumn]))
        }
        if case .failure(let problem) = second {
          if fields[endColumn].trimmingCharacters(in: .whitespaces).isEmpty {
            problems.error(
              record.row, reader.columnName(endColumn),
              "is empty: the session has no end (still signed in when exported?); give its end, or leave the row out")
          } else {
            problems.error(record.row, reader.columnName(endColumn), problem.message(fields[endColumn]))
          }
        }
        continue
      }
      if end.seconds < start.seconds {
        problems.error(
          record.row, reader.columnName(endColumn),
          "the session ends (\(end.text)) before it starts (\(start.text)); are start and end swapped?")
        continue
      }
      let userNumber: Int32
      if let known = userIndex[user] {
        userNumber = known
      } else {
        userNumber = Int32(userIndex.count)
        userIndex[user] = userNumber
      }
      sessionUser.append(userNumber)
      sessionGroup.append(group)
      sessionStart.append(start.seconds)
      sessionEnd.append(end.seconds)
      sessionRow.append(Int32(clamping: record.row))
    }
    for (_, team) in unknownTeams.sorted(by: { $0.value.row < $1.value.row }) {
      let known = teams.map { Array(Set($0.groups.keys)).sorted() } ?? []
      let rowsText = team.rows == 1 ? "" : " (\(team.rows) rows in all)"
      problems.error(
        team.row, teamColumn.map(reader.columnName) ?? "team",
        team.written.trimmingCharacters(in: .whitespaces).isEmpty
          ? "is empty; every session names its team\(rowsText)"
          : "unknown team \(quoted(team.written.trimmingCharacters(in: .whitespaces)))\(rowsText): no group lists it in teams: (teams known: \(known.prefix(20).map { escaped($0) }.joined(separator: ", ")))"
      )
    }

    // Each user's sessions in time order: overlaps are errors, and each user's stretches are
    // merged per group at minute resolution, so a user counts once per minute.
    let order = Self.byUserThenStart(sessionUser, sessionStart)
    var starts = [[Int64]](repeating: [], count: groupNames.count)
    var ends = [[Int64]](repeating: [], count: groupNames.count)
    var usersPerGroup = [Set<Int32>](repeating: [], count: groupNames.count)
    var first = Int64.max
    var last = Int64.min
    var userNames: [String]?
    func userName(_ number: Int32) -> String {
      if userNames == nil {
        var names = [String](repeating: "", count: userIndex.count)
        for (name, index) in userIndex { names[Int(index)] = name }
        userNames = names
      }
      return userNames![Int(number)]
    }
    // The open stretch of the current user in each group: (start minute, end minute exclusive).
    var open = [(Int64, Int64)?](repeating: nil, count: groupNames.count)
    var previous: Int?
    func closeStretches() {
      for g in open.indices {
        if let (a, b) = open[g] {
          starts[g].append(a)
          ends[g].append(b)
          open[g] = nil
        }
      }
    }
    for index in order {
      let user = sessionUser[index]
      if let before = previous, sessionUser[before] == user {
        if sessionStart[index] < sessionEnd[before] {
          problems.error(
            Int(sessionRow[index]), reader.columnName(startColumn),
            "user \(quoted(userName(user)))'s session starts (\(ISOTime(minute: sessionStart[index] / 60).text)) before their session on row \(sessionRow[before]) ends; one user's sessions must not overlap"
          )
        }
      } else {
        closeStretches()
      }
      if previous == nil || sessionUser[previous!] != user || sessionEnd[index] > sessionEnd[previous!] {
        previous = index
      }
      let g = Int(sessionGroup[index])
      usersPerGroup[g].insert(user)
      let startSecond = sessionStart[index]
      let endSecond = sessionEnd[index]
      guard endSecond > startSecond else { continue }  // an empty session covers no minute
      let a = Self.floorMinute(startSecond)
      let b = Self.floorMinute(endSecond - 1) + 1
      first = min(first, a)
      last = max(last, b - 1)
      if let (openStart, openEnd) = open[g], a <= openEnd {
        open[g] = (openStart, max(openEnd, b))
      } else {
        if let stretch = open[g] {
          starts[g].append(stretch.0)
          ends[g].append(stretch.1)
        }
        open[g] = (a, b)
      }
    }
    closeStretches()
    guard problems.isEmpty else { throw .invalidInput(problems.all) }
    var minutes: [String: MinuteCounts] = [:]
    var distinct: [String: Int] = [:]
    for (g, group) in groupNames.enumerated() {
      starts[g].sort()
      ends[g].sort()
      minutes[group] = MinuteCounts(sortedStarts: starts[g], sortedEnds: ends[g])
      distinct[group] = usersPerGroup[g].count
    }
    return SessionLog(
      minutes: minutes, distinctUsers: distinct, span: first <= last ? (first, last) : nil, layout: layout,
      rows: rows, offlineRows: offline)
  }

  static func floorMinute(_ seconds: Int64) -> Int64 { seconds >= 0 ? seconds / 60 : (seconds - 59) / 60 }

  /// Session positions sorted by user, then start: a counting sort by user (exports are large),
  /// then each user's few sessions by start.
  static func byUserThenStart(_ users: [Int32], _ starts: [Int64]) -> [Int] {
    let userCount = Int(users.max() ?? -1) + 1
    var offsets = [Int](repeating: 0, count: userCount + 1)
    for user in users { offsets[Int(user) + 1] += 1 }
    for u in 0..<userCount { offsets[u + 1] += offsets[u] }
    var order = [Int](repeating: 0, count: users.count)
    var next = offsets
    for (index, user) in users.enumerated() {
      order[next[Int(user)]] = index
      next[Int(user)] += 1
    }
    for u in 0..<userCount {
      let range = offsets[u]..<offsets[u + 1]
      // Usually already in order (exports list each user's sessions by time).
      if !zip(order[range], order[range].dropFirst()).allSatisfy({ starts[$0] <= starts[$1] }) {
        order[range].sort { starts[$0] < starts[$1] || (starts[$0] == starts[$1] && $0 < $1) }
      }
    }
    return order
  }
}
