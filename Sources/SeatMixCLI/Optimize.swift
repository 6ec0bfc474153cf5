import ArgumentParser
import Foundation
import MIPModel
import SeatMix

extension SeatMixCommand {
  struct Optimize: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the cheapest license mix for a deal file, with every single-tier plan beside it.")

    @Argument(help: "The deal file (YAML or JSON).", completion: .file(extensions: ["yaml", "yml", "json"]))
    var deal: String

    @Option(name: .shortAndLong, help: "Output format.")
    var format: OutputFormat = .table

    @Option(help: "Override the deal's licensing: any, named or concurrent.")
    var licensing: LicensingChoice?

    @Option(help: "Override the deal's billing term (a term id of the catalog, e.g. annual, monthly).")
    var term: String?

    @Flag(inversion: .prefixedNo, help: "Override whether one account may mix named and concurrent licenses.")
    var allowMixing: Bool?

    @Option(help: "Use this catalog (id or path) instead of the deal's.")
    var catalog: String?

    @Option(
      help:
        "Time limit of each solve, in seconds (the optimum and each single plan are solves): past it, the best plan found is reported with its gap."
    )
    var timeLimit: Double = 10

    @Option(help: "Also write the optimum's integer program in CPLEX LP format (readable by glpsol).")
    var writeLp: String?

    func validate() throws {
      // One line and exit code 1 like every other bad input, not ArgumentParser's usage text.
      guard timeLimit > 0, timeLimit.isFinite else {
        printError("error: --time-limit: must be a positive number of seconds, not \(timeLimit.formatted())")
        throw Exit.badInput
      }
      if let writeLp {
        let folder = URL(fileURLWithPath: writeLp).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: writeLp, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue || !FileManager.default.isWritableFile(atPath: folder) {
          printError("error: --write-lp: cannot write \(writeLp) (is the folder there and writable?)")
          throw Exit.badInput
        }
      }
    }

    func run() throws {
      let loaded: DealLoader.Loaded
      do {
        loaded = try DealLoader.load(file: deal)
      } catch {
        throw report(error)
      }
      printWarnings(loaded.warnings)
      var deal = loaded.deal
      var catalog = loaded.catalog
      if let licensing { deal.licensing = licensing }
      if let allowMixing { deal.allowMixing = allowMixing }
      if let term { deal.term = TermID(term) }
      do {
        if let override = self.catalog {
          catalog = try CatalogLibrary.standard(for: nil).catalog(override)
        }
        let problems = DealValidator.problems(deal, catalog: catalog).filter { $0.severity == .error }
        if !problems.isEmpty {
          for problem in problems {
            // A problem with an option's own value names the option; any other comes from the file
            // meeting the overrides.
            if let option = overrideOption(of: problem.path) {
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
        let optimizer = Optimizer(solver: SeatMixCommand.solver, options: SolveOptions(timeLimitSeconds: timeLimit))
        let analysis = try optimizer.analyze(deal, catalog: catalog)
        if let writeLp {
          try Optimizer.writeLP(
            PlanningProblem(deal: deal, catalog: catalog), to: writeLp, using: SeatMixCommand.solver)
        }
        print(PlanRenderer.render(analysis, as: format), terminator: "")
        if analysis.plan == nil { throw Exit.noPlan }
      } catch let error as SeatMixError {
        throw report(error)
      }
    }

    /// The command-line option that set a deal field, when one did.
    private func overrideOption(of path: String) -> String? {
      switch path {
      case "term" where term != nil: return "--term"
      case "licensing" where licensing != nil: return "--licensing"
      default: return nil
      }
    }
  }
}
