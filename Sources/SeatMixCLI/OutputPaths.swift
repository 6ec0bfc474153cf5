import Foundation
import SeatMix

/// Output paths as the command line gives them: `-` is standard output.
enum OutputPath {
  static let standardOutput = "-"

  /// Whether two output paths land in the same file: both `-`, or the same file once `.`, `..` and
  /// symbolic links (dangling ones too) are resolved, or one file under two hard links.
  static func sameFile(_ first: String, _ second: String) -> Bool {
    if first == standardOutput || second == standardOutput { return first == second }
    var firstStatus = stat()
    var secondStatus = stat()
    if stat(first, &firstStatus) == 0, stat(second, &secondStatus) == 0 {
      return firstStatus.st_dev == secondStatus.st_dev && firstStatus.st_ino == secondStatus.st_ino
    }
    return resolved(first) == resolved(second)
  }

  /// The absolute path a write to `path` lands on: symbolic links followed (also to a target that does
  /// not exist yet), `.` and `..` resolved.
  static func resolved(_ path: String, depth: Int = 0) -> String {
    // `..` is left to realpath: after a symbolic link it is the link target's parent.
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    if let real = realpath(absolute, nil) {
      defer { free(real) }
      return String(cString: real)
    }
    let folder = (absolute as NSString).deletingLastPathComponent
    let name = (absolute as NSString).lastPathComponent
    if depth < 32, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: absolute) {
      return resolved(target.hasPrefix("/") ? target : folder + "/" + target, depth: depth + 1)
    }
    guard folder != absolute, let real = realpath(folder, nil) else {
      return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }
    defer { free(real) }
    return String(cString: real) + "/" + name
  }

  /// Runs `write` with the path to write to. The library's writer (`OutputFile`) takes `-` as
  /// standard output itself, so `-` passes through as it is.
  static func writing<Result, Failure: Error>(
    to path: String?, _ write: (String?) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    try write(path)
  }
}
