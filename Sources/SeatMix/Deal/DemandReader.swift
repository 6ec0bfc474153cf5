import Foundation

/// A group's `demand:`: forecast contacts per interval of the deal's grid, their average handle
/// time, a service-level target and shrinkage, turned into signed-in users by ``ErlangC``.
///
/// ```yaml
/// demand:
///   file: forecast.csv          # start,contacts,aht_seconds per interval (relative to the deal)
///   # or inline, from concurrency.start: contacts: [120, 180, ...] and aht_seconds: 240 (or a list)
///   service_level: 80           # percent of contacts answered within…
///   answer_within_seconds: 20   # …this many seconds
///   shrinkage: 30               # percent of signed-in time not taking contacts (default 0)
///   max_occupancy: 85           # percent (default 100)
/// ```
enum DemandReader {
  static let keys = [
    "file", "contacts", "aht_seconds", "service_level", "answer_within_seconds", "shrinkage", "max_occupancy",
  ]

  /// The intervals' starts (minutes since 1970) and signed-in users, or nil after reporting why.
  static func read(_ field: Field, file: String, step: GridStep, agents: Int, start stated: Int64?) -> (
    starts: [Int64], counts: [Int]
  )? {
    guard let fields = field.mapping() else { return nil }
    fields.rejectUnknownKeys(keys)
    guard let minutes = step.minutes else {
      field.error("demand needs a grid of 15m, 30m or 60m (Erlang C works per interval, not per month)")
      return nil
    }
    let serviceLevel = fields.required("service_level").flatMap { percent($0, allowZero: false) }
    let within = fields.required("answer_within_seconds")?.decimal(atLeast: 0, atMost: 3600)
    let shrinkage = fields["shrinkage"].map { percent($0, below100: true) } ?? 0
    let occupancy = fields["max_occupancy"].map { percent($0, allowZero: false) } ?? 1
    var starts: [Int64] = []
    var contacts: [Double] = []
    var handle: [Double] = []
    var rows: [Int?] = []
    var location = file
    if let fileField = fields["file"] {
      guard let reference = fileField.string() else { return nil }
      let path = OccupancyFiles.path(reference, relativeTo: file)
      location = path
      if let problem = OccupancyFiles.problem(path) {
        fileField.error(
          "forecast file \(quoted(reference)) \(problem == "no such file" ? "not found (looked for \(escaped(path)))" : problem)"
        )
        return nil
      }
      do {
        let read = try ForecastFile.read(path: path, step: step)
        (starts, contacts, handle) = (read.starts, read.contacts, read.handleSeconds)
        rows = read.rows
      } catch {
        for diagnostic in error.diagnostics { field.reader.append(diagnostic) }
        return nil
      }
    } else {
      guard let list = fields.required("contacts")?.list() else { return nil }
      guard let stated else {
        field.error("inline demand starts at concurrency.start: give it, or the forecast as a file")
        return nil
      }
      contacts = list.map { $0.decimal(atMost: 1_000_000).map { NSDecimalNumber(decimal: $0).doubleValue } ?? -1 }
      let handleField = fields.required("aht_seconds")
      if let items = handleField?.node.sequence != nil ? handleField?.list() : nil {
        handle = items.map { $0.decimal(atMost: 86_400).map { NSDecimalNumber(decimal: $0).doubleValue } ?? -1 }
        if handle.count != contacts.count {
          handleField?.error("\(handle.count) values, but contacts has \(contacts.count); one per interval")
          return nil
        }
      } else if let value = handleField?.decimal(atMost: 86_400) {
        handle = Array(repeating: NSDecimalNumber(decimal: value).doubleValue, count: contacts.count)
      }
      guard !contacts.contains(-1), !handle.contains(-1), handle.count == contacts.count, !contacts.isEmpty else {
        return nil
      }
      starts = (0..<contacts.count).map { stated + Int64($0 * minutes) }
      rows = Array(repeating: nil, count: contacts.count)
    }
    guard let serviceLevel, let within, let shrinkage, let occupancy else { return nil }
    var counts: [Int] = []
    var problem = false
    for index in contacts.indices {
      if contacts[index] > 0 && handle[index] <= 0 {
        report(
          field, location, rows[index], "aht_seconds", "is 0 with contacts to handle; give the average handle time")
        problem = true
        counts.append(0)
        continue
      }
      let model = ErlangC(
        contacts: contacts[index], handleMinutes: handle[index] / 60,
        targetMinutes: NSDecimalNumber(decimal: within).doubleValue / 60, intervalMinutes: Double(minutes),
        shrinkage: shrinkage)
      if model.intensity > Double(Limits.maximumCount) / 10 {
        report(field, location, rows[index], "contacts", "the load is above \(Limits.maximumCount / 10) erlangs")
        problem = true
        counts.append(0)
        continue
      }
      let needed = model.requiredPositions(serviceLevel: serviceLevel, maxOccupancy: occupancy).positions
      if needed > agents {
        report(
          field, location, rows[index], "contacts",
          "the forecast needs \(needed) agents signed in at \(ISOTime(minute: starts[index]).text), above the group's \(agents) agents"
        )
        problem = true
      }
      counts.append(needed)
    }
    return problem ? nil : (starts, counts)
  }

  private static func report(_ field: Field, _ file: String, _ row: Int?, _ column: String, _ message: String) {
    if let row {
      field.reader.append(Diagnostic(file: file, line: row, field: column, message: message))
    } else {
      field.error("\(column): \(message)")
    }
  }

  /// A percentage, `80` or `80%`, as a fraction.
  static func percent(_ field: Field, allowZero: Bool = true, below100: Bool = false) -> Double? {
    guard let text = field.text else { return nil }
    let number = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: "")
    guard let value = Double(number), value.isFinite else {
      field.error("\(quoted(text)) is not a percentage (write 80 or 80%)")
      return nil
    }
    if value < 0 || value > 100 || (!allowZero && value == 0) || (below100 && value >= 100) {
      field.error(
        "\(quoted(text)) is not a percentage \(below100 ? "from 0 to under 100" : allowZero ? "from 0 to 100" : "above 0, at most 100")"
      )
      return nil
    }
    return value / 100
  }
}

/// A forecast file: `start,contacts,aht_seconds` per interval of the grid (the rows checked as a
/// profile file's are: on the grid, in order, without gaps, times with their zone).
enum ForecastFile {
  struct Read {
    var starts: [Int64]
    var contacts: [Double]
    var handleSeconds: [Double]
    var rows: [Int?]
  }

  static func read(path: String, step: GridStep) throws(SeatMixError) -> Read {
    let reader = try OccupancyFiles.csv(path, shownAs: path)
    var problems = ProblemList(file: path)
    guard let header = try reader.next() else {
      throw .invalidInput([Diagnostic(file: path, line: nil, field: "", message: "the file is empty")])
    }
    reader.columnNames = header.fields
    let names = OccupancyFiles.normalized(header.fields)
    let columns = [["start"], ["contacts", "volume", "offered"], ["aht_seconds", "aht"]].map { aliases in
      aliases.lazy.compactMap { names.firstIndex(of: $0) }.first
    }
    for (column, name) in zip(columns, ["start", "contacts", "aht_seconds"]) where column == nil {
      problems.error(header.row, "", "no \(name) column (the header is \(ProfileFile.quotedHeader(header.fields)))")
    }
    guard problems.isEmpty, let start = columns[0], let volume = columns[1], let aht = columns[2] else {
      throw .invalidInput(problems.all)
    }
    var read = Read(starts: [], contacts: [], handleSeconds: [], rows: [])
    var previous: (time: ISOTime, row: Int)?
    while let record = try reader.next() {
      func cell(_ position: Int) -> String {
        position < record.fields.count ? record.fields[position].trimmingCharacters(in: .whitespaces) : ""
      }
      guard read.starts.count < ProfileFile.maximumIntervals else {
        problems.error(record.row, "", "more than \(ProfileFile.maximumIntervals) intervals")
        break
      }
      switch ISOTime.parse(cell(start)) {
      case .failure(let problem):
        problems.error(record.row, "start", problem.message(cell(start)))
        previous = nil
        continue
      case .success(let time):
        if let message = ProfileFile.gridProblem(time, after: previous, step: step) {
          problems.error(record.row, "start", message)
        }
        previous = (time, record.row)
        read.starts.append(time.minute)
      }
      for (position, limit) in [(volume, 1_000_000.0), (aht, 86_400.0)] {
        let text = cell(position)
        guard let value = Double(text), value.isFinite, !text.isEmpty else {
          problems.error(record.row, reader.columnName(position), "\(quoted(text)) is not a number")
          continue
        }
        if value < 0 {
          problems.error(record.row, reader.columnName(position), "\(text) is negative")
        } else if value > limit {
          problems.error(record.row, reader.columnName(position), "\(text) is above the maximum \(Int(limit))")
        }
      }
      read.contacts.append(Double(cell(volume)) ?? 0)
      read.handleSeconds.append(Double(cell(aht)) ?? 0)
      read.rows.append(record.row)
    }
    if read.starts.isEmpty && problems.isEmpty {
      problems.error(header.row, "", "the file has a header but no intervals")
    }
    guard problems.isEmpty else { throw .invalidInput(problems.all) }
    return read
  }
}

extension Result {
  var success: Success? {
    if case .success(let value) = self { return value }
    return nil
  }
}
