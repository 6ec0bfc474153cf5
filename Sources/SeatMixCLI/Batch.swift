import ArgumentParser
import Foundation
import MIPModel
import SeatMix

extension SeatMixCommand {
  struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Optimize every scenario of a spreadsheet CSV: one result row per scenario.",
      discussion: """
        Input: one row per (scenario, agent group); see `seatmix batch --template` and the README. \
        A scenario with a bad row gets status=error and a message naming the row, column and value; \
        every other scenario is still solved. Outputs are written atomically. Exit code: 0 when every \
        scenario has a plan, 1 when some row had an error, 2 when some scenario is infeasible or \
        got no plan within the time limit.
        """)

    @Argument(
      help: "The input CSV (comma, semicolon or tab; UTF-8 or Windows-1252).", completion: .file(extensions: ["csv"]))
    var input: String?

    @Option(
      name: .shortAndLong,
      help: ArgumentHelp("Where to write one result row per scenario (- for standard output).", valueName: "file"))
    var output: String?

    @Option(
      help: ArgumentHelp(
        "Also write one row per (scenario, line item, group) here (- for standard output).", valueName: "file"))
    var lines: String?

    @OptionGroup var catalog: CatalogChoice<ForScenariosThatNameNone>

    @Option(
      name: .customLong("catalog-path"),
      help: ArgumentHelp(
        "A folder that scenarios' catalog and profile cells may also name files in (repeatable); by default only catalog ids, files in the input's folder, and catalogs in the catalog search path.",
        valueName: "dir"))
    var catalogPaths: [String] = []

    @OptionGroup var workers: Workers

    @Option(
      help: ArgumentHelp(
        "Solve only slice I of N contiguous slices of the scenarios (e.g. 2/8); slices' outputs concatenate.",
        valueName: "i/n"))
    var shard: String?

    @OptionGroup var limits: SolveLimits

    @Flag(help: "No progress bar or summary on stderr (errors are still printed).")
    var quiet = false

    @Flag(help: "Print a header of every column with example rows for the catalog (--catalog), and exit.")
    var template = false

    @Flag(help: "Print run statistics (rate, GLPK time, peak memory) on stderr.")
    var stats = false

    func validate() throws {
      if template { return }
      guard input != nil else { throw ValidationError("give an input CSV (or --template for an example)") }
      guard let output else { throw ValidationError("give the results file with -o RESULTS.csv") }
      if let lines, OutputPath.sameFile(output, lines) {
        throw ValidationError(
          lines == OutputPath.standardOutput
            ? "-o and --lines both write to standard output (-); give one of them a file"
            : "-o and --lines name the same file (\(escaped(lines))); give each its own")
      }
      if let shard, parseShard(shard) == nil {
        throw ValidationError("--shard: takes I/N with 1 ≤ I ≤ N, e.g. 3/8, not \(quoted(shard))")
      }
    }

    func parseShard(_ text: String) -> (Int, Int)? {
      let parts = text.split(separator: "/")
      guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
        (1...count).contains(index)
      else { return nil }
      return (index, count)
    }

    func run() throws {
      if template {
        // From the chosen catalog's own data: every column, that catalog's add-ons and SKUs.
        let reference = catalog.catalog ?? ForScenariosThatNameNone.fallback
        do throws(SeatMixError) {
          print(BatchTemplate.csv(for: try CatalogLibrary.standard().catalog(reference)), terminator: "")
        } catch {
          throw report(error)
        }
        return
      }
      guard let input, let output else { return }
      var options = BatchOptions(
        solver: SeatMixCommand.solver, catalog: catalog.catalog ?? ForScenariosThatNameNone.fallback)
      options.jobs = workers.count
      options.catalogRoots = catalogPaths
      if let shard, let (index, count) = parseShard(shard) { options.shard = (index: index, count: count) }
      options.solve = limits.solveOptions
      let progress = ProgressBar(enabled: !quiet && isatty(STDERR_FILENO) == 1)
      if progress.enabled {
        options.progress = { done, fraction in progress.update(done: done, fraction: fraction) }
      }
      Interrupts.cleanUpOnSignal()

      let summary: BatchSummary
      do {
        summary = try OutputPath.writing(to: output) { output throws(SeatMixError) in
          try OutputPath.writing(to: lines) { lines throws(SeatMixError) in
            options.linesFile = lines
            return try BatchRunner.run(input: input, output: output ?? "", options: options)
          }
        }
      } catch {
        progress.finish()
        throw report(error)
      }
      progress.finish()
      for line in summary.errorLines {
        StandardError.write(line + "\n")
      }
      if !quiet {
        var notes: [String] = []
        if summary.readAsWindows1252 { notes.append("read as Windows-1252 (not UTF-8)") }
        if !summary.ignoredHeaders.isEmpty {
          notes.append("ignored columns: " + BatchInput.list(summary.ignoredHeaders))
        }
        let seconds =
          Double(summary.wallTime.components.seconds) + Double(summary.wallTime.components.attoseconds) / 1e18
        let line =
          "batch: \(count(summary.scenarios, "scenario")): \(summary.optimal) optimal, \(summary.feasible) feasible (not proven), \(summary.infeasible) infeasible, \(summary.noSolution) without a plan in time, \(count(summary.errors, "error")); results \(output == OutputPath.standardOutput ? "on standard output" : "in \(output)") (\(String(format: "%.2f", seconds)) s)"
          + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; "))
        StandardError.write(line + "\n")
      }
      if stats { printStats(summary) }
      if summary.errors > 0 { throw Exit.badInput }
      if !summary.allSucceeded { throw Exit.noPlan }
    }

    /// "1 scenario", "3 scenarios".
    func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    func printStats(_ summary: BatchSummary) {
      func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
      }
      let wall = seconds(summary.wallTime)
      let solver = seconds(summary.solverTime)
      var usage = rusage()
      getrusage(RUSAGE_SELF.rawValue, &usage)
      let peakMB = Double(usage.ru_maxrss) / 1024
      let lines = [
        "scenarios: \(summary.scenarios) (\(summary.rows) rows), jobs: \(summary.jobs)",
        String(format: "wall time: %.3f s; scenarios per second: %.0f", wall, Double(summary.scenarios) / wall),
        String(
          format: "GLPK CPU time: %.3f s summed over workers, %.3f s per worker", solver, solver / Double(summary.jobs)),
        String(
          format: "wall time / GLPK CPU time per worker: %.2f (target: at most 1.5)",
          wall / max(solver / Double(summary.jobs), 1e-9)),
        String(format: "peak memory (max RSS): %.1f MB", peakMB),
      ]
      StandardError.write(lines.map { "stats: " + $0 }.joined(separator: "\n") + "\n")
    }
  }
}

/// A one-line progress bar on stderr: done, rate, ETA.
final class ProgressBar: @unchecked Sendable {
  let enabled: Bool
  private let started = ContinuousClock.now
  private var lastDraw = ContinuousClock.now
  private var drawn = false

  init(enabled: Bool) { self.enabled = enabled }

  func update(done: Int, fraction: Double) {
    guard enabled else { return }
    let now = ContinuousClock.now
    guard drawn == false || now - lastDraw > .milliseconds(200) else { return }
    lastDraw = now
    drawn = true
    let elapsed = Double((now - started).components.seconds) + Double((now - started).components.attoseconds) / 1e18
    let rate = Double(done) / max(elapsed, 1e-3)
    let width = 24
    let filled = Int((min(max(fraction, 0), 1) * Double(width)).rounded())
    var line = "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
    line += "\(done) scenarios, \(Int(rate))/s"
    if fraction > 0.01 {
      let remaining = elapsed * (1 - fraction) / fraction
      line += String(format: ", ETA %d:%02d", Int(remaining) / 60, Int(remaining) % 60)
    }
    StandardError.write(line + "   ")
  }

  func finish() {
    if enabled && drawn { StandardError.write("\r\u{1B}[K") }
  }
}

/// Ctrl-C, SIGTERM or SIGHUP deletes partial outputs before the process ends.
enum Interrupts {
  static func cleanUpOnSignal() { TemporaryFiles.removeOnSignals() }
}
