import Foundation

/// A batch's `profile` column: a group row names a profile file (Examples/README.md, "Profile
/// files"), relative to the batch file, whose counts become the group's signed-in users over time.
///
/// The file may lie only where a `catalog` cell's path may, by the same rule
/// (``CatalogLibrary/containment(of:roots:)``): inside the batch file's folder (or below) or a
/// `--catalog-path` folder, after symbolic links and `..` are resolved (the catalog search path,
/// which holds catalogs, is not a place for profiles); and it is read only when it is a regular file. The scenario's grid is the first file's: its step
/// is read from the first two rows' starts (15, 30 or 60 minutes, or a month) and every other file of
/// the scenario must start at the same interval and have as many. A wide file that several groups
/// name is read once, a column per group (named as the group; `signed_in` in a file of one group).
/// Every problem is an error of its scenario alone, naming the row, the `profile` column, and the
/// file's own line and column.
enum BatchProfiles {
  /// One group row's `profile` cell.
  struct Cell {
    /// The group's index in the scenario's deal.
    var group: Int
    var row: Int
    var reference: String
    /// The row's `peak_concurrent`, kept beside the profile for the validator to check.
    var statedPeak: Int?
  }

  /// The most problems of one file told in a scenario's error (then a count).
  static let problemsPerFile = 5

  /// Reads every cell's file and gives the deal its grid and the groups their profiles; returns
  /// the problems, each at its cell.
  static func apply(_ cells: [Cell], to deal: inout Deal, batchFile: String, roots: [String]) -> [BatchProblem] {
    var problems: [BatchProblem] = []
    func problem(_ cell: Cell, _ message: String) {
      problems.append(BatchProblem(row: cell.row, .profile, message))
    }
    // Each file once, for every group that names it.
    var files: [(path: String, reference: String, cells: [Cell])] = []
    for cell in cells {
      let path = OccupancyFiles.path(cell.reference, relativeTo: batchFile)
      let written = URL(fileURLWithPath: path).standardizedFileURL.path
      switch CatalogLibrary.containment(of: written, roots: roots) {
      case .outside:
        problem(
          cell,
          "profile file \(quoted(cell.reference)) is outside the folders a batch may name profiles in (the batch file's folder and below); allow its folder with --catalog-path DIR"
        )
        continue
      case .unresolved:
        problem(cell, "profile file \(quoted(cell.reference)) not found (looked for \(escaped(path)))")
        continue
      case .inside:
        break
      }
      if let why = OccupancyFiles.problem(path) {
        problem(
          cell,
          "profile file \(quoted(cell.reference)) \(why == "no such file" ? "not found (looked for \(escaped(path)))" : why)"
        )
        continue
      }
      if let known = files.firstIndex(where: { $0.path == path }) {
        files[known].cells.append(cell)
      } else {
        files.append((path, cell.reference, [cell]))
      }
    }
    guard let first = files.first else { return problems }

    let step: GridStep
    switch gridStep(of: first.path) {
    case .step(let found): step = found
    case .problem(let diagnostic):
      for cell in first.cells { problem(cell, located(diagnostic)) }
      return problems
    }
    var grid: (start: Int64, count: Int, reference: String)?
    for file in files {
      let columns = file.cells.map {
        ProfileFile.Column(group: deal.groups[$0.group].name, agents: deal.groups[$0.group].agents)
      }
      let read: IntervalCounts
      do {
        read = try ProfileFile.read(path: file.path, groups: columns, step: step)
      } catch {
        let diagnostics = error.diagnostics
        var messages = diagnostics.prefix(problemsPerFile).map(located)
        if diagnostics.count > problemsPerFile {
          messages.append("and \(diagnostics.count - problemsPerFile) more problems in \(quoted(file.reference))")
        }
        if messages.isEmpty { messages = ["\(error)".replacingOccurrences(of: "\n", with: "; ")] }
        for message in messages { problem(file.cells[0], message) }
        continue
      }
      if let grid {
        if read.starts[0] != grid.start || read.starts.count != grid.count {
          let what =
            read.starts[0] != grid.start
            ? "starts at \(ISOTime(minute: read.starts[0]).text), but \(quoted(grid.reference)) starts at \(ISOTime(minute: grid.start).text)"
            : "has \(read.starts.count) intervals, but \(quoted(grid.reference)) has \(grid.count)"
          for cell in file.cells {
            problem(
              cell, "profile file \(quoted(file.reference)) \(what); every profile of a scenario is on one grid")
          }
          continue
        }
      } else {
        grid = (read.starts[0], read.starts.count, file.reference)
      }
      for cell in file.cells {
        deal.groups[cell.group].setProfile(
          SignedInProfile(counts: read.counts[deal.groups[cell.group].name] ?? [], source: file.reference))
        if let stated = cell.statedPeak { deal.groups[cell.group].concurrency = .peak(stated) }
      }
    }
    if let grid {
      deal.concurrency = DealConcurrency(
        grid: IntervalGrid(step: step, start: Date(timeIntervalSince1970: Double(grid.start * 60)), count: grid.count),
        source: "profile files " + files.map(\.reference).joined(separator: ", "))
    }
    return problems
  }

  /// `two-sites-week.csv line 5, start: gap: …`: a file's problem inside a batch cell's message.
  static func located(_ diagnostic: Diagnostic) -> String {
    var text = escaped(diagnostic.file)
    if let line = diagnostic.line { text += " line \(line)" }
    if !diagnostic.field.isEmpty { text += ", \(escaped(diagnostic.field))" }
    return text + ": " + diagnostic.message
  }

  /// A profile file's grid, or why it cannot be told.
  enum FoundStep {
    case step(GridStep)
    case problem(Diagnostic)
  }

  /// The grid a profile file is on, from its first two rows' starts.
  static func gridStep(of path: String) -> FoundStep {
    func failure(_ line: Int?, _ field: String, _ message: String) -> FoundStep {
      .problem(Diagnostic(file: path, line: line, field: field, message: message))
    }
    let reader: CSVReader
    do {
      reader = try OccupancyFiles.csv(path, shownAs: path)
      guard let header = try reader.next() else { return failure(nil, "", "the file is empty") }
      guard let column = OccupancyFiles.normalized(header.fields).firstIndex(of: "start") else {
        return failure(
          header.row, "start", "no 'start' column (the header is \(ProfileFile.quotedHeader(header.fields)))")
      }
      var times: [(time: ISOTime, row: Int)] = []
      while times.count < 2, let record = try reader.next() {
        let text = column < record.fields.count ? record.fields[column] : ""
        switch ISOTime.parse(text) {
        case .success(let time): times.append((time, record.row))
        case .failure(let problem): return failure(record.row, "start", problem.message(text))
        }
      }
      guard times.count == 2 else {
        return failure(
          times.first?.row ?? header.row, "start",
          "one interval does not tell the grid: a profile in a batch needs at least two rows (15, 30 or 60 minutes apart, or a month)"
        )
      }
      let (a, b) = (times[0].time, times[1].time)
      let minutes = (b.seconds - a.seconds) / 60
      if let step = GridStep.minuteSteps.first(where: { Int64($0) == minutes }), (b.seconds - a.seconds) % 60 == 0 {
        return .step(.minutes(step))
      }
      let months = (b.year * 12 + b.month) - (a.year * 12 + a.month)
      if months == 1 && a.day == 1 && b.day == 1 && a.minuteOfDay == 0 && b.minuteOfDay == 0 {
        return .step(.month)
      }
      return failure(
        times[1].row, "start",
        "\(b.text) is \(minutes) minutes after the first row's start: a profile's grid is 15, 30 or 60 minutes, or a month"
      )
    } catch {
      let diagnostic = error.diagnostics.first ?? Diagnostic(file: path, line: nil, field: "", message: "\(error)")
      return .problem(diagnostic)
    }
  }
}
