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
    subcommands: [Generate.self, WriteLP.self, SolveInProcess.self, Breakdown.self, ReadOnly.self])

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

  /// The first `count` scenarios of a batch CSV that read without errors, as deals.
  static func deals(in input: String, count: Int) throws -> [(deal: Deal, catalog: Catalog)] {
    let source = try BatchInput(file: input)
    let builder = ScenarioBuilder(
      defaultCatalog: "zoom-contact-center", library: CatalogLibrary.standard(for: input),
      delimiter: source.reader.delimiter, inputFile: input)
    var deals: [(deal: Deal, catalog: Catalog)] = []
    while deals.count < count, let rows = try source.nextScenario() {
      let scenario = builder.build(rows)
      if let deal = scenario.deal, let catalog = scenario.catalog { deals.append((deal, catalog)) }
    }
    return deals
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
      let deals = try Benchmark.deals(in: input, count: count)
      for (number, item) in deals.enumerated() {
        try Optimizer.writeLP(
          PlanningProblem(deal: item.deal, catalog: item.catalog), to: "\(output)/scenario-\(number + 1).lp")
      }
      print("wrote \(deals.count) LP files to \(output)")
    }
  }

  /// Times GLPK in this process on the same N models that write-lp writes, for comparison with glpsol.
  struct SolveInProcess: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "solve-in-process", abstract: "Time in-process GLPK on the optimum models of the first N scenarios.")
    @Argument(help: "A batch CSV.") var input: String
    @Option(help: "How many scenarios.") var count = 200

    func run() throws {
      let models = try Benchmark.deals(in: input, count: count).map {
        Formulation(PlanningProblem(deal: $0.deal, catalog: $0.catalog)).model
      }
      let solver = GLPKSolver()
      var solverTime = Duration.zero
      let started = ContinuousClock.now
      for model in models {
        solverTime += try solver.solve(model, options: SolveOptions(timeLimitSeconds: 10)).solverTime
      }
      let wall = ContinuousClock.now - started
      print(
        "in-process GLPK: \(models.count) models, \(wall) end to end (build + solve + check), \(solverTime) inside GLPK (smx_solve: build, solve, read, delete)"
      )
    }
  }
}

/// Where the time of one analysis goes, on one thread: model building, GLPK, plan reading.
struct Breakdown: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Split the time of analyzing the first N scenarios into building, GLPK and reading.")
  @Argument(help: "A batch CSV.") var input: String
  @Option(help: "How many scenarios.") var count = 2000

  func run() throws {
    let source = try BatchInput(file: input)
    let builder = ScenarioBuilder(
      defaultCatalog: "zoom-contact-center", library: CatalogLibrary.standard(for: input),
      delimiter: source.reader.delimiter, inputFile: input)
    var problems: [PlanningProblem] = []
    let clock = ContinuousClock()
    var buildScenario = Duration.zero
    var buildProblem = Duration.zero
    var cache: PlanningCache?
    while problems.count < count, let rows = try source.nextScenario() {
      var t = clock.now
      let scenario = builder.build(rows)
      buildScenario += clock.now - t
      guard let deal = scenario.deal, let catalog = scenario.catalog else { continue }
      t = clock.now
      if cache == nil { cache = PlanningCache(catalogFile: catalog.file) }
      problems.append(PlanningProblem(deal: deal, catalog: catalog, cache: cache))
      buildProblem += clock.now - t
    }
    var formulate = Duration.zero
    var solve = Duration.zero
    var glpk = Duration.zero
    var read = Duration.zero
    var solves = 0
    let solver = GLPKSolver()
    for problem in problems {
      var all = [problem]
      for tier in problem.catalog.tiers {
        for model in problem.models where tier.licenses[model] != nil {
          all.append(problem.restricted(to: tier.id, model))
        }
      }
      for part in all where part.options.allSatisfy({ !$0.isEmpty }) {
        var t = clock.now
        let formulation = Formulation(part, keepsNames: false)
        formulate += clock.now - t
        t = clock.now
        let result = try solver.solve(formulation.model, options: SolveOptions(timeLimitSeconds: 10))
        solve += clock.now - t
        glpk += result.solverTime
        solves += 1
        t = clock.now
        if result.values != nil {
          _ = try PlanReader.plan(formulation, result, status: .optimal, detail: .totals)
        }
        read += clock.now - t
      }
    }
    // Repeated operations on the first problem, to time each part without allocation noise.
    if let first = problems.first {
      let formulation = Formulation(first, keepsNames: false)
      let result = try solver.solve(formulation.model, options: SolveOptions(timeLimitSeconds: 10))
      let repeats = 20_000
      var t = clock.now
      for _ in 0..<repeats { _ = Formulation(first, keepsNames: false) }
      let form = (clock.now - t) / repeats
      t = clock.now
      for _ in 0..<repeats { _ = try PlanReader.plan(formulation, result, status: .optimal, detail: .totals) }
      let readTime = (clock.now - t) / repeats
      t = clock.now
      for _ in 0..<repeats { _ = try solver.solve(formulation.model, options: SolveOptions(timeLimitSeconds: 10)) }
      let solveTime = (clock.now - t) / repeats
      print(
        "first deal, repeated: formulation \(form), plan reading \(readTime), solve \(solveTime) (\(formulation.model.variables.count) variables, \(formulation.model.constraintCount) constraints)"
      )
    }
    func us(_ d: Duration) -> String {
      String(
        format: "%.1f µs",
        Double(d.components.attoseconds) / 1e12 / Double(problems.count) + Double(d.components.seconds) * 1e6
          / Double(problems.count))
    }
    print("per scenario (\(problems.count) scenarios, \(solves) solves):")
    print("  scenario from CSV rows: \(us(buildScenario))")
    print("  planning problem:       \(us(buildProblem))")
    print("  formulations:           \(us(formulate))")
    print("  solver wrapper + GLPK:  \(us(solve)) (inside smx_solve: \(us(glpk)))")
    print("  plan reading:           \(us(read))")
  }
}

/// How long reading and grouping a batch CSV takes, without building or solving anything.
struct ReadOnly: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "read-only", abstract: "Time reading and grouping a batch CSV into scenarios.")
  @Argument(help: "A batch CSV.") var input: String

  func run() throws {
    let clock = ContinuousClock()
    let started = clock.now
    let source = try BatchInput(file: input)
    var scenarios = 0
    while try source.nextScenario() != nil { scenarios += 1 }
    let elapsed = clock.now - started
    let perScenario =
      (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12)
      / Double(max(scenarios, 1))
    print(String(format: "read %d scenarios in %@: %.1f µs per scenario", scenarios, "\(elapsed)", perScenario))
  }
}
