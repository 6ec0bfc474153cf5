import Foundation
import Testing

/// What users see, byte for byte: `--help` of every command and `optimize` on every example deal in
/// every format, against the files committed in `Tests/SeatMixTests/Golden`. After changing what the
/// CLI prints on purpose, run `scripts/regenerate-golden` and commit the folder (its diff is the
/// review of the change).
@Suite struct GoldenTests {
  let cli = CLITests()

  static let folder = "Tests/SeatMixTests/Golden"
  static let commands = [
    "optimize", "report", "compare", "sweep", "batch", "validate", "catalog", "concurrency", "serve",
  ]
  static let formats = ["table", "json", "markdown"]

  /// Every example deal, as `scripts/regenerate-golden` finds them.
  static let deals: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: repositoryFile("Examples"))) ?? []
    return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.filter { !$0.hasSuffix(".schema.json") }
      .sorted()
  }()

  /// ArgumentParser wraps help to the terminal width; golden files are 80 columns wide.
  static let environment = ["COLUMNS": "80"]

  /// Fails naming the golden file and the first line that differs.
  func expectGolden(
    _ actual: String, _ file: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let path = repositoryFile("\(Self.folder)/\(file)")
    let expected = try #require(
      try? String(contentsOfFile: path, encoding: .utf8),
      "\(Self.folder)/\(file) is missing; run scripts/regenerate-golden", sourceLocation: sourceLocation)
    guard actual != expected else { return }
    let actualLines = actual.components(separatedBy: "\n")
    let expectedLines = expected.components(separatedBy: "\n")
    let line =
      zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
      ?? min(actualLines.count, expectedLines.count)
    let now = line < actualLines.count ? actualLines[line] : "(end of output)"
    let was = line < expectedLines.count ? expectedLines[line] : "(end of file)"
    Issue.record(
      "\(Self.folder)/\(file):\(line + 1) differs:\n  golden: \(was)\n  now:    \(now)\n(on purpose? run scripts/regenerate-golden and commit)",
      sourceLocation: sourceLocation)
  }

  @Test(arguments: [nil] + commands)
  func helpIsAsRecorded(_ command: String?) throws {
    let run = try cli.seatmix((command.map { [$0] } ?? []) + ["--help"], environment: Self.environment)
    #expect(run.status == 0)
    #expect(run.stderr.isEmpty)
    try expectGolden(run.stdout, "help/\(command ?? "seatmix").txt")
  }

  @Test(arguments: formats)
  func optimizeOfEveryExampleIsAsRecorded(_ format: String) throws {
    #expect(Self.deals.count >= 6)
    for deal in Self.deals {
      let run = try cli.seatmix(["optimize", "Examples/\(deal)", "--format", format], environment: Self.environment)
      #expect(run.status == 0, "\(deal): \(run.stderr)")
      try expectGolden(run.stdout, "optimize/\(deal).\(format).txt")
      try expectGolden(run.stderr, "optimize/\(deal).\(format).stderr.txt")
    }
  }

  /// No golden file is left over from a command or an example that is gone (or was renamed).
  @Test func goldenFolderHoldsExactlyTheRecordedRuns() throws {
    let root = repositoryFile(Self.folder)
    let help = try FileManager.default.contentsOfDirectory(atPath: root + "/help")
    let optimize = try FileManager.default.contentsOfDirectory(atPath: root + "/optimize")
    let recorded = Set(help.map { "help/" + $0 } + optimize.map { "optimize/" + $0 })
    let expected = Set(
      (["seatmix"] + Self.commands).map { "help/\($0).txt" }
        + Self.deals.flatMap { deal in
          Self.formats.flatMap { ["optimize/\(deal).\($0).txt", "optimize/\(deal).\($0).stderr.txt"] }
        })
    #expect(recorded.subtracting(expected).sorted() == [], "left over; run scripts/regenerate-golden")
    #expect(expected.subtracting(recorded).sorted() == [], "missing; run scripts/regenerate-golden")
  }
}
