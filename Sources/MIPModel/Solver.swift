/// Why a search stopped before proving optimality.
public enum SolveLimit: String, Sendable {
  case timeLimit = "time limit"
  case gapLimit = "gap limit"
}

/// How a solve ended. An objective value exists only where a solution does.
public enum SolveStatus: Sendable, Equatable {
  /// The solver proved that no better solution exists.
  case optimal
  /// A solution, but a limit stopped the search first; `gap` is the relative distance to the best
  /// proven bound when the solver reported one.
  case feasible(stoppedBy: SolveLimit, gap: Double?)
  /// Proven: no solution satisfies the constraints.
  case infeasible
  /// The objective can decrease without end.
  case unbounded
  /// A limit stopped the search before any solution was found.
  case noSolution(stoppedBy: SolveLimit)
}

public struct SolveOptions: Sendable {
  /// Every solve has a time limit.
  public var timeLimitSeconds: Double
  /// Relative gap at which the search may stop; 0 asks for a proof of optimality.
  public var relativeGap: Double

  public init(timeLimitSeconds: Double = 10, relativeGap: Double = 0) {
    self.timeLimitSeconds = timeLimitSeconds
    self.relativeGap = relativeGap
  }
}

public struct SolveResult: Sendable {
  public let status: SolveStatus
  /// One value per variable (integers rounded), when a solution exists.
  public let values: [Double]?
  public let objective: Double?
  public let bestBound: Double?
  /// CPU time the calling thread spent inside the solver itself (not building or checking the
  /// model). When several models were solved in one call that was timed as a whole, each result
  /// carries an even share of that call's time.
  public let solverTime: Duration

  public init(
    status: SolveStatus, values: [Double]?, objective: Double?, bestBound: Double?,
    solverTime: Duration = .zero
  ) {
    self.status = status
    self.values = values
    self.objective = objective
    self.bestBound = bestBound
    self.solverTime = solverTime
  }

  public func value(of variable: Variable) -> Double? { values?[variable.index] }
}

/// Turns a ``Model`` into a ``SolveResult``. GLPK is one conformer; tests have a brute-force one.
public protocol Solver: Sendable {
  var name: String { get }
  func solve(_ model: Model, options: SolveOptions) throws(ModelError) -> SolveResult
  /// Solves independent models, in order, in one go where the solver can (GLPK: one C call).
  /// When the solver times the batch as a whole, each result carries an even share of that time.
  /// Every model is checked before any is solved, so an invalid model fails the call whatever its
  /// place, and no results come back from a failed call.
  func solve(_ models: [Model], options: SolveOptions) throws(ModelError) -> [SolveResult]
}

extension Solver {
  /// One model after the other.
  public func solve(_ models: [Model], options: SolveOptions) throws(ModelError) -> [SolveResult] {
    var results: [SolveResult] = []
    results.reserveCapacity(models.count)
    for model in models { results.append(try solve(model, options: options)) }
    return results
  }
}

/// Writes a model as a file another tool reads (GLPK: CPLEX LP format, for `glpsol`).
public protocol LPWriter: Sendable {
  func writeLP(_ model: Model, to path: String) throws(ModelError)
}

/// The one error type of this module.
public enum ModelError: Error, Equatable, CustomStringConvertible {
  /// The model cannot be given to a solver: every problem found, by variable or constraint name.
  case invalidModel([String])
  /// The solver failed in a way that says nothing about the model's feasibility.
  case solverFailed(solver: String, message: String)
  /// The solver's answer breaks the model's own constraints.
  case solutionRejected(solver: String, violations: [String])

  public var description: String {
    switch self {
    case .invalidModel(let problems):
      return "invalid model: " + problems.joined(separator: "; ")
    case .solverFailed(let solver, let message):
      return "\(solver) failed: \(message)"
    case .solutionRejected(let solver, let violations):
      return "\(solver) returned a solution that breaks the model: "
        + violations.prefix(5).joined(separator: "; ")
    }
  }
}
