import ArgumentParser
import Foundation
import GLPKSolver
import MIPModel
import SeatMix

@main
struct Benchmark: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "seatmix-bench",
    abstract: "Benchmark helpers for SeatMix; scripts/benchmark runs them all.",
    subcommands: [Generate.self, WriteLP.self, SolveInProcess.self])

  struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a seeded synthetic batch CSV.")
    @Option(help: "Scenarios to write.") var scenarios = 10_000
    @Option(help: "Agent groups (rows) per scenario.") var groups = 6
    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Option(name: .shortAndLong, help: "Output CSV.") var output: String

    func run() throws {
      let rows = try SyntheticBatch.write(to: output, scenarios: scenarios, groups: groups, seed: seed)
      print("wrote \(scenarios) scenarios, \(rows) rows to \(output)")
    }
  }

  /// The batch's first scenarios as LP files, for timing glpsol on the same models.
  struct WriteLP: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "write-lp", abstract: "Write the optimum's integer program of the first N scenarios as LP files.")
    @Argument(help: "A batch CSV.") var input: String
    @Option(help: "How many scenarios.") var count = 200
    @Option(name: .shortAndLong, help: "Folder for the LP files.") var output: String

    func run() throws {
      try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
      let source = try BatchInput(file: input)
      let builder = ScenarioBuilder(
        defaultCatalog: "zoom-contact-center", library: CatalogLibrary.standard(for: input),
        delimiter: source.reader.delimiter, inputFile: input)
      var written = 0
      while written < count, let rows = try source.nextScenario() {
        let scenario = builder.build(rows)
        guard let deal = scenario.deal, let catalog = scenario.catalog else { continue }
        written += 1
        try Optimizer.writeLP(PlanningProblem(deal: deal, catalog: catalog), to: "\(output)/scenario-\(written).lp")
      }
      print("wrote \(written) LP files to \(output)")
    }
  }

  /// Times GLPK in this process on the same N models that write-lp writes, for comparison with glpsol.
  struct SolveInProcess: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "solve-in-process", abstract: "Time in-process GLPK on the optimum models of the first N scenarios.")
    @Argument(help: "A batch CSV.") var input: String
    @Option(help: "How many scenarios.") var count = 200

    func run() throws {
      let source = try BatchInput(file: input)
      let builder = ScenarioBuilder(
        defaultCatalog: "zoom-contact-center", library: CatalogLibrary.standard(for: input),
        delimiter: source.reader.delimiter, inputFile: input)
      var models: [Model] = []
      while models.count < count, let rows = try source.nextScenario() {
        let scenario = builder.build(rows)
        guard let deal = scenario.deal, let catalog = scenario.catalog else { continue }
        models.append(Formulation(PlanningProblem(deal: deal, catalog: catalog)).model)
      }
      let solver = GLPKSolver()
      var solverTime = Duration.zero
      let started = ContinuousClock.now
      for model in models {
        solverTime += try solver.solve(model, options: SolveOptions(timeLimitSeconds: 10)).solverTime
      }
      let wall = ContinuousClock.now - started
      print(
        "in-process GLPK: \(models.count) models, \(wall) end to end (build + solve + check), \(solverTime) inside glp_intopt calls"
      )
    }
  }
}
