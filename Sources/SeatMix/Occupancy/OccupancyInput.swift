import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension GridStep {
  /// How messages name the grid: "30-minute", "monthly".
  var phrase: String {
    switch self {
    case .minutes(let minutes): return "\(minutes)-minute"
    case .month: return "monthly"
    }
  }

  /// The start (minute since 1970, UTC) of the interval holding `minute`, and of the next one.
  /// Minute grids are aligned to UTC midnight; months are calendar months in UTC.
  func interval(containing minute: Int64) -> (start: Int64, next: Int64) {
    switch self {
    case .minutes(let step):
      let step = Int64(step)
      let start = minute >= 0 ? minute / step * step : (minute - step + 1) / step * step
      return (start, start + step)
    case .month:
      let time = ISOTime(minute: minute)
      return (
        ISOTime.monthStart(year: time.year, month: time.month),
        ISOTime.monthStart(year: time.year, month: time.month + 1)
      )
    }
  }
}

/// Problems of one input file, collected in file order, at most ``limit`` of them (then one line
/// saying how many more): a session log with a systematic mistake would otherwise print a line
/// per row.
struct ProblemList {
  let file: String
  static let limit = 50
  private(set) var diagnostics: [Diagnostic] = []
  private(set) var more = 0

  init(file: String) { self.file = file }

  var isEmpty: Bool { diagnostics.isEmpty }

  mutating func error(_ line: Int?, _ field: String, _ message: String) {
    guard diagnostics.count < Self.limit else {
      more += 1
      return
    }
    diagnostics.append(Diagnostic(file: file, line: line, field: field, message: message))
  }

  /// The problems in the order of the file's lines, with the count of those left out as a last line.
  var all: [Diagnostic] {
    let sorted = diagnostics.enumerated().sorted {
      ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset)
    }
    .map(\.element)
    guard more > 0 else { return sorted }
    return sorted + [
      Diagnostic(file: file, line: nil, field: "", message: "\(more) more problems like these not shown")
    ]
  }
}

/// Opening the data files a deal names (profiles, session logs): the path is taken relative to the
/// file that names it, and must be a regular file (a FIFO is never opened: opening it would wait
/// for a writer; a device is never read).
public enum OccupancyFiles {
  /// The path of `reference` as a file in `relativeTo`'s folder names it (an absolute path as is).
  public static func path(_ reference: String, relativeTo file: String) -> String {
    if reference.hasPrefix("/") { return reference }
    // Kept as relative as the naming file's path, so messages name the file the way the user would.
    let folder = (file as NSString).deletingLastPathComponent
    return folder.isEmpty ? reference : (folder as NSString).appendingPathComponent(reference)
  }

  /// Why `path` cannot be read as a data file, or nil when it is a regular file: "no such file",
  /// "is a folder, not a file", "is a FIFO (named pipe), not a regular file".
  public static func problem(_ path: String) -> String? {
    var status = stat()
    guard stat(path, &status) == 0 else {
      switch errno {
      case ENOENT, ENOTDIR: return "no such file"
      case EACCES, EPERM: return "cannot be read: permission denied"
      default: return "cannot be read: \(String(cString: strerror(errno)))"
      }
    }
    switch status.st_mode & S_IFMT {
    case S_IFREG:
      return access(path, R_OK) == 0 ? nil : "cannot be read: permission denied"
    case S_IFDIR: return "is a folder, not a file"
    case S_IFIFO: return "is a FIFO (named pipe), not a regular file"
    case S_IFCHR: return "is a character device, not a regular file"
    case S_IFBLK: return "is a block device, not a regular file"
    case S_IFSOCK: return "is a socket, not a regular file"
    default: return "is not a regular file"
    }
  }

  /// A CSV reader on a regular file, or the file's problem.
  static func csv(_ path: String, shownAs name: String) throws(SeatMixError) -> CSVReader {
    if let problem = problem(path) { throw .unreadable(file: name, reason: problem) }
    return try CSVReader(file: path)
  }

  /// The header's names, trimmed and lowercased, for matching.
  static func normalized(_ header: [String]) -> [String] {
    header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
  }
}

/// The text without leading and trailing spaces and tabs; the text itself (no copy) when it has
/// none, the common case of a large export.
func trimmedBlanks(_ text: String) -> String {
  let utf8 = text.utf8
  guard let first = utf8.first, let last = utf8.last else { return text }
  if first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09 { return text }
  return text.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
}
