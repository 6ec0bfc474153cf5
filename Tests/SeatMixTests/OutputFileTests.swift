import Foundation
import Testing

@testable import SeatMix

/// Folders, links, FIFOs and device nodes made for one test, never the machine's own `/dev` files.
final class Scratch {
  let folder: URL

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-out-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: folder) }

  func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() }

  func text(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

  func write(_ text: String, to name: String) throws {
    try text.write(toFile: path(name), atomically: false, encoding: .utf8)
  }

  /// A character device with `null`'s (1, 3) or `full`'s (1, 7) numbers, in this folder.
  func device(_ name: String, minor: UInt32) throws -> String {
    let device = dev_t((1 << 8) | minor)  // Linux's makedev for major 1
    #expect(mknod(path(name), S_IFCHR | 0o666, device) == 0, "mknod: \(String(cString: strerror(errno)))")
    return path(name)
  }

  func fileType(_ name: String) -> mode_t {
    var status = stat()
    return lstat(path(name), &status) == 0 ? status.st_mode & S_IFMT : 0
  }
}

let isRoot = getuid() == 0

/// The one output writer: regular files atomically, links through to their targets, everything else
/// written straight to it; failures as one line with nothing partial left.
@Suite struct OutputFileTests {
  func write(_ text: String, to path: String) throws(SeatMixError) {
    let output = try OutputFile(path: path)
    output.write(text)
    try output.commit()
  }

  @Test func aRegularFileIsReplacedWholeKeepingItsPermissions() throws {
    let scratch = try Scratch()
    try scratch.write("old\n", to: "out.csv")
    chmod(scratch.path("out.csv"), 0o640)
    let output = try OutputFile(path: scratch.path("out.csv"))
    output.write("new\n")
    // Until the commit, the destination is untouched and the temporary is named after it and this process.
    #expect(try scratch.text("out.csv") == "old\n")
    #expect(try scratch.entries() == [".out.csv.seatmix-partial-\(getpid())", "out.csv"])
    try output.commit()
    #expect(try scratch.text("out.csv") == "new\n")
    #expect(try scratch.entries() == ["out.csv"])
    var status = stat()
    stat(scratch.path("out.csv"), &status)
    #expect(status.st_mode & 0o777 == 0o640)
  }

  @Test func aSymlinkStaysALinkAndItsTargetIsWritten() throws {
    let scratch = try Scratch()
    try FileManager.default.createDirectory(atPath: scratch.path("data"), withIntermediateDirectories: true)
    try scratch.write("stale\n", to: "data/target.csv")
    // A relative link to a link, and a link whose target does not exist yet.
    symlink("data/target.csv", scratch.path("first.csv"))
    symlink("first.csv", scratch.path("link.csv"))
    symlink("data/new.csv", scratch.path("dangling.csv"))
    try write("fresh\n", to: scratch.path("link.csv"))
    try write("created\n", to: scratch.path("dangling.csv"))
    for link in ["link.csv", "first.csv", "dangling.csv"] { #expect(scratch.fileType(link) == S_IFLNK) }
    #expect(try scratch.text("data/target.csv") == "fresh\n")
    #expect(try scratch.text("data/new.csv") == "created\n")
    #expect(try scratch.entries() == ["dangling.csv", "data", "first.csv", "link.csv"])
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: scratch.path("data")).sorted() == ["new.csv", "target.csv"])
  }

  @Test func aFIFOIsWrittenStraightAndStaysAFIFO() throws {
    let scratch = try Scratch()
    #expect(mkfifo(scratch.path("pipe"), 0o600) == 0)
    let received = LockedBox<Data?>(nil)
    let fifo = scratch.path("pipe")
    let reader = Thread { received.value = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFileOrEmpty() }
    reader.start()
    try write("through the pipe\n", to: fifo)
    while received.value == nil { usleep(1000) }
    #expect(received.value == Data("through the pipe\n".utf8))
    #expect(scratch.fileType("pipe") == S_IFIFO)
    #expect(try scratch.entries() == ["pipe"])
  }

  @Test(.enabled(if: isRoot, "mknod needs root")) func aDeviceIsWrittenStraightAndStaysADevice() throws {
    let scratch = try Scratch()
    let null = try scratch.device("null", minor: 3)
    try write("gone\n", to: null)
    #expect(scratch.fileType("null") == S_IFCHR)
    #expect(try scratch.entries() == ["null"])
  }

  @Test(.enabled(if: isRoot, "mknod needs root")) func aDeviceThatRefusesIsOneLine() throws {
    let scratch = try Scratch()
    let full = try scratch.device("full", minor: 7)
    let error = #expect(throws: SeatMixError.self) { try write("no room\n", to: full) }
    #expect(error?.description == "\(full): error: cannot write: no space left on device")
    #expect(scratch.fileType("full") == S_IFCHR)
  }

  @Test func aFolderOrAMissingFolderIsRefusedAndNothingIsLeft() throws {
    let scratch = try Scratch()
    let folder = #expect(throws: SeatMixError.self) { try OutputFile(path: scratch.folder.path) }
    #expect(folder?.description == "\(scratch.folder.path): error: is a folder; give a file name to write")
    let missing = scratch.path("no/such/out.csv")
    let error = #expect(throws: SeatMixError.self) { try OutputFile(path: missing) }
    #expect(error?.description == "\(missing): error: cannot write here (does the folder exist?)")
    #expect(try scratch.entries() == [])
  }

  @Test func discardingLeavesTheDestinationAsItWas() throws {
    let scratch = try Scratch()
    try scratch.write("kept\n", to: "out.csv")
    let output = try OutputFile(path: scratch.path("out.csv"))
    output.write(String(repeating: "x", count: 200_000))
    output.discard()
    #expect(try scratch.text("out.csv") == "kept\n")
    #expect(try scratch.entries() == ["out.csv"])
  }

  @Test func twoOutputsToOneFileInOneProcessDoNotShareATemporary() throws {
    let scratch = try Scratch()
    let first = try OutputFile(path: scratch.path("out.csv"))
    let second = try OutputFile(path: scratch.path("out.csv"))
    #expect(first.temporaryPath != second.temporaryPath)
    second.write("second\n")
    first.write("first\n")
    try second.commit()
    try first.commit()
    #expect(try scratch.text("out.csv") == "first\n")
    #expect(try scratch.entries() == ["out.csv"])
  }

  /// The process id of a process that has ended.
  func endedProcess() throws -> pid_t {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
  }

  @Test func leftoversOfEndedProcessesAreDeletedForTheSameDestinationOnly() throws {
    let scratch = try Scratch()
    let ended = try endedProcess()
    let alive = getppid()
    let leftovers = [
      ".out.csv.seatmix-partial-\(ended)", ".out.csv.seatmix-partial-\(ended)-2",
      ".out.csv.seatmix-partial-\(getpid())",  // this process's id, not this process's file
    ]
    let kept = [
      ".out.csv.seatmix-partial-\(alive)",  // its process may still finish it
      ".other.csv.seatmix-partial-\(ended)",  // another destination's
      ".out.csv.seatmix-partial-+\(ended)", ".out.csv.seatmix-partial-x", ".out.csv.partial-\(ended)",  // not ours
    ]
    for name in leftovers + kept { try scratch.write("half a file", to: name) }
    try write("whole\n", to: scratch.path("out.csv"))
    #expect(try scratch.entries() == (kept + ["out.csv"]).sorted())
  }
}

/// The built `seatmix`, run the way a user would: outputs of every kind, a full disk, signals.
@Suite struct OutputCommandTests {
  struct Run {
    var status: Int32
    var signal: Int32?
    var stdout: Data
    var stderr: String
    var lastError: String { stderr.split(separator: "\n").last.map(String.init) ?? "" }
  }

  /// `seatmix arguments…` in `folder`; with `fileSizeLimit` (in 512-byte blocks), under
  /// `ulimit -f` with SIGXFSZ ignored, so that a write past the limit fails as on a full disk; with
  /// `shell`, after those shell commands (e.g. `trap '' HUP`, as `nohup` does). Standard output and
  /// error go to pipes, which no file-size limit touches. `started` runs while the process does.
  func seatmix(
    _ arguments: [String], in folder: URL, fileSizeLimit: Int? = nil, shell: String? = nil,
    started: ((Process) throws -> Void)? = nil
  ) throws -> Run {
    let executable = try #require(CLITests.executable, "no built seatmix; run `swift build` first")
    let process = Process()
    let prelude = [fileSizeLimit.map { "trap '' XFSZ; ulimit -f \($0)" }, shell].compactMap { $0 }
    if !prelude.isEmpty {
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments =
        ["-c", prelude.joined(separator: "; ") + " && exec \"$0\" \"$@\"", executable.path] + arguments
    } else {
      process.executableURL = executable
      process.arguments = arguments
    }
    process.currentDirectoryURL = folder
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = LockedBox(Data())
    let read = DispatchSemaphore(value: 0)
    Thread {
      stdout.value = out.fileHandleForReading.readDataToEndOfFileOrEmpty()
      read.signal()
    }.start()
    try started?(process)
    let stderr = err.fileHandleForReading.readDataToEndOfFileOrEmpty()
    process.waitUntilExit()
    read.wait()
    return Run(
      status: process.terminationStatus,
      signal: process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil, stdout: stdout.value,
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  static let example = repositoryFile("Examples/batch-example.csv")
  static let deal = repositoryFile("Examples/mixed-center.yaml")

  /// What `batch` writes for the example to plain files.
  func referenceOutputs(_ scratch: Scratch) throws -> (results: String, lines: String) {
    let run = try seatmix(
      ["batch", Self.example, "-o", "ref.csv", "--lines", "ref-lines.csv", "--quiet"], in: scratch.folder)
    #expect(run.status == 1)  // the example has a bad row on purpose
    defer {
      unlink(scratch.path("ref.csv"))
      unlink(scratch.path("ref-lines.csv"))
    }
    return (try scratch.text("ref.csv"), try scratch.text("ref-lines.csv"))
  }

  @Test func batchWritesThroughALinkAndToStandardOutput() throws {
    let scratch = try Scratch()
    let reference = try referenceOutputs(scratch)
    try scratch.write("stale\n", to: "target.csv")
    symlink("target.csv", scratch.path("results.csv"))
    let run = try seatmix(["batch", Self.example, "-o", "results.csv", "--lines", "-", "--quiet"], in: scratch.folder)
    #expect(run.status == 1)
    #expect(scratch.fileType("results.csv") == S_IFLNK)
    #expect(try scratch.text("target.csv") == reference.results)
    #expect(String(decoding: run.stdout, as: UTF8.self) == reference.lines)
    #expect(try scratch.entries() == ["results.csv", "target.csv"])
  }

  @Test(.enabled(if: isRoot, "mknod needs root")) func batchToADeviceLeavesTheDevice() throws {
    let scratch = try Scratch()
    _ = try scratch.device("null", minor: 3)
    let run = try seatmix(["batch", Self.example, "-o", "null", "--quiet"], in: scratch.folder)
    #expect(run.status == 1)
    #expect(!run.stderr.contains("cannot"))
    #expect(scratch.fileType("null") == S_IFCHR)
    #expect(try scratch.entries() == ["null"])
  }

  @Test func batchOnAFullDiskIsOneLineExitOneAndLeavesTheEarlierFiles() throws {
    let scratch = try Scratch()
    try scratch.write("earlier results\n", to: "results.csv")
    let run = try seatmix(
      ["batch", Self.example, "-o", "results.csv", "--lines", "lines.csv", "--quiet"], in: scratch.folder,
      fileSizeLimit: 2)
    #expect(run.status == 1)
    #expect(run.signal == nil)
    #expect(!run.stderr.contains("Fatal error"))
    // The results (about 1.8 kB) fit under the 1 kB limit only in part; lines.csv is bigger still.
    #expect(run.lastError == "results.csv: error: cannot write: file too large")
    #expect(try scratch.text("results.csv") == "earlier results\n")
    #expect(try scratch.entries() == ["results.csv"])
  }

  @Test(.enabled(if: isRoot, "mknod needs root")) func batchToAFullDeviceSaysNoSpace() throws {
    let scratch = try Scratch()
    _ = try scratch.device("full", minor: 7)
    let run = try seatmix(["batch", Self.example, "-o", "full", "--quiet"], in: scratch.folder)
    #expect(run.status == 1)
    #expect(run.lastError == "full: error: cannot write: no space left on device")
  }

  @Test func reportAndSweepOnAFullDiskAreOneLineAndReplaceNoFile() throws {
    let scratch = try Scratch()
    for command in ["report", "sweep"] {
      let folder = scratch.path(command)
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      let names = command == "report" ? ReportFiles.names : ["sweep.csv", "sweep.html"]
      for name in names { try scratch.write("earlier \(name)\n", to: "\(command)/\(name)") }
      var arguments = [command, Self.deal, "--out", command, "--quiet"]
      if command == "sweep" { arguments += ["--steps", "2"] }
      let run = try seatmix(arguments, in: scratch.folder, fileSizeLimit: 8)
      #expect(run.status == 1, "\(command): \(run.stderr)")
      #expect(run.signal == nil)
      #expect(run.lastError.hasPrefix("\(command)/"))
      #expect(run.lastError.hasSuffix(": error: cannot write: file too large"))
      for name in names { #expect(try scratch.text("\(command)/\(name)") == "earlier \(name)\n") }
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == names.sorted())
    }
  }

  @Test func writeLPOnAFullDiskIsOneLineAndExitOne() throws {
    let scratch = try Scratch()
    let run = try seatmix(["optimize", Self.deal, "--write-lp", "model.lp"], in: scratch.folder, fileSizeLimit: 4)
    #expect(run.status == 1)
    #expect(run.signal == nil)
    #expect(run.lastError == "model.lp: error: cannot write: file too large")
    #expect(try scratch.entries() == [])
    // Without a limit the same file is written whole, and the plan printed.
    let whole = try seatmix(["optimize", Self.deal, "--write-lp", "model.lp"], in: scratch.folder)
    #expect(whole.status == 0)
    #expect(try scratch.text("model.lp").hasSuffix("End\n"))
    #expect(try scratch.entries() == ["model.lp"])
  }

  @Test(.enabled(if: isRoot, "mknod needs root")) func writeLPToADeviceThatRefusesFails() throws {
    let scratch = try Scratch()
    _ = try scratch.device("full", minor: 7)
    let run = try seatmix(["optimize", Self.deal, "--write-lp", "full"], in: scratch.folder)
    #expect(run.status == 1)
    #expect(run.lastError == "full: error: cannot write: no space left on device")
    #expect(scratch.fileType("full") == S_IFCHR)
  }

  @Test(.enabled(if: isRoot, "mknod needs root")) func messagesToAFullStandardErrorDoNotCrash() throws {
    let scratch = try Scratch()
    _ = try scratch.device("full", minor: 7)
    let bad = repositoryFile("Tests/SeatMixTests/Fixtures/deals/bad-many-problems.yaml")
    let run = try seatmix(["optimize", bad], in: scratch.folder, shell: "exec 2>full")
    #expect(run.signal == nil)
    #expect(run.status == 1)
  }

  /// A batch long enough to be stopped midway: 20,000 scenarios on one worker.
  func longBatch(in scratch: Scratch, scenarios: Int = 20_000) throws -> [String] {
    try SyntheticBatch.write(to: scratch.path("in.csv"), scenarios: scenarios, groups: 3, seed: 8)
    return ["batch", "in.csv", "-o", "results.csv", "--lines", "lines.csv", "--jobs", "1", "--quiet"]
  }

  /// Waits until the process has written part of its results (its temporary is not empty).
  func waitForPartialResults(in scratch: Scratch, of process: Process) throws {
    let partial = scratch.path(".results.csv.seatmix-partial-\(process.processIdentifier)")
    let deadline = ContinuousClock.now + .seconds(120)
    while ((try? FileManager.default.attributesOfItem(atPath: partial))?[.size] as? Int ?? 0) == 0 {
      try #require(process.isRunning, "the batch ended before writing its first results")
      try #require(ContinuousClock.now < deadline, "no partial results after 120 s")
      usleep(2000)
    }
  }

  @Test(arguments: [SIGHUP, SIGTERM, SIGINT])
  func aSignalMidBatchDeletesThePartialFilesAndEndsTheProcess(_ signal: Int32) throws {
    let scratch = try Scratch()
    let arguments = try longBatch(in: scratch)
    try scratch.write("earlier\n", to: "results.csv")
    let run = try seatmix(arguments, in: scratch.folder) { process in
      try waitForPartialResults(in: scratch, of: process)
      kill(process.processIdentifier, signal)
    }
    #expect(run.signal == signal, "exit \(run.status): \(run.stderr)")
    #expect(try scratch.entries() == ["in.csv", "results.csv"])
    #expect(try scratch.text("results.csv") == "earlier\n")
  }

  @Test func aHangupIgnoredAtStartStaysIgnored() throws {
    let scratch = try Scratch()
    let arguments = try longBatch(in: scratch, scenarios: 1_000)
    let run = try seatmix(arguments, in: scratch.folder, shell: "trap '' HUP") { process in
      try waitForPartialResults(in: scratch, of: process)
      kill(process.processIdentifier, SIGHUP)
    }
    #expect(run.signal == nil)
    #expect(run.status == 0)
    #expect(try scratch.entries() == ["in.csv", "lines.csv", "results.csv"])
  }

  @Test func leftoversOfAKilledBatchAreRecognisableAndTheNextRunDeletesThem() throws {
    let scratch = try Scratch()
    let arguments = try longBatch(in: scratch)
    var killed: pid_t = 0
    let run = try seatmix(arguments, in: scratch.folder) { process in
      try waitForPartialResults(in: scratch, of: process)
      killed = process.processIdentifier
      kill(killed, SIGKILL)
    }
    #expect(run.signal == SIGKILL)
    let leftovers = [".lines.csv.seatmix-partial-\(killed)", ".results.csv.seatmix-partial-\(killed)"]
    #expect(try scratch.entries() == leftovers + ["in.csv"])
    let next = try seatmix(
      ["batch", Self.example, "-o", "results.csv", "--lines", "lines.csv", "--quiet"], in: scratch.folder)
    #expect(next.status == 1)  // the example's bad row
    #expect(try scratch.entries() == ["in.csv", "lines.csv", "results.csv"])
  }
}

extension FileHandle {
  /// Everything up to the end, or what was read before an error.
  func readDataToEndOfFileOrEmpty() -> Data { (try? readToEnd()) ?? Data() }
}
