import ArgumentParser
import Foundation
import MIPModel
import SeatMix

// The options several commands share, declared once: each group checks its own values in
// `validate()` (a bad value is a bad command line: exit 64 with the usage) and hands the library
// what it needs.

/// How long each solve may take.
///
/// A small struct on purpose: a new limit (a deterministic work limit, say) is one more option here
/// and one more line in `solveOptions`, for every command at once.
struct SolveLimits: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Wall-clock time limit of each solve, in seconds (the optimum and each single plan are solves): past it, the best plan found is reported with its gap. None by default: every solve has a deterministic work limit instead, so answers do not depend on the machine's load.",
      valueName: "seconds"))
  var timeLimit: Double?

  func validate() throws {
    if let timeLimit, !(timeLimit > 0 && timeLimit.isFinite) {
      throw ValidationError("--time-limit: must be a positive number of seconds, not \(timeLimit.formatted())")
    }
  }

  /// The solver settings these limits ask for.
  var solveOptions: SolveOptions { SolveOptions(timeLimitSeconds: timeLimit) }
}

/// What `--catalog` means in a command: its help line.
protocol CatalogRole {
  static var help: String { get }
}

/// `--catalog ID|PATH`: a catalog id (see `seatmix catalog`) or a catalog file's path.
struct CatalogChoice<Role: CatalogRole>: ParsableArguments {
  @Option(help: ArgumentHelp(Role.help, valueName: "id|path"))
  var catalog: String?
}

/// The catalog replaces the one the deal names.
enum InsteadOfTheDeals: CatalogRole {
  static let help = "Use this catalog (id or path) instead of the deal's."
}

/// The catalog of the scenarios that name none.
enum ForScenariosThatNameNone: CatalogRole {
  static let fallback = "zoom-contact-center"
  static let help =
    "Catalog id or path for scenarios that name none (also sets the qty_ columns). (default: \(fallback))"
}

/// What-if overrides of a deal's own settings.
struct WhatIfOverrides: ParsableArguments {
  @Option(help: "Override the deal's licensing: any, named or concurrent.")
  var licensing: LicensingChoice?

  @Option(
    help: ArgumentHelp(
      "Override the deal's billing term (a term id of the catalog, e.g. annual, monthly).", valueName: "id"))
  var term: String?

  @Flag(inversion: .prefixedNo, help: "Override whether one account may mix named and concurrent licenses.")
  var allowMixing: Bool?

  /// The loaded deal with these overrides applied, priced against `catalog` when one is given, checked
  /// again: a problem with an option's own value names the option; any other comes from the file
  /// meeting the overrides. Prints the problems and throws `Exit.badInput` when there are any.
  func apply(to loaded: DealLoader.Loaded, catalog: String?) throws -> (deal: Deal, catalog: Catalog) {
    var deal = loaded.deal
    if let licensing { deal.licensing = licensing }
    if let allowMixing { deal.allowMixing = allowMixing }
    if let term { deal.term = TermID(term) }
    let chosen = try catalog.map { id throws(SeatMixError) in try CatalogLibrary.standard(for: nil).catalog(id) }
    let problems = DealValidator.problems(deal, catalog: chosen ?? loaded.catalog).filter { $0.severity == .error }
    if !problems.isEmpty {
      for problem in problems {
        if let option = option(setting: problem.path) {
          printError("error: \(option): \(problem.message)")
        } else {
          let diagnostic = Diagnostic(
            file: deal.file, line: nil, field: problem.path,
            message: problem.message + " (after command-line overrides)")
          printError(diagnostic.description)
        }
      }
      throw Exit.badInput
    }
    return (deal, chosen ?? loaded.catalog)
  }

  /// The command-line option that set a deal field, when one did.
  func option(setting path: String) -> String? {
    switch path {
    case "term" where term != nil: return "--term"
    case "licensing" where licensing != nil: return "--licensing"
    default: return nil
    }
  }
}

/// `--jobs N`: worker threads, all cores unless told.
struct Workers: ParsableArguments {
  @Option(help: ArgumentHelp("Worker threads; the output does not depend on it.", valueName: "n"))
  var jobs: WorkerCount = .allCores

  func validate() throws {
    guard jobs.count >= 1 else { throw ValidationError("--jobs: must be at least 1, not \(jobs.count)") }
  }

  var count: Int { jobs.count }
}

/// A number of worker threads, whose default is said in words in `--help` ("all cores"), not as the
/// core count of the machine that printed it.
struct WorkerCount: ExpressibleByArgument {
  var count: Int

  init(count: Int) { self.count = count }

  init?(argument: String) {
    guard let count = Int(argument) else { return nil }
    self.count = count
  }

  /// One per core of the machine this runs on.
  static var allCores: WorkerCount { WorkerCount(count: ProcessInfo.processInfo.activeProcessorCount) }

  var defaultValueDescription: String { "all cores" }
}

/// `-o` names a file in every command (`batch -o RESULTS.csv`); a folder is `--out DIR`, which has no
/// short form. Commands that write a folder take `-o` only to say so (it named their folder once).
struct NoShortOut: ParsableArguments {
  @Option(name: .customShort("o"), help: .hidden)
  var folder: String?

  func validate() throws {
    if let folder {
      throw ValidationError("-o names a file, not a folder; give the folder with --out \(escaped(folder))")
    }
  }
}
