import Foundation
import Testing

/// Where the CLI writes: `-o` is a file in every command, `-` is standard output, and two outputs of
/// one run never name the same file.
@Suite struct CLIOutputTests {
  let cli = CLITests()

  /// A fresh folder under the system's temporary folder, removed after `body`.
  func withFolder<T>(_ body: (URL) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-outputs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder)
  }

  func files(in folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  }

  /// Ways of naming one file twice, each set up in `folder`: (results, lines) paths relative to it.
  static let sameFileSpellings: [(name: String, results: String, lines: String)] = [
    ("the same name", "results.csv", "results.csv"),
    ("a ./ prefix", "./results.csv", "results.csv"),
    ("a .. after a subfolder", "results.csv", "sub/../results.csv"),
    ("a .. after a link to a subfolder", "sub/results.csv", "link-to-deeper/../results.csv"),
    ("a symbolic link", "link-to-results.csv", "results.csv"),
    ("a dangling symbolic link", "link-to-new.csv", "new.csv"),
    ("a hard link", "hard-link.csv", "results.csv"),
  ]

  @Test(arguments: sameFileSpellings)
  func resultsAndLinesInOneFileAreRefusedUpFront(_ spelling: (name: String, results: String, lines: String)) throws {
    try withFolder { folder in
      let manager = FileManager.default
      try manager.createDirectory(at: folder.appendingPathComponent("sub/deeper"), withIntermediateDirectories: true)
      try manager.createSymbolicLink(
        atPath: folder.appendingPathComponent("link-to-deeper").path, withDestinationPath: "sub/deeper")
      let earlier = Data("an earlier results file\n".utf8)
      for name in ["results.csv", "sub/results.csv"] { try earlier.write(to: folder.appendingPathComponent(name)) }
      try manager.createSymbolicLink(
        atPath: folder.appendingPathComponent("link-to-results.csv").path, withDestinationPath: "results.csv")
      try manager.createSymbolicLink(
        atPath: folder.appendingPathComponent("link-to-new.csv").path, withDestinationPath: "new.csv")
      try manager.linkItem(
        atPath: folder.appendingPathComponent("results.csv").path,
        toPath: folder.appendingPathComponent("hard-link.csv").path)
      let before = try files(in: folder)

      let run = try cli.seatmix(
        "batch", "Examples/batch-example.csv", "-o", folder.path + "/" + spelling.results, "--lines",
        folder.path + "/" + spelling.lines)
      cli.expectUsageError(
        run, "-o and --lines name the same file (\(folder.path)/\(spelling.lines)); give each its own",
        command: "batch")
      #expect(try files(in: folder) == before, "\(spelling.name)")
      #expect(try Data(contentsOf: folder.appendingPathComponent("results.csv")) == earlier)
      #expect(try Data(contentsOf: folder.appendingPathComponent("sub/results.csv")) == earlier)
    }
  }

  @Test func twoFilesSideBySideAreFine() throws {
    try withFolder { folder in
      let run = try cli.seatmix(
        "batch", "Examples/batch-example.csv", "-o", folder.path + "/results.csv", "--lines",
        folder.path + "/results.csv.lines")
      #expect(run.status == 1, "\(run.stderr)")  // the example has a bad row on purpose
      #expect(try files(in: folder) == ["results.csv", "results.csv.lines"])
    }
  }

  @Test func bothOnStandardOutputIsRefused() throws {
    let run = try cli.seatmix("batch", "Examples/batch-example.csv", "-o", "-", "--lines", "-")
    cli.expectUsageError(
      run, "-o and --lines both write to standard output (-); give one of them a file", command: "batch")
  }

  /// A value from the command line is quoted with its control characters escaped, so a bad one is
  /// still one line and sends no escape sequence to the terminal.
  @Test func controlCharactersInBadValuesAreEscaped() throws {
    let shard = try cli.seatmix("batch", "Examples/batch-example.csv", "-o", "never.csv", "--shard", "1\n\u{1B}[2J/3")
    cli.expectUsageError(shard, "--shard: takes I/N with 1 ≤ I ≤ N, e.g. 3/8, not '1\\n\\u{1B}[2J/3'", command: "batch")
    let steps = try cli.seatmix("sweep", "Examples/seed-100-agents.yaml", "--steps", "3\nx3")
    #expect(steps.stderrLines.first?.hasSuffix("got '3\\nx3'") == true, "\(steps.stderr)")
    let folder = try cli.seatmix("report", "Examples/seed-100-agents.yaml", "-o", "out\rput")
    cli.expectUsageError(
      folder, "-o names a file, not a folder; give the folder with --out out\\rput", command: "report")
  }

  /// `-o -` and `--lines -` write to standard output exactly what the files would hold, and leave no
  /// temporary file behind.
  @Test func dashIsStandardOutputForBatch() throws {
    try withFolder { folder in
      let temporary = folder.appendingPathComponent("tmp")
      try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
      let environment = ["TMPDIR": temporary.path]
      let results = folder.appendingPathComponent("results.csv").path
      let lines = folder.appendingPathComponent("lines.csv").path
      let files = try cli.seatmix(["batch", "Examples/batch-example.csv", "-o", results, "--lines", lines])

      let resultsOut = try cli.seatmix(
        ["batch", "Examples/batch-example.csv", "-o", "-", "--quiet"], environment: environment)
      #expect(resultsOut.status == files.status)
      #expect(resultsOut.stdoutData == (try Data(contentsOf: URL(fileURLWithPath: results))))
      #expect(resultsOut.stdout.hasPrefix("scenario,status,monthly_total,"))

      let linesOut = try cli.seatmix(
        ["batch", "Examples/batch-example.csv", "-o", folder.path + "/again.csv", "--lines", "-", "--quiet"],
        environment: environment)
      #expect(linesOut.status == files.status)
      #expect(linesOut.stdoutData == (try Data(contentsOf: URL(fileURLWithPath: lines))))
      #expect(!FileManager.default.fileExists(atPath: repositoryFile("-")))
      #expect(try self.files(in: temporary) == [])
    }
  }

  /// `--write-lp -` puts the integer program on standard output instead of the plan, so it can be piped
  /// into glpsol.
  @Test func dashIsStandardOutputForTheLPFile() throws {
    try withFolder { folder in
      let file = folder.appendingPathComponent("seed.lp").path
      let written = try cli.seatmix("optimize", "Examples/seed-100-agents.yaml", "--write-lp", file)
      #expect(written.status == 0, "\(written.stderr)")
      #expect(written.stdout.hasPrefix("SeatMix plan:"))

      let piped = try cli.seatmix(
        ["optimize", "Examples/seed-100-agents.yaml", "--write-lp", "-"],
        environment: ["TMPDIR": folder.path])
      #expect(piped.status == 0, "\(piped.stderr)")
      #expect(!piped.stdout.isEmpty)
      #expect(piped.stdoutData == (try Data(contentsOf: URL(fileURLWithPath: file))))
      #expect(try files(in: folder) == ["seed.lp"])
    }
  }

  /// `-o` is a file wherever it is accepted; the commands that write a folder take `--out DIR` and say
  /// so when given `-o` (it named their folder once), writing nothing.
  @Test(arguments: ["report", "sweep"])
  func shortOIsNeverAFolder(_ command: String) throws {
    try withFolder { folder in
      let target = folder.appendingPathComponent("wanted").path
      let run = try cli.seatmix(command, "Examples/seed-100-agents.yaml", "-o", target)
      cli.expectUsageError(
        run, "-o names a file, not a folder; give the folder with --out \(target)", command: command)
      #expect(try files(in: folder) == [])
      let help = try cli.seatmix(command, "--help")
      #expect(help.stdout.contains("  --out <dir>"))
      #expect(!help.stdout.contains("-o,"))
    }
  }
}
