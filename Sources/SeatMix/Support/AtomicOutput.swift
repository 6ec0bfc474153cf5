import Foundation

/// A file written under a temporary name beside its destination and renamed into place only when
/// complete, so an interrupted run never leaves half a file behind.
final class AtomicOutput: @unchecked Sendable {
  let path: String
  let temporaryPath: String
  private var handle: FileHandle
  private var pending = Data()

  init(path: String) throws(SeatMixError) {
    self.path = path
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw .unreadable(file: path, reason: "is a folder; give a file name to write")
    }
    let url = URL(fileURLWithPath: path)
    temporaryPath =
      url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
    guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
      let handle = FileHandle(forWritingAtPath: temporaryPath)
    else {
      throw .unreadable(file: path, reason: "cannot write here (does the folder exist?)")
    }
    self.handle = handle
    TemporaryFiles.shared.add(temporaryPath)
  }

  func write(_ text: String) {
    pending.append(contentsOf: text.utf8)
    if pending.count > 1 << 16 { flush() }
  }

  fileprivate func flush() {
    handle.write(pending)
    pending.removeAll(keepingCapacity: true)
  }

  /// Rewrites what was written so far, row by row: `transform` returns the new fields, or nil to
  /// drop the row. For the rare repair after a run; the file is read back as CSV.
  func rewrite(_ transform: ([String]) -> [String]?) throws(SeatMixError) {
    flush()
    try? handle.synchronize()
    let reader = try CSVReader(file: temporaryPath)
    let rewritten = AtomicOutput(replacing: self)
    while let record = try reader.next() {
      if let fields = transform(record.fields) { rewritten.write(BatchOutput.csvLine(fields)) }
    }
    rewritten.flush()
    try? rewritten.handle.close()
    guard rename(rewritten.temporaryPath, temporaryPath) == 0 else {
      throw .unreadable(file: path, reason: "cannot rewrite it: \(String(cString: strerror(errno)))")
    }
    TemporaryFiles.shared.remove(rewritten.temporaryPath)
    try? handle.close()
    handle = FileHandle(forWritingAtPath: temporaryPath)!
    handle.seekToEndOfFile()
  }

  /// A second partial file beside this one, for `rewrite`.
  private init(replacing other: AtomicOutput) {
    path = other.path
    temporaryPath = other.temporaryPath + ".rewrite"
    _ = FileManager.default.createFile(atPath: temporaryPath, contents: nil)
    handle = FileHandle(forWritingAtPath: temporaryPath)!  // beside a file just written: the folder is writable
    TemporaryFiles.shared.add(temporaryPath)
  }

  func commit() throws(SeatMixError) {
    flush()
    try? handle.synchronize()
    try? handle.close()
    guard rename(temporaryPath, path) == 0 else {
      throw .unreadable(file: path, reason: "cannot replace it: \(String(cString: strerror(errno)))")
    }
    TemporaryFiles.shared.remove(temporaryPath)
  }

  func discard() {
    try? handle.close()
    unlink(temporaryPath)
    TemporaryFiles.shared.remove(temporaryPath)
  }
}
