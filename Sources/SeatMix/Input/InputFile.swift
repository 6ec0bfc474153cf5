import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading a whole deal or catalog file: only a regular file, at most `limit` bytes, and when it
/// cannot be read, a reason that says what the path is (a folder, a FIFO, a device) or what went
/// wrong and where, rather than a guess.
enum InputFile {
  /// The most a deal or catalog file may hold: far more than any real one (the largest example is
  /// under 4 kB; a 3,000-group deal is about 300 kB).
  static let sizeLimit = 16 * 1024 * 1024

  enum Problem: Error, Equatable {
    case notFound
    case folder
    /// A FIFO, a device, a socket: `kind` says which.
    case notRegular(kind: String)
    case permissionDenied
    /// Opening failed for another reason (`strerror`'s words).
    case cannotOpen(reason: String)
    /// Reading failed after `offset` bytes.
    case readFailed(offset: Int, reason: String)
    case tooLarge(limit: Int)

    /// Says what is wrong, after the file's name: "is a FIFO (named pipe), not a regular file".
    var reason: String {
      switch self {
      case .notFound: return "no such file"
      case .folder: return "is a folder, not a file"
      case .notRegular(let kind): return "is \(kind), not a regular file"
      case .permissionDenied: return "cannot be read: permission denied"
      case .cannotOpen(let reason): return "cannot be read: \(reason)"
      case .readFailed(let offset, let reason): return "cannot be read at byte \(offset): \(reason)"
      case .tooLarge(let limit):
        return "is larger than \(limit / 1024 / 1024) MiB, the most SeatMix reads as a deal or catalog"
      }
    }
  }

  static func read(_ path: String, limit: Int = sizeLimit) -> Result<Data, Problem> {
    // Looked at before opening: opening a FIFO waits for a writer, opening a device may act.
    var status = stat()
    guard stat(path, &status) == 0 else { return .failure(openProblem(errno)) }
    if let problem = kindProblem(status.st_mode) { return .failure(problem) }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
    guard descriptor >= 0 else { return .failure(openProblem(errno)) }
    defer { close(descriptor) }
    // What was opened may not be what was looked at.
    guard fstat(descriptor, &status) == 0 else { return .failure(.cannotOpen(reason: describe(errno))) }
    if let problem = kindProblem(status.st_mode) { return .failure(problem) }
    if Int(status.st_size) > limit { return .failure(.tooLarge(limit: limit)) }
    // The size is a hint only (files in /proc say 0), so read until the end or past the limit.
    var data = Data()
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        return .failure(.readFailed(offset: data.count, reason: describe(errno)))
      }
      if count == 0 { break }
      if data.count + count > limit { return .failure(.tooLarge(limit: limit)) }
      data.append(contentsOf: chunk[0..<count])
    }
    return .success(data)
  }

  private static func kindProblem(_ mode: mode_t) -> Problem? {
    switch mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFDIR: return .folder
    case S_IFIFO: return .notRegular(kind: "a FIFO (named pipe)")
    case S_IFCHR: return .notRegular(kind: "a character device")
    case S_IFBLK: return .notRegular(kind: "a block device")
    case S_IFSOCK: return .notRegular(kind: "a socket")
    default: return .notRegular(kind: "an unknown kind of file")
    }
  }

  private static func openProblem(_ code: Int32) -> Problem {
    switch code {
    case ENOENT, ENOTDIR: return .notFound
    case EACCES, EPERM: return .permissionDenied
    case EISDIR: return .folder
    default: return .cannotOpen(reason: describe(code))
    }
  }

  /// `strerror`'s words, lowercased as the rest of a message: "input/output error".
  private static func describe(_ code: Int32) -> String {
    let text = String(cString: strerror(code))
    guard let first = text.first else { return "error \(code)" }
    return first.lowercased() + text.dropFirst()
  }
}

#if canImport(Glibc)
  private let systemRead = Glibc.read
#elseif canImport(Darwin)
  private let systemRead = Darwin.read
#endif
