import Foundation
import GLPKShim
import MIPModel

/// GLPK's branch-and-cut behind ``MIPModel/Solver``.
///
/// Each call is one synchronous C call (`smx_solve`) that creates, solves and deletes the GLPK
/// problem on the calling thread, as GLPK requires; nothing is held across an `await`. Models are
/// validated in Swift first; the C shim catches what GLPK itself rejects, so no model aborts the
/// process.
public struct GLPKSolver: Solver {
  public let name = "GLPK"

  public init() {}

  public func solve(_ model: Model, options: SolveOptions) throws(ModelError) -> SolveResult {
    var problems = model.problems()
    // A NaN limit would trap in the conversion to milliseconds (and GLPK ignores a NaN gap).
    if options.timeLimitSeconds.isNaN { problems.append("the time limit is nan seconds") }
    if options.relativeGap.isNaN { problems.append("the relative gap is nan") }
    guard problems.isEmpty else { throw .invalidModel(problems) }
    if model.variables.isEmpty {
      // GLPK rejects empty problems; the constraints are constants that hold or not, and the answer
      // is the objective's constant.
      guard model.violations(at: []).isEmpty else {
        return SolveResult(status: .infeasible, values: nil, objective: nil, bestBound: nil)
      }
      return SolveResult(status: .optimal, values: [], objective: model.objective.constant, bestBound: nil)
    }
    let layout = GLPKLayout(model, withNames: false)
    var values = [Double](repeating: 0, count: model.variables.count)
    var result = smx_result()
    let started = Self.threadCPUTime()
    layout.withProblem(timeLimitMs: Self.milliseconds(options.timeLimitSeconds), gap: options.relativeGap) {
      problem in
      values.withUnsafeMutableBufferPointer { buffer in
        result.col_values = buffer.baseAddress
        smx_solve(problem, &result)
      }
    }
    let solverTime = Self.threadCPUTime() - started
    return try interpret(result, values: values, model: model, solverTime: solverTime)
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
    let layout = GLPKLayout(written, withNames: true)
    var result = smx_result()
    var code: Int32 = 0
    layout.withProblem(timeLimitMs: 1000, gap: 0) { problem in
      code = smx_write_lp(problem, path, &result)
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

  static func message(of result: smx_result) -> String {
    withUnsafeBytes(of: result.message) { bytes in
      let prefix = bytes.prefix { $0 != 0 }
      return String(decoding: prefix, as: UTF8.self)
    }
  }

  private func interpret(
    _ result: smx_result, values: consuming [Double], model: Model, solverTime: Duration
  ) throws(ModelError) -> SolveResult {
    let limit: SolveLimit = Int(result.stopped_by) == Int(SMX_GAP_LIMIT.rawValue) ? .gapLimit : .timeLimit
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
        solverTime: solverTime)
    case .infeasible, .unbounded, .noSolution:
      return SolveResult(status: status, values: nil, objective: nil, bestBound: nil, solverTime: solverTime)
    }
  }
}

/// The model in the column/row/triplet arrays that `smx_problem` points at, packed into one
/// integer and one floating-point array (two allocations per solve, not a dozen):
/// - `ints`: column kinds [n], column bound types [n], row bound types [m], then GLPK's 1-based
///   triplets, row indices [k + 1] and column indices [k + 1] (element 0 of each unused);
/// - `doubles`: column lower [n], column upper [n], objective [n], row lower [m], row upper [m],
///   triplet values [k + 1].
struct GLPKLayout {
  let columns: Int
  let rows: Int
  /// The number of nonzeros passed to GLPK (a test may set what validation would refuse).
  var entries: Int
  var ints: [Int32]
  var doubles: [Double]
  var objectiveConstant: Double = 0
  var columnNames: [String]? = nil
  var rowNames: [String]? = nil

  init(_ model: Model, withNames: Bool) {
    let n = model.variables.count
    let m = model.constraintCount
    let k = model.entryVariables.count
    columns = n
    rows = m
    entries = k
    ints = [Int32](unsafeUninitializedCapacity: 2 * n + m + 2 * (k + 1)) { buffer, initialized in
      for (j, variable) in model.variables.enumerated() {
        switch variable.kind {
        case .continuous: buffer[j] = Int32(SMX_CONTINUOUS.rawValue)
        case .integer: buffer[j] = Int32(SMX_INTEGER.rawValue)
        case .binary: buffer[j] = Int32(SMX_BINARY.rawValue)
        }
        buffer[n + j] = Self.bounds(variable.lowerBound, variable.upperBound).0
      }
      for row in 0..<m {
        switch model.rowRelations[row] {
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
        for entry in model.rowStarts[row]..<model.rowStarts[row + 1] {
          buffer[rowIndices + 1 + entry] = Int32(row + 1)
          buffer[columnIndices + 1 + entry] = Int32(model.entryVariables[entry] + 1)
        }
      }
      initialized = buffer.count
    }
    doubles = [Double](unsafeUninitializedCapacity: 3 * n + 2 * m + k + 1) { buffer, initialized in
      for (j, variable) in model.variables.enumerated() {
        let (_, lower, upper) = Self.bounds(variable.lowerBound, variable.upperBound)
        buffer[j] = lower
        buffer[n + j] = upper
        buffer[2 * n + j] = 0
      }
      for term in model.objective.terms { buffer[2 * n + term.variable.index] += term.coefficient }
      for row in 0..<m {
        let bound = model.rowBounds[row]
        let (lower, upper): (Double, Double)
        switch model.rowRelations[row] {
        case .lessOrEqual: (lower, upper) = (0, bound)
        case .greaterOrEqual: (lower, upper) = (bound, 0)
        case .equal: (lower, upper) = (bound, bound)
        }
        buffer[3 * n + row] = lower
        buffer[3 * n + m + row] = upper
      }
      let values = 3 * n + 2 * m
      buffer[values] = 0
      for entry in 0..<k { buffer[values + 1 + entry] = model.entryCoefficients[entry] }
      initialized = buffer.count
    }
    objectiveConstant = model.objective.constant
    if withNames {
      columnNames = Self.uniqueLPNames(model.variables.map(\.name))
      rowNames = Self.uniqueLPNames((0..<model.constraintCount).map(model.constraintName))
    }
  }

  /// Appends one matrix entry, unchecked (tests hand GLPK entries validation would refuse).
  mutating func appendEntry(row: Int32, column: Int32, value: Double) {
    ints.insert(row, at: 2 * columns + rows + entries + 1)
    ints.append(column)
    doubles.append(value)
    entries += 1
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

  func withProblem(timeLimitMs: Int32, gap: Double, _ body: (UnsafePointer<smx_problem>) -> Void) {
    withCStrings(columnNames) { columnNamePointers in
      withCStrings(rowNames) { rowNamePointers in
        ints.withUnsafeBufferPointer { ints in
          doubles.withUnsafeBufferPointer { doubles in
            let (n, m, k) = (columns, rows, entries)
            let i = ints.baseAddress!
            let d = doubles.baseAddress!
            var problem = smx_problem()
            problem.num_rows = Int32(m)
            problem.num_cols = Int32(n)
            problem.num_nonzeros = Int32(k)
            problem.objective_constant = objectiveConstant
            problem.time_limit_ms = timeLimitMs
            problem.mip_gap = gap
            problem.col_kind = i
            problem.col_bound = i + n
            problem.row_bound = i + 2 * n
            problem.nz_row = i + 2 * n + m
            problem.nz_col = i + 2 * n + m + k + 1
            problem.col_lower = d
            problem.col_upper = d + n
            problem.objective = d + 2 * n
            problem.row_lower = d + 3 * n
            problem.row_upper = d + 3 * n + m
            problem.nz_value = d + 3 * n + 2 * m
            problem.col_names = columnNamePointers
            problem.row_names = rowNamePointers
            withUnsafePointer(to: problem) { body($0) }
          }
        }
      }
    }
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
