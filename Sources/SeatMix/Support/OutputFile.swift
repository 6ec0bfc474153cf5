import Foundation

#if canImport(Glibc)
  import Glibc
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  import Darwin
  private let systemWrite = Darwin.write
#endif

/// Where an output goes: a path, or standard output (`-` on the command line).
public enum OutputDestination: Sendable, Equatable {
  case standardOutput
  case path(String)

  /// `-` is standard output; anything else is a path.
  public init(_ argument: String) {
    self = argument == "-" ? .standardOutput : .path(argument)
  }

  /// How messages name it: the path as given, or "standard output".
  public var name: String {
    switch self {
    case .standardOutput: return "standard output"
    case .path(let path): return path
    }
  }
}

/// The one way SeatMix writes an output file (batch results and lines, each report and sweep file,
/// LP files), so that no output ever replaces what it should write to:
///
/// - a regular file, or a path where nothing is yet: written to a hidden temporary beside it
///   (`.NAME.seatmix-partial-PID`), synced, and renamed into place only when complete, so an
///   interrupted run never leaves half a file (the replaced file keeps its permission bits);
/// - a symbolic link: resolved, and its target written that way, beside the target (the link stays
///   a link);
/// - anything else (a character or block device, a FIFO, a socket, a terminal) and standard output:
///   written straight to it, with no temporary and no rename.
///
/// A failed write (a full disk, a file-size limit, a device that refuses) is kept and reported by
/// ``commit()`` as one line, `FILE: error: cannot write: no space left on device`; the temporary is
/// deleted at once, so nothing partial stays behind. Temporaries are registered with
/// ``TemporaryFiles`` so that SIGINT, SIGTERM and SIGHUP delete them; the leftovers of a process
/// that could not clean up (SIGKILL, a power cut) keep their recognisable name and are deleted by
/// the next output to the same destination once their process is gone.
final class OutputFile: @unchecked Sendable {
  /// How messages name the output: the path as given, or "standard output".
  let name: String
  /// The temporary being written, for a regular file; nil when writing straight to the destination.
  private(set) var temporaryPath: String?
  /// What the temporary replaces when complete (the symlink's target, for a link).
  private let finalPath: String?
  private var descriptor: Int32
  private let ownsDescriptor: Bool
  private var pending: [UInt8] = []
  /// Why the first failed write failed (lowercased errno text); later writes are dropped.
  private var failure: String?
  private var finished = false

  /// Opens `destination` for writing (see the type's documentation for how each kind is written).
  convenience init(path: String) throws(SeatMixError) {
    try self.init(OutputDestination(path))
  }

  init(_ destination: OutputDestination) throws(SeatMixError) {
    name = destination.name
    guard case .path(let path) = destination else {
      temporaryPath = nil
      finalPath = nil
      descriptor = STDOUT_FILENO
      ownsDescriptor = false
      return
    }
    let target = try Self.resolvingLinks(path)
    var status = stat()
    let exists = stat(target, &status) == 0
    let kind = status.st_mode & S_IFMT
    if exists && kind == S_IFDIR {
      throw .unreadable(file: path, reason: "is a folder; give a file name to write")
    }
    if exists && kind != S_IFREG {
      // A device, FIFO or socket: written as it is (opening a FIFO waits for its reader).
      let opened = Self.retryingInterrupts { open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC) }
      guard opened >= 0 else { throw .unreadable(file: path, reason: "cannot write: \(Self.errnoText())") }
      temporaryPath = nil
      finalPath = nil
      descriptor = opened
      ownsDescriptor = true
      return
    }
    let folder = (target as NSString).deletingLastPathComponent
    let base = (target as NSString).lastPathComponent
    Self.removeLeftovers(of: base, in: folder)
    var created: (path: String, descriptor: Int32)?
    for attempt in 1...100 {
      let candidate = (folder as NSString).appendingPathComponent(Self.temporaryName(base, attempt: attempt))
      let opened = Self.retryingInterrupts {
        open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(0o666))
      }
      if opened >= 0 {
        created = (candidate, opened)
        break
      }
      if errno != EEXIST { break }  // another output of this process to the same file: the next name
    }
    guard let created else {
      throw .unreadable(
        file: path,
        reason: errno == ENOENT ? "cannot write here (does the folder exist?)" : "cannot write: \(Self.errnoText())")
    }
    if exists { _ = fchmod(created.descriptor, status.st_mode & 0o7777) }
    temporaryPath = created.path
    finalPath = target
    descriptor = created.descriptor
    ownsDescriptor = true
    TemporaryFiles.shared.add(created.path)
  }

  deinit {
    if !finished { discard() }
  }

  /// Whether the output is written to a temporary that replaces the destination when complete.
  var replacesDestination: Bool { finalPath != nil }

  func write(_ text: String) {
    pending.append(contentsOf: text.utf8)
    if pending.count > 1 << 16 { flush() }
  }

  func write(_ bytes: some Sequence<UInt8>) {
    pending.append(contentsOf: bytes)
    if pending.count > 1 << 16 { flush() }
  }

  /// Hands what is buffered to the kernel; a failure is kept for ``commit()``.
  func flush() {
    defer { pending.removeAll(keepingCapacity: true) }
    guard failure == nil, !finished else { return }
    let error = pending.withUnsafeBytes { bytes -> Int32? in
      var offset = 0
      while offset < bytes.count {
        let count = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if count < 0 {
          if errno == EINTR { continue }
          return errno
        }
        offset += count
      }
      return nil
    }
    if let error { fail(error) }
  }

  /// Keeps the first failure, and deletes the temporary now: a full disk gets its space back.
  private func fail(_ error: Int32) {
    guard failure == nil else { return }
    failure = Self.errnoText(error)
    if let temporaryPath {
      if descriptor >= 0 { close(descriptor) }
      descriptor = -1
      unlink(temporaryPath)
      TemporaryFiles.shared.remove(temporaryPath)
    }
  }

  private func throwIfFailed() throws(SeatMixError) {
    if let failure {
      discard()
      throw .unreadable(file: name, reason: "cannot write: \(failure)")
    }
  }

  /// Writes what is left, syncs it, and puts it in place; on any failure nothing partial is left.
  func commit() throws(SeatMixError) {
    try Self.commit([self])
  }

  /// Commits outputs that belong together (a batch's results and lines, a report's files): every
  /// one is written and synced before any is put in place, so a full disk replaces none of them.
  static func commit(_ outputs: [OutputFile]) throws(SeatMixError) {
    do throws(SeatMixError) {
      for output in outputs { try output.seal() }
      for output in outputs { try output.place() }
    } catch {
      for output in outputs { output.discard() }
      throw error
    }
  }

  /// Everything written and synced (for a device or pipe: written and closed).
  private func seal() throws(SeatMixError) {
    flush()
    try throwIfFailed()
    guard replacesDestination else {
      finished = true
      if ownsDescriptor, close(descriptor) != 0 {
        throw .unreadable(file: name, reason: "cannot write: \(Self.errnoText())")
      }
      return
    }
    if fsync(descriptor) != 0 { fail(errno) }
    if failure == nil {
      let closed = close(descriptor)
      let error = errno
      descriptor = -1
      if closed != 0 { fail(error) }
    }
    try throwIfFailed()
  }

  /// The sealed temporary renamed over the destination.
  private func place() throws(SeatMixError) {
    guard let temporaryPath, let finalPath, !finished else { return }
    guard rename(temporaryPath, finalPath) == 0 else {
      throw .unreadable(file: name, reason: "cannot replace it: \(Self.errnoText())")
    }
    finished = true
    TemporaryFiles.shared.remove(temporaryPath)
    // The rename itself survives a crash once the folder is synced.
    let folder = open((finalPath as NSString).deletingLastPathComponent.nonEmpty ?? ".", O_RDONLY | O_CLOEXEC)
    if folder >= 0 {
      _ = fsync(folder)
      close(folder)
    }
  }

  /// Gives up: deletes the temporary (a device or pipe keeps what it was sent).
  func discard() {
    guard !finished else { return }
    finished = true
    if ownsDescriptor && descriptor >= 0 { close(descriptor) }
    descriptor = -1
    if let temporaryPath {
      unlink(temporaryPath)
      TemporaryFiles.shared.remove(temporaryPath)
    }
  }

  // MARK: - Names and links

  static let partialMarker = ".seatmix-partial-"

  /// `.NAME.seatmix-partial-PID`, or `…-PID-2` and on for further outputs of this process.
  static func temporaryName(_ base: String, attempt: Int) -> String {
    ".\(base)\(partialMarker)\(getpid())" + (attempt > 1 ? "-\(attempt)" : "")
  }

  /// The process id in a leftover's name, if `entry` is a temporary of `base`.
  static func leftoverProcess(_ entry: String, of base: String) -> pid_t? {
    let prefix = "." + base + partialMarker
    guard entry.hasPrefix(prefix) else { return nil }
    let rest = entry.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
    guard (1...2).contains(rest.count), rest.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let pid = pid_t(rest[0]), pid > 0
    else { return nil }
    return pid
  }

  /// Deletes the temporaries of `base` left in `folder` by processes that are gone (killed before
  /// they could clean up), and this process's own from an earlier process with the same id.
  /// `folder` is spelled as the temporaries are (empty for the current folder).
  static func removeLeftovers(of base: String, in folder: String) {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)
    else { return }
    for entry in entries {
      guard let pid = leftoverProcess(entry, of: base) else { continue }
      let path = (folder as NSString).appendingPathComponent(entry)
      let gone = pid == getpid() ? !TemporaryFiles.shared.contains(path) : kill(pid, 0) != 0 && errno == ESRCH
      if gone { unlink(path) }
    }
  }

  /// The file a path finally names: symbolic links followed (relative ones from their own folder),
  /// up to a missing target, which is then created.
  static func resolvingLinks(_ path: String) throws(SeatMixError) -> String {
    var current = path
    for _ in 0..<40 {
      var status = stat()
      guard lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK else { return current }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let length = readlink(current, &buffer, buffer.count - 1)
      guard length >= 0 else { throw .unreadable(file: path, reason: "cannot write: \(errnoText())") }
      let target = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current =
        target.hasPrefix("/")
        ? target : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
    }
    throw .unreadable(file: path, reason: "cannot write: \(errnoText(ELOOP))")
  }

  /// `strerror`, lowercased: "no space left on device".
  static func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code)).lowercased()
  }

  static func retryingInterrupts(_ call: () -> Int32) -> Int32 {
    while true {
      let result = call()
      if result >= 0 || errno != EINTR { return result }
    }
  }
}

extension String {
  fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}

/// Standard error, for messages: written with `write(2)`, and a failure to write it (a closed or
/// full stream) is ignored, since there is nowhere left to say so. (`FileHandle.write(_:)` traps.)
public enum StandardError {
  public static func write(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let count = bytes.withUnsafeMutableBytes {
        systemWrite(STDERR_FILENO, $0.baseAddress! + offset, $0.count - offset)
      }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { return }
      offset += count
    }
  }
}
