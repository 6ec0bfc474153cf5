import Foundation
import GLPKShim
import MIPModel

/// GLPK's branch-and-cut behind ``MIPModel/Solver``.
///
/// A call is one synchronous C call (`smx_solve_many`) that creates, solves and deletes each GLPK
/// problem on the calling thread, as GLPK requires; nothing is held across an `await`. Models are
/// validated in Swift first; the C shim catches what GLPK itself rejects, so no model aborts the
/// process.
public struct GLPKSolver: Solver, LPWriter {
  public let name = "GLPK"
  /// How GLPK searches; chosen by measurement (README, Benchmarks: `seatmix-bench ladder`).
  public var settings: Settings

  public init(settings: Settings = .measured) { self.settings = settings }

  /// GLPK's branch-and-bound choices. They change how fast a search ends, never whether a plan is
  /// optimal; among plans of equal cost they may change which one is found.
  public struct Settings: Sendable, Equatable {
    public enum Branching: Int32, Sendable, CaseIterable {
      case glpkDefault = 0
      case firstFractional = 1
      case lastFractional = 2
      case mostFractional = 3
      case driebeckTomlin = 4
      case
        pseudocost = 5
    }
    public enum Backtracking: Int32, Sendable, CaseIterable {
      case glpkDefault = 0
      case depthFirst = 1
      case breadthFirst = 2
      case bestLocalBound = 3
      case bestProjection = 4
    }
    public struct Cuts: OptionSet, Sendable, Hashable {
      public let rawValue: Int32
      public init(rawValue: Int32) { self.rawValue = rawValue }
      public static let gomory = Cuts(rawValue: 1)
      public static let mixedIntegerRounding = Cuts(rawValue: 2)
      public static let cover = Cuts(rawValue: 4)
      public static let clique = Cuts(rawValue: 8)
    }

    public var branching: Branching
    public var backtracking: Backtracking
    public var presolve: Bool
    public var cuts: Cuts
    /// Models of at most this many columns (and no coefficient above 1,000,000, with `presolve`)
    /// skip GLPK's MIP presolver, scaling and search tree where that cannot change the answer: the
    /// LP relaxation is solved first, by the dual simplex from the slack basis, and when its optimum
    /// is integral and provably the only one, that is the answer (its bound is its objective, and
    /// GLPK's search would find the same point). A fractional or tied optimum goes to GLPK's search
    /// as usual, so every answer is the one GLPK's own search gives. 0: off.
    public var smallModelColumns: Int

    public init(
      branching: Branching = .glpkDefault, backtracking: Backtracking = .glpkDefault, presolve: Bool = true,
      cuts: Cuts = [], smallModelColumns: Int = 0
    ) {
      self.branching = branching
      self.backtracking = backtracking
      self.presolve = presolve
      self.cuts = cuts
      self.smallModelColumns = smallModelColumns
    }

    /// GLPK's own defaults (Driebeck–Tomlin branching, best-projection backtracking), with its
    /// MIP presolver and no cuts.
    public static let glpkDefaults = Settings()
    /// What SeatMix uses: GLPK's defaults, and the small-model path up to 256 columns (a batch's
    /// six-group deal is 15 to 45; README, Batch).
    public static let measured = Settings(smallModelColumns: 256)
  }

  public func solve(_ model: Model, options: SolveOptions) throws(ModelError) -> SolveResult {
    try solve([model], options: options)[0]
  }

  /// Solves the models in one C call, with one reading of the thread's CPU clock on each side of
  /// it: a batch run solves several small models per scenario, and the clock is a system call.
  public func solve(_ models: [Model], options: SolveOptions) throws(ModelError) -> [SolveResult] {
    for model in models {
      var problems = model.problems()
      // A NaN limit would trap in the conversion to milliseconds (and GLPK ignores a NaN gap).
      if options.timeLimitSeconds?.isNaN == true { problems.append("the time limit is nan seconds") }
      if options.relativeGap.isNaN { problems.append("the relative gap is nan") }
      if options.nodeLimit < 1 { problems.append("the node limit is \(options.nodeLimit)") }
      if options.iterationLimit < 1 { problems.append("the iteration limit is \(options.iterationLimit)") }
      guard problems.isEmpty else { throw .invalidModel(problems) }
    }
    // GLPK rejects empty problems; those are answered here.
    let toGLPK = models.filter { !$0.variables.isEmpty }
    var raw: [smx_result] = []
    var values: [Double] = []
    var solverTime = Duration.zero
    if !toGLPK.isEmpty {
      let layout = GLPKLayout(toGLPK, withNames: false)
      raw = [smx_result](repeating: smx_result(), count: toGLPK.count)
      values = [Double](repeating: 0, count: layout.parts.reduce(0) { $0 + $1.columns })
      layout.withProblems(limits: Limits(options), settings: settings) { problems in
        values.withUnsafeMutableBufferPointer { values in
          raw.withUnsafeMutableBufferPointer { results in
            var offset = 0
            for index in results.indices {
              results[index].col_values = values.baseAddress! + offset
              offset += Int(problems[index].num_cols)
            }
            // Only the C call is timed.
            let started = Self.threadCPUTime()
            smx_solve_many(problems.baseAddress, results.baseAddress, Int32(results.count))
            solverTime = Self.threadCPUTime() - started
          }
        }
      }
    }
    // Each result carries an even share of the call's solver time, so that the shares add up.
    let share = toGLPK.isEmpty ? Duration.zero : solverTime / toGLPK.count
    var results: [SolveResult] = []
    results.reserveCapacity(models.count)
    var next = 0
    var offset = 0
    for model in models {
      if model.variables.isEmpty {
        // The constraints are constants that hold or not, and the answer is the objective's constant.
        guard model.violations(at: []).isEmpty else {
          results.append(SolveResult(status: .infeasible, values: nil, objective: nil, bestBound: nil))
          continue
        }
        results.append(SolveResult(status: .optimal, values: [], objective: model.objective.constant, bestBound: nil))
        continue
      }
      let count = model.variables.count
      results.append(
        try interpret(
          raw[next], values: Array(values[offset..<offset + count]), model: model, solverTime: share))
      next += 1
      offset += count
    }
    return results
  }

  /// Writes the model in CPLEX LP format, with its domain names, for `glpsol` and for people.
  public func writeLP(_ model: Model, to path: String) throws(ModelError) {
    let problems = model.problems()
    guard problems.isEmpty else { throw .invalidModel(problems) }
    // CPLEX LP has no objective constant (GLPK writes it only as a comment), so it goes in as a
    // variable fixed at 1: glpsol then reports the same objective as the plan.
    var written = model
    let constant = model.objective.merged().constant
    if constant != 0 {
      let one = written.addVariable(
        "objective_constant", kind: .continuous, lowerBound: 1, upperBound: 1)
      written.objective.addConstant(-constant)
      written.objective.add(constant, one)
    }
    let layout = GLPKLayout([written], withNames: true)
    var result = smx_result()
    var code: Int32 = 0
    layout.withProblems(limits: Limits(SolveOptions()), settings: settings) { problems in
      code = smx_write_lp(problems.baseAddress, path, &result)
    }
    if code != 0 { throw .solverFailed(solver: name, message: Self.message(of: result)) }
  }

  /// CPU time of the calling thread: what GLPK itself costs, whatever else the machine is doing.
  static func threadCPUTime() -> Duration {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
  }

  static func milliseconds(_ seconds: Double) -> Int32 {
    Int32(min(max(seconds * 1000, 1), Double(Int32.max)))
  }

  /// The limits of a search as the shim takes them (0: none).
  struct Limits {
    var timeLimitMs: Int32 = 0
    var nodeLimit = 0
    var iterationLimit = 0
    var gap = 0.0

    init(_ options: SolveOptions) {
      timeLimitMs = options.timeLimitSeconds.map(GLPKSolver.milliseconds) ?? 0
      nodeLimit = options.nodeLimit
      iterationLimit = options.iterationLimit
      gap = options.relativeGap
    }

    init(timeLimitMs: Int32, gap: Double) {
      self.timeLimitMs = timeLimitMs
      self.gap = gap
    }
  }

  static func message(of result: smx_result) -> String {
    withUnsafeBytes(of: result.message) { bytes in
      let prefix = bytes.prefix { $0 != 0 }
      return String(decoding: prefix, as: UTF8.self)
    }
  }

  private func interpret(
    _ result: smx_result, values: consuming [Double], model: Model, solverTime: Duration
  ) throws(ModelError) -> SolveResult {
    let limit: SolveLimit
    switch Int(result.stopped_by) {
    case Int(SMX_GAP_LIMIT.rawValue): limit = .gapLimit
    case Int(SMX_NODE_LIMIT.rawValue): limit = .nodeLimit
    case Int(SMX_ITERATION_LIMIT.rawValue): limit = .iterationLimit
    case Int(SMX_PRECISION_LIMIT.rawValue): limit = .precisionLimit
    default: limit = .timeLimit
    }
    let status: SolveStatus
    switch Int(result.outcome) {
    case Int(SMX_OPTIMAL.rawValue): status = .optimal
    case Int(SMX_FEASIBLE.rawValue): status = .feasible(stoppedBy: limit, gap: result.gap >= 0 ? result.gap : nil)
    case Int(SMX_INFEASIBLE.rawValue): status = .infeasible
    case Int(SMX_UNBOUNDED.rawValue): status = .unbounded
    case Int(SMX_NO_SOLUTION.rawValue): status = .noSolution(stoppedBy: limit)
    case Int(SMX_GLPK_FATAL.rawValue):
      throw .solverFailed(solver: name, message: "GLPK fatal error (caught): " + Self.message(of: result))
    default:
      throw .solverFailed(solver: name, message: Self.message(of: result))
    }
    switch status {
    case .optimal, .feasible:
      var rounded = consume values
      for (index, variable) in model.variables.enumerated() where variable.kind != .continuous {
        rounded[index].round()
      }
      let violations = model.violations(at: rounded)
      guard violations.isEmpty else { throw .solutionRejected(solver: name, violations: violations) }
      let objective = model.objective.value(at: rounded)
      return SolveResult(
        status: status, values: rounded, objective: objective,
        bestBound: status == .optimal ? objective : (result.gap >= 0 ? result.best_bound : nil),
        solverTime: solverTime, nodes: result.nodes, iterations: result.iterations)
    case .noSolution:
      return SolveResult(
        status: status, values: nil, objective: nil, bestBound: result.has_bound != 0 ? result.best_bound : nil,
        solverTime: solverTime, nodes: result.nodes, iterations: result.iterations)
    case .infeasible, .unbounded:
      return SolveResult(
        status: status, values: nil, objective: nil, bestBound: nil, solverTime: solverTime, nodes: result.nodes,
        iterations: result.iterations)
    }
  }
}

/// Models in the column/row/triplet arrays that `smx_problem` points at, packed into one integer
/// and one floating-point array for all of them (two allocations per call, not a dozen per model).
/// Per model, at its part's offsets:
/// - `ints`: column kinds [n], column bound types [n], row bound types [m], then GLPK's 1-based
///   triplets, row indices [k + 1] and column indices [k + 1] (element 0 of each unused);
/// - `doubles`: column lower [n], column upper [n], objective [n], row lower [m], row upper [m],
///   triplet values [k + 1].
struct GLPKLayout {
  /// Where one model's arrays are.
  struct Part {
    var columns: Int
    var rows: Int
    /// The number of nonzeros laid out.
    var entries: Int
    /// The number of nonzeros passed to GLPK: `entries`, unless a test sets what validation would
    /// refuse.
    var reportedEntries: Int
    var ints: Int
    var doubles: Int
    var objectiveConstant: Double
    var objectiveStep: Double
  }

  var parts: [Part] = []
  var ints: [Int32]
  var doubles: [Double]
  /// With names (for LP files), there is one model.
  var columnNames: [String]? = nil
  var rowNames: [String]? = nil

  init(_ models: [Model], withNames: Bool) {
    precondition(!withNames || models.count == 1, "names are laid out for one model")
    var intCount = 0
    var doubleCount = 0
    parts.reserveCapacity(models.count)
    for model in models {
      let (n, m, k) = (model.variables.count, model.constraintCount, model.entries.count)
      parts.append(
        Part(
          columns: n, rows: m, entries: k, reportedEntries: k, ints: intCount, doubles: doubleCount,
          objectiveConstant: model.objective.constant, objectiveStep: model.objectiveStep ?? 0))
      intCount += 2 * n + m + 2 * (k + 1)
      doubleCount += 3 * n + 2 * m + k + 1
    }
    let parts = parts
    ints = [Int32](unsafeUninitializedCapacity: intCount) { buffer, initialized in
      for (model, part) in zip(models, parts) {
        Self.fillInts(model, into: UnsafeMutableBufferPointer(rebasing: buffer[part.ints...]))
      }
      initialized = intCount
    }
    doubles = [Double](unsafeUninitializedCapacity: doubleCount) { buffer, initialized in
      for (model, part) in zip(models, parts) {
        Self.fillDoubles(model, into: UnsafeMutableBufferPointer(rebasing: buffer[part.doubles...]))
      }
      initialized = doubleCount
    }
    if withNames, let model = models.first {
      columnNames = Self.uniqueLPNames(model.variables.map(\.name))
      rowNames = Self.uniqueLPNames((0..<model.constraintCount).map(model.constraintName))
    }
  }

  /// One model's layout.
  init(_ model: Model, withNames: Bool) { self.init([model], withNames: withNames) }

  /// The first model's column count (tests).
  var columns: Int { parts[0].columns }
  /// The first model's nonzero count, as passed to GLPK (tests set what validation would refuse).
  var entries: Int {
    get { parts[0].reportedEntries }
    set { parts[0].reportedEntries = newValue }
  }

  private static func fillInts(_ model: Model, into buffer: UnsafeMutableBufferPointer<Int32>) {
    let (n, m, k) = (model.variables.count, model.constraintCount, model.entries.count)
    for (j, variable) in model.variables.enumerated() {
      switch variable.kind {
      case .continuous: buffer[j] = Int32(SMX_CONTINUOUS.rawValue)
      case .integer: buffer[j] = Int32(SMX_INTEGER.rawValue)
      case .binary: buffer[j] = Int32(SMX_BINARY.rawValue)
      }
      buffer[n + j] = bounds(variable.lowerBound, variable.upperBound).0
    }
    for row in 0..<m {
      switch model.rows[row].relation {
      case .lessOrEqual: buffer[2 * n + row] = Int32(SMX_UPPER.rawValue)
      case .greaterOrEqual: buffer[2 * n + row] = Int32(SMX_LOWER.rawValue)
      case .equal: buffer[2 * n + row] = Int32(SMX_FIXED.rawValue)
      }
    }
    let rowIndices = 2 * n + m
    let columnIndices = rowIndices + k + 1
    buffer[rowIndices] = 0
    buffer[columnIndices] = 0
    for row in 0..<m {
      for entry in model.rows[row].entries {
        buffer[rowIndices + 1 + entry] = Int32(row + 1)
        buffer[columnIndices + 1 + entry] = Int32(model.entries[entry].variable.index + 1)
      }
    }
  }

  private static func fillDoubles(_ model: Model, into buffer: UnsafeMutableBufferPointer<Double>) {
    let (n, m, k) = (model.variables.count, model.constraintCount, model.entries.count)
    for (j, variable) in model.variables.enumerated() {
      let (_, lower, upper) = bounds(variable.lowerBound, variable.upperBound)
      buffer[j] = lower
      buffer[n + j] = upper
      buffer[2 * n + j] = 0
    }
    for term in model.objective.terms { buffer[2 * n + term.variable.index] += term.coefficient }
    for row in 0..<m {
      let bound = model.rows[row].bound
      let (lower, upper): (Double, Double)
      switch model.rows[row].relation {
      case .lessOrEqual: (lower, upper) = (0, bound)
      case .greaterOrEqual: (lower, upper) = (bound, 0)
      case .equal: (lower, upper) = (bound, bound)
      }
      buffer[3 * n + row] = lower
      buffer[3 * n + m + row] = upper
    }
    let values = 3 * n + 2 * m
    buffer[values] = 0
    for entry in 0..<k { buffer[values + 1 + entry] = model.entries[entry].coefficient }
  }

  /// Appends one matrix entry, unchecked (tests hand GLPK entries validation would refuse).
  mutating func appendEntry(row: Int32, column: Int32, value: Double) {
    precondition(parts.count == 1, "a test's layout holds one model")
    let part = parts[0]
    ints.insert(row, at: 2 * part.columns + part.rows + part.entries + 1)
    ints.append(column)
    doubles.append(value)
    parts[0].entries += 1
    parts[0].reportedEntries += 1
  }

  static func bounds(_ lower: Double?, _ upper: Double?) -> (Int32, Double, Double) {
    switch (lower, upper) {
    case (nil, nil): return (Int32(SMX_FREE.rawValue), 0, 0)
    case (let lower?, nil): return (Int32(SMX_LOWER.rawValue), lower, 0)
    case (nil, let upper?): return (Int32(SMX_UPPER.rawValue), 0, upper)
    case (let lower?, let upper?):
      return (Int32(lower == upper ? SMX_FIXED.rawValue : SMX_DOUBLE.rawValue), lower, upper)
    }
  }

  /// CPLEX LP names allow letters, digits and a few symbols, at most 255 characters.
  static func lpName(_ name: String) -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.[]")
    let mapped = String(name.map { allowed.contains($0) ? $0 : "_" })
    let start = mapped.first.map { $0.isLetter || $0 == "_" } ?? false ? mapped : "_" + mapped
    return String(start.prefix(255))
  }

  /// ``lpName(_:)`` of each name, with `~2`, `~3`… appended where names would otherwise come out the
  /// same (`a b` and `a=b`): a file with two equal names is not the model (glpsol merges equal
  /// variable names and rejects equal constraint names). `lpName` never yields a `~`.
  static func uniqueLPNames(_ names: [String]) -> [String] {
    var used = Set<String>()
    return names.map { name in
      let base = lpName(name)
      var candidate = base
      var number = 1
      while !used.insert(candidate).inserted {
        number += 1
        let suffix = "~\(number)"
        candidate = String(base.prefix(255 - suffix.count)) + suffix
      }
      return candidate
    }
  }

  /// Calls `body` with one `smx_problem` per model, pointing into the packed arrays.
  func withProblems(
    limits: GLPKSolver.Limits, settings: GLPKSolver.Settings = .measured,
    _ body: (UnsafeBufferPointer<smx_problem>) -> Void
  ) {
    withCStrings(columnNames) { columnNamePointers in
      withCStrings(rowNames) { rowNamePointers in
        ints.withUnsafeBufferPointer { ints in
          doubles.withUnsafeBufferPointer { doubles in
            let problems = parts.map { part in
              let (n, m, k) = (part.columns, part.rows, part.entries)
              let i = ints.baseAddress! + part.ints
              let d = doubles.baseAddress! + part.doubles
              var problem = smx_problem()
              problem.num_rows = Int32(m)
              problem.num_cols = Int32(n)
              problem.num_nonzeros = Int32(part.reportedEntries)
              problem.objective_constant = part.objectiveConstant
              problem.time_limit_ms = limits.timeLimitMs
              problem.node_limit = limits.nodeLimit
              problem.iteration_limit = limits.iterationLimit
              problem.mip_gap = limits.gap
              problem.objective_step = part.objectiveStep
              problem.settings = smx_settings(
                branching: settings.branching.rawValue, backtracking: settings.backtracking.rawValue,
                presolve: settings.presolve ? 1 : -1, cuts: settings.cuts.rawValue,
                small_model_columns: Int32(clamping: settings.smallModelColumns))
              problem.col_kind = UnsafePointer(i)
              problem.col_bound = UnsafePointer(i + n)
              problem.row_bound = UnsafePointer(i + 2 * n)
              problem.nz_row = UnsafePointer(i + 2 * n + m)
              problem.nz_col = UnsafePointer(i + 2 * n + m + k + 1)
              problem.col_lower = UnsafePointer(d)
              problem.col_upper = UnsafePointer(d + n)
              problem.objective = UnsafePointer(d + 2 * n)
              problem.row_lower = UnsafePointer(d + 3 * n)
              problem.row_upper = UnsafePointer(d + 3 * n + m)
              problem.nz_value = UnsafePointer(d + 3 * n + 2 * m)
              problem.col_names = columnNamePointers
              problem.row_names = rowNamePointers
              return problem
            }
            problems.withUnsafeBufferPointer { body($0) }
          }
        }
      }
    }
  }

  /// Calls `body` with the first model's `smx_problem` (tests).
  func withProblem(timeLimitMs: Int32, gap: Double, _ body: (UnsafePointer<smx_problem>) -> Void) {
    withProblems(limits: GLPKSolver.Limits(timeLimitMs: timeLimitMs, gap: gap)) { body($0.baseAddress!) }
  }
}

/// Calls `body` with a C array of C strings that lives for the call, or nil when there are none.
private func withCStrings<R>(
  _ strings: [String]?, _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R
) -> R {
  guard let strings else { return body(nil) }
  var storage = strings.map { strdup($0) }
  defer { for pointer in storage { free(pointer) } }
  return storage.withUnsafeMutableBufferPointer { buffer in
    buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) {
      body(UnsafePointer($0))
    }
  }
}
