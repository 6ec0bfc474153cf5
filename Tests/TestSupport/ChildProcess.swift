import Foundation

/// What a child process did: its exit status and everything it wrote.
public struct ProcessRun: Sendable {
  public var status: Int32
  public var stdout: Data
  public var stderr: Data

  public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
  public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Running the built `seatmix` (or any program) as a child process, for the test targets.
public enum ChildProcess {
  /// Runs `executable` with `arguments` in `directory` and waits for it. Its environment is the
  /// caller's without `SEATMIX_CATALOGS` (so a test finds the catalogs a user would), plus `extra`.
  /// Standard output and error go to files in a scratch folder, not pipes: a child that writes
  /// more than a pipe holds would block until read.
  public static func run(
    _ executable: URL, _ arguments: [String], in directory: URL, environment extra: [String: String] = [:]
  ) throws -> ProcessRun {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-child-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    try Data().write(to: outURL)
    try Data().write(to: errURL)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.environment = environment(extra)
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return ProcessRun(
      status: process.terminationStatus, stdout: try Data(contentsOf: outURL), stderr: try Data(contentsOf: errURL))
  }

  /// The environment of a child: the caller's without `SEATMIX_CATALOGS`, plus `extra`.
  public static func environment(_ extra: [String: String] = [:]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["SEATMIX_CATALOGS"] = nil
    environment.merge(extra) { $1 }
    return environment
  }
}

/// The built `seatmix` executable.
public enum SeatmixExecutable {
  /// `seatmix` in one of `folders` (a test bundle's products folder), else beside the running test
  /// executable or a few folders above it, else in `.build/debug` of a folder above `source` (the
  /// repository's); nil when none is built.
  public static func find(in folders: [URL] = [], source: String = #filePath) -> URL? {
    var candidates = folders.map { $0.appendingPathComponent("seatmix") }
    if let first = CommandLine.arguments.first {
      var folder = URL(fileURLWithPath: first).deletingLastPathComponent()
      for _ in 0..<4 {
        candidates.append(folder.appendingPathComponent("seatmix"))
        folder = folder.deletingLastPathComponent()
      }
    }
    var folder = URL(fileURLWithPath: source).deletingLastPathComponent()
    while folder.path != "/" {
      candidates.append(folder.appendingPathComponent(".build/debug/seatmix"))
      folder = folder.deletingLastPathComponent()
    }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }
}
