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
    subcommands: [
      Generate.self, WriteLP.self, SolveInProcess.self, Breakdown.self, ReadOnly.self, Tolerance.self, Ladder.self,
      WriteModels.self, ErlangCCases.self, Sessions.self,
    ])

  /// Every model of the first N scenarios (the optimum and each possible single plan), as JSON for
  /// scripts/benchmark-peer: the same integer programs, for another solver. Models that SeatMix
  /// answers without a solver (``Optimizer/answersSettledModels``) are written too, so that the
  /// peer solves every model of every scenario, as it always did; `--solved-only` writes only the
  /// models SeatMix hands to GLPK.
  struct WriteModels: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "write-models", abstract: "Write the models of the first N scenarios as JSON for the peer solver.")
    @Argument(help: "A batch CSV.") var input: String
    @Option(help: "How many scenarios.") var count = 2_000
    @Option(name: .shortAndLong, help: "Output JSON file.") var output: String
    @Flag(help: "Only the models SeatMix solves with GLPK (not those it answers without a solver).")
    var solvedOnly = false

    func run() throws {
      var optimizer = Optimizer(solver: GLPKSolver(), namesModels: false)
      optimizer.answersSettledModels = solvedOnly
      var text = "[\n"
      for (number, item) in try Benchmark.deals(in: input, count: count).enumerated() {
        let models = try optimizer.prepare(item.deal, catalog: item.catalog).models
        text += (number == 0 ? "" : ",\n") + "[" + models.map(Self.json).joined(separator: ",") + "]"
      }
      text += "\n]\n"
      try Data(text.utf8).write(to: URL(fileURLWithPath: output))
    }

    /// c, c0, integrality, variable bounds, row bounds (null: none) and the matrix as triplets.
    static func json(_ model: Model) -> String {
      func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "null" }
      var costs = [Double](repeating: 0, count: model.variables.count)
      for term in model.objective.terms { costs[term.variable.index] += term.coefficient }
      let kinds = model.variables.map { $0.kind == .continuous ? "0" : "1" }
      let lower = model.variables.map { number($0.kind == .binary ? 0 : $0.lowerBound) }
      let upper = model.variables.map { number($0.kind == .binary ? 1 : $0.upperBound) }
      var rowLower: [String] = []
      var rowUpper: [String] = []
      var triplets: [String] = []
      for (index, row) in model.rows.enumerated() {
        rowLower.append(row.relation == .lessOrEqual ? "null" : "\(row.bound)")
        rowUpper.append(row.relation == .greaterOrEqual ? "null" : "\(row.bound)")
        for entry in row.entries {
          triplets.append("[\(index),\(model.entries[entry].variable.index),\(model.entries[entry].coefficient)]")
        }
      }
      return """
        {"c":[\(costs.map { "\($0)" }.joined(separator: ","))],"c0":\(model.objective.constant),\
        "integer":[\(kinds.joined(separator: ","))],"lower":[\(lower.joined(separator: ","))],\
        "upper":[\(upper.joined(separator: ","))],"row_lower":[\(rowLower.joined(separator: ","))],\
        "row_upper":[\(rowUpper.joined(separator: ","))],"entries":[\(triplets.joined(separator: ","))]}
        """
    }
  }

  /// The solver-settings ladder (issue 8, item 11): one generated deal per size and licensing, its
  /// optimum model solved under each candidate GLPK setting; CPU time inside GLPK, nodes and simplex
  /// iterations per solve, and whether the answer was proven and the same as under GLPK's defaults.
  struct Ladder: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Time GLPK settings on generated deals of 10 to 3,000 groups (concurrent, any, any with mixing).")
    @Option(help: "Group counts, comma-separated.") var sizes = "10,30,100,300,1000,3000"
    @Option(help: "Settings to compare, comma-separated (see --list).") var settings =
      "default,pch,pch-blb,dth-blb,gmi,mir"
    @Option(help: "Licensing variants, comma-separated: concurrent, named, any, mixing.") var variants =
      "concurrent,any,mixing"
    @Option(help: "Runs of each solve (the table shows min, median and max CPU time).") var runs = 1

    static let candidates: [String: GLPKSolver.Settings] = [
      "default": .glpkDefaults,
      "pch": .init(branching: .pseudocost),
      "pch-blb": .init(branching: .pseudocost, backtracking: .bestLocalBound),
      "dth-blb": .init(backtracking: .bestLocalBound),
      "mfv": .init(branching: .mostFractional),
      "dfs": .init(backtracking: .depthFirst),
      "gmi": .init(cuts: .gomory),
      "mir": .init(cuts: .mixedIntegerRounding),
      "cov-clq": .init(cuts: [.cover, .clique]),
      "pch-gmi": .init(branching: .pseudocost, cuts: .gomory),
      "no-presolve": .init(presolve: false),
      "measured": .measured,
    ]

    /// A generated deal of `groups` groups (seed 1,000 + groups) under a licensing variant.
    static func deal(groups: Int, variant: String) throws -> (Deal, Catalog) {
      let file = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-\(groups)-\(getpid()).csv").path
      defer { try? FileManager.default.removeItem(atPath: file) }
      try SyntheticBatch.write(to: file, scenarios: 1, groups: groups, seed: 1000 + UInt64(groups))
      var (deal, catalog) = try Benchmark.deals(in: file, count: 1)[0]
      deal.licensing = variant == "concurrent" ? .concurrent : variant == "named" ? .named : .any
      deal.allowMixing = variant == "mixing"
      return (deal, catalog)
    }

    func run() throws {
      let names = settings.split(separator: ",").map(String.init)
      for name in names where Self.candidates[name] == nil {
        throw ValidationError(
          "unknown setting '\(name)'; known: \(Self.candidates.keys.sorted().joined(separator: ", "))")
      }
      print(
        "groups\tlicensing\tsetting\tstatus\tmonthly\tsame plan as default\tnodes\titerations\tGLPK CPU s (min/median/max)"
      )
      for size in sizes.split(separator: ",").compactMap({ Int($0) }) {
        for variant in variants.split(separator: ",").map(String.init) {
          let (deal, catalog) = try Self.deal(groups: size, variant: variant)
          let problem = PlanningProblem(deal: deal, catalog: catalog)
          let model = Formulation(problem, keepsNames: false).model
          // How SeatMix solves it: a one-model account from the threshold on as one program per model.
          let perModel = Optimizer.solvesPerAccountModel(problem)
          if !perModel.isEmpty {
            var times: [Double] = []
            var found: PlanOutcome?
            for _ in 0..<max(1, runs) {
              let (outcome, time) = try Optimizer(solver: GLPKSolver(), namesModels: false).solve(problem)
              times.append(Double(time.components.attoseconds) / 1e18 + Double(time.components.seconds))
              found = outcome
            }
            times.sort()
            let spread = [times.first!, times[times.count / 2], times.last!].map { String(format: "%.3f", $0) }
            let plan = found?.plan
            print(
              "\(size)\t\(variant)\tper-model (\(perModel.map(\.rawValue).joined(separator: "+")))\t\(plan.map { $0.status.isOptimal ? "optimal" : "\($0.status)" } ?? "no plan")\t\(plan.map { String(format: "%.2f", NSDecimalNumber(decimal: $0.monthlyTotal).doubleValue) } ?? "-")\t-\t-\t-\t\(spread.joined(separator: "/"))"
            )
          }
          var reference: [Double]?
          for name in names {
            let solver = GLPKSolver(settings: Self.candidates[name]!)
            var times: [Double] = []
            var last: SolveResult?
            for _ in 0..<max(1, runs) {
              let result = try solver.solve(model, options: SolveOptions())
              times.append(
                Double(result.solverTime.components.attoseconds) / 1e18 + Double(result.solverTime.components.seconds))
              last = result
            }
            let result = last!
            if name == names[0] { reference = result.values }
            times.sort()
            let spread = [times.first!, times[times.count / 2], times.last!].map { String(format: "%.3f", $0) }
            let status: String
            switch result.status {
            case .optimal: status = "optimal"
            case .feasible(let limit, _): status = "feasible (\(limit.rawValue))"
            case .noSolution(let limit): status = "no solution (\(limit.rawValue))"
            case .infeasible: status = "infeasible"
            case .unbounded: status = "unbounded"
            }
            let monthly = result.objective.map { String(format: "%.2f", $0) } ?? "-"
            print(
              "\(size)\t\(variant)\t\(name)\t\(status)\t\(monthly)\t\(result.values == reference ? "yes" : "no")\t\(result.nodes)\t\(result.iterations)\t\(spread.joined(separator: "/"))"
            )
          }
        }
      }
    }
  }

  /// Scenarios on which GLPK's own relative tolerance calls a costlier plan optimal: each optimum
  /// model solved as SeatMix does (exact to one money unit) and without its objective step.
  struct Tolerance: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List scenarios whose optimum GLPK's default tolerance gets wrong, with both objectives.")
    @Argument(help: "A batch CSV.") var input: String
    @Option(help: "How many scenarios.") var count = 100

    func run() throws {
      for (number, item) in try Benchmark.deals(in: input, count: count).enumerated() {
        let exact = Formulation(PlanningProblem(deal: item.deal, catalog: item.catalog)).model
        var loose = exact
        loose.objectiveStep = nil
        let solver = GLPKSolver()
        let tight = try solver.solve(exact, options: SolveOptions())
        let own = try solver.solve(loose, options: SolveOptions())
        if tight.objective != own.objective || tight.status != own.status {
          print(
            "scenario \(number + 1) (\(item.deal.name)): exact \(tight.status) \(tight.objective ?? .nan), GLPK's tolerance \(own.status) \(own.objective ?? .nan)"
          )
        }
      }
    }
  }

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
      input: source, defaultCatalog: "zoom-contact-center", library: CatalogLibrary.standard(for: input))
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
          PlanningProblem(deal: item.deal, catalog: item.catalog), to: "\(output)/scenario-\(number + 1).lp",
          using: GLPKSolver())
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
        solverTime += try solver.solve(model, options: SolveOptions()).solverTime
      }
      let wall = ContinuousClock.now - started
      print(
        "in-process GLPK: \(models.count) models, \(wall) end to end (build + solve + check), \(solverTime) inside GLPK (the C call: build, solve, read, delete)"
      )
    }
  }
}

/// Where the time of one analysis goes, on one thread: model building, GLPK, plan reading.
struct Breakdown: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Split the time of analyzing the first N scenarios, as a batch worker does, into its steps.")
  @Argument(help: "A batch CSV.") var input: String
  @Option(help: "How many scenarios.") var count = 2000

  /// The steps of a batch worker, on one thread, in chunks of 32 scenarios: build each scenario's
  /// deal, prepare its models (planning problem and formulations), solve the chunk's models in one
  /// solver call, read the plans.
  func run() throws {
    let source = try BatchInput(file: input)
    let library = CatalogLibrary.standard(for: input)
    let builder = ScenarioBuilder(
      input: source, defaultCatalog: "zoom-contact-center", library: library,
      loadedDefault: try library.catalog("zoom-contact-center"))
    var chunks: [[ScenarioRows]] = [[]]
    var scenarios = 0
    while scenarios < count, let rows = try source.nextScenario() {
      if chunks[chunks.count - 1].count == 32 { chunks.append([]) }
      chunks[chunks.count - 1].append(rows)
      scenarios += 1
    }
    let optimizer = Optimizer(
      solver: GLPKSolver(), options: SolveOptions(), namesModels: false, optimumDetail: .totals)
    let cache = PlanningCache(catalogFile: builder.loadedDefault!.file)
    let clock = ContinuousClock()
    var build = Duration.zero
    var prepare = Duration.zero
    var solve = Duration.zero
    var glpk = Duration.zero
    var read = Duration.zero
    var models = 0
    for chunk in chunks {
      var t = clock.now
      let deals = chunk.map { builder.build($0) }.compactMap { scenario in
        scenario.deal.map { ($0, scenario.catalog!) }
      }
      build += clock.now - t
      t = clock.now
      var prepared: [(analysis: Optimizer.PreparedAnalysis, models: Range<Int>)] = []
      var all: [Model] = []
      for (deal, catalog) in deals {
        let analysis = try optimizer.prepare(deal, catalog: catalog, cache: cache)
        let start = all.count
        all += analysis.models
        prepared.append((analysis, start..<all.count))
      }
      prepare += clock.now - t
      t = clock.now
      let results = try optimizer.solver.solve(all, options: optimizer.options)
      solve += clock.now - t
      glpk += results.reduce(Duration.zero) { $0 + $1.solverTime }
      models += all.count
      t = clock.now
      for (analysis, range) in prepared { _ = try optimizer.finish(analysis, results: results[range]) }
      read += clock.now - t
    }
    func us(_ d: Duration) -> String {
      let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
      return String(format: "%5.1f µs", seconds * 1e6 / Double(max(scenarios, 1)))
    }
    print("per scenario (\(scenarios) scenarios, \(models) models, one thread, chunks of 32):")
    print("  deal from CSV rows:                \(us(build))")
    print("  planning problem and formulations: \(us(prepare))")
    print("  solver call:                       \(us(solve)) (inside GLPK: \(us(glpk)))")
    print("  plan reading:                      \(us(read))")
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
