/// What values a variable may take.
public enum VariableKind: String, Sendable {
  case continuous
  case integer
  case binary
}

public struct VariableDefinition: Sendable {
  /// The domain name, or `x1`, `x2`… when the model keeps no names.
  public var name: String { storedName ?? "x\(index + 1)" }
  public let kind: VariableKind
  public let lowerBound: Double?
  public let upperBound: Double?
  let storedName: String?
  let index: Int
}

/// A mixed-integer linear program that knows no solver: named variables, named constraints and an
/// objective to minimize. Names come from the domain (`seats[elite,concurrent]`,
/// `cover[group=Tier 1]`) so that results and diagnostics point back at requirements.
public struct Model: Sendable {
  public private(set) var variables: [VariableDefinition] = []
  /// Minimized.
  public var objective = LinearExpression()
  /// When set, every solution's objective is the constant plus a whole number of this step: each
  /// variable's objective coefficient is a multiple of it and belongs to an integer variable (money
  /// in its smallest unit). "Optimal" then means that no solution is cheaper by one step, which the
  /// solver proves beyond its own relative tolerance. Checked by ``problems()``.
  public var objectiveStep: Double?
  /// Whether the domain names are kept. High-volume callers (batch runs) turn this off to skip
  /// building name strings; variables and constraints are then called `x1…`, `r1…`.
  public let keepsNames: Bool

  /// One constraint, stored flat: `Σ coefficient × variable ⋈ bound` over `entries[entries]`, one
  /// entry per variable, in variable order.
  public struct Row: Sendable {
    public var relation: Relation
    public var bound: Double
    public var entries: Range<Int>
  }

  // Constraints are stored flat, as rows over one array of entries (compressed rows), so that
  // building and solving many small models allocates little.
  public private(set) var rows: [Row] = []
  public private(set) var entries: [Term] = []
  /// One per row when the model keeps names.
  private var rowNames: [String] = []

  public init(keepsNames: Bool = true) { self.keepsNames = keepsNames }

  /// The linear relaxation: the same rows, bounds and objective with every variable continuous
  /// (and no objective step, which only whole-number solutions have).
  public func relaxation() -> Model {
    var copy = self
    copy.variables = variables.map {
      VariableDefinition(
        kind: .continuous, lowerBound: $0.lowerBound, upperBound: $0.upperBound, storedName: $0.storedName,
        index: $0.index)
    }
    copy.objectiveStep = nil
    return copy
  }

  /// Makes room ahead, for callers that know roughly how big the model will be.
  public mutating func reserveCapacity(variables: Int, constraints: Int, entries: Int) {
    self.variables.reserveCapacity(variables)
    rows.reserveCapacity(constraints)
    if keepsNames { rowNames.reserveCapacity(constraints) }
    self.entries.reserveCapacity(entries)
  }

  @discardableResult
  public mutating func addVariable(
    _ name: @autoclosure () -> String, kind: VariableKind, lowerBound: Double? = 0, upperBound: Double? = nil
  ) -> Variable {
    let isBinary = kind == .binary
    variables.append(
      VariableDefinition(
        kind: kind, lowerBound: isBinary ? 0 : lowerBound, upperBound: isBinary ? 1 : upperBound,
        storedName: keepsNames ? name() : nil, index: variables.count))
    return Variable(index: variables.count - 1)
  }

  /// Adds `lhs ⋈ rhs` in normal form: variables on the left, one term each, the constant on the right.
  public mutating func add(_ comparison: Comparison, named name: @autoclosure () -> String) {
    let start = entries.count
    entries.append(contentsOf: comparison.lhs.terms)
    for term in comparison.rhs.terms { entries.append(Term(variable: term.variable, coefficient: -term.coefficient)) }
    appendRow(from: start, comparison.relation, comparison.rhs.constant - comparison.lhs.constant, named: name())
  }

  /// Adds `expression ⋈ rhs`, the same as `add(expression <= LinearExpression(constant: rhs))` and
  /// so on, without building a comparison: for formulations that reuse one expression for every row.
  public mutating func add(
    _ expression: LinearExpression, _ relation: Relation, _ rhs: Double, named name: @autoclosure () -> String
  ) {
    let start = entries.count
    entries.append(contentsOf: expression.terms)
    appendRow(from: start, relation, rhs - expression.constant, named: name())
  }

  /// Makes the terms appended from `start` on a row, in place: sorted by variable, merged, zero
  /// coefficients dropped.
  private mutating func appendRow(
    from start: Int, _ relation: Relation, _ bound: Double, named name: @autoclosure () -> String
  ) {
    entries[start...].sort { $0.variable < $1.variable }
    var write = start
    var read = start
    while read < entries.count {
      let variable = entries[read].variable
      var coefficient = 0.0
      while read < entries.count && entries[read].variable == variable {
        coefficient += entries[read].coefficient
        read += 1
      }
      if coefficient != 0 {
        entries[write] = Term(variable: variable, coefficient: coefficient)
        write += 1
      }
    }
    entries.removeLast(entries.count - write)
    rows.append(Row(relation: relation, bound: bound, entries: start..<write))
    if keepsNames { rowNames.append(name()) }
  }

  public var constraintCount: Int { rows.count }

  /// The domain name of a constraint, or `r1`, `r2`… when the model keeps no names.
  public func constraintName(_ row: Int) -> String { keepsNames ? rowNames[row] : "r\(row + 1)" }

  /// One constraint, as a value.
  public func constraint(at row: Int) -> Constraint {
    Constraint(
      name: constraintName(row),
      terms: Array(entries[rows[row].entries]), relation: rows[row].relation, bound: rows[row].bound)
  }

  /// Every constraint, as values (for reading and tests; solvers use the flat rows).
  public var constraints: [Constraint] { (0..<constraintCount).map(constraint(at:)) }

  /// How far the point is from satisfying row `row` (0 when it does).
  public func violation(ofRow row: Int, at values: [Double]) -> Double {
    var lhs = 0.0
    for entry in rows[row].entries { lhs += entries[entry].coefficient * values[entries[entry].variable.index] }
    return Constraint.violation(lhs: lhs, relation: rows[row].relation, bound: rows[row].bound)
  }

  public func name(of variable: Variable) -> String { variables[variable.index].name }

  /// Every structural problem at once: non-finite numbers, crossed or fractional integer bounds,
  /// references to variables of another model, duplicate names.
  public func problems() -> [String] {
    var problems: [String] = []
    var seenVariables = Set<String>()
    for variable in variables {
      if keepsNames && !seenVariables.insert(variable.name).inserted {
        problems.append("variable \(variable.name) is defined twice")
      }
      func check(_ bound: Double?, _ label: String) {
        guard let bound else { return }
        if !bound.isFinite {
          problems.append("variable \(variable.name) has a non-finite \(label) bound \(bound)")
        } else if variable.kind != .continuous && bound != bound.rounded() {
          problems.append("integer variable \(variable.name) has a fractional \(label) bound \(bound)")
        }
      }
      check(variable.lowerBound, "lower")
      check(variable.upperBound, "upper")
      if let lower = variable.lowerBound, let upper = variable.upperBound, lower > upper {
        problems.append("variable \(variable.name) has lower bound \(lower) above upper bound \(upper)")
      }
    }
    var seenConstraints = Set<String>()
    for row in 0..<constraintCount {
      if keepsNames && !seenConstraints.insert(constraintName(row)).inserted {
        problems.append("constraint \(constraintName(row)) is defined twice")
      }
      if !rows[row].bound.isFinite {
        problems.append("constraint \(constraintName(row)) has a non-finite bound \(rows[row].bound)")
      }
      for entry in rows[row].entries {
        let variable = entries[entry].variable.index
        if variable < 0 || variable >= variables.count {
          problems.append("constraint \(constraintName(row)) uses a variable of another model")
        } else if !entries[entry].coefficient.isFinite {
          problems.append(
            "constraint \(constraintName(row)) has coefficient \(entries[entry].coefficient) on \(variables[variable].name)"
          )
        }
      }
    }
    if !objective.constant.isFinite { problems.append("the objective constant is \(objective.constant)") }
    // A variable may appear in several terms: what must be finite is each variable's total, as a
    // solver receives it. Merged (which allocates) only to name what is wrong.
    if !objectiveTotalsAreFinite() {
      for term in objective.merged().terms {
        if term.variable.index < 0 || term.variable.index >= variables.count {
          problems.append("the objective uses a variable of another model")
        } else if !term.coefficient.isFinite {
          problems.append("the objective has coefficient \(term.coefficient) on \(name(of: term.variable))")
        }
      }
    } else if let step = objectiveStep {
      problems += objectiveStepProblems(step)
    }
    return problems
  }

  /// Where the objective breaks its declared step: a coefficient that is not a whole number of
  /// steps (to 1e-9 relative, the precision of money held as a Double) or on a continuous variable.
  private func objectiveStepProblems(_ step: Double) -> [String] {
    guard step.isFinite && step > 0 else { return ["the objective step is \(step)"] }
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: variables.count) { totals in
      totals.initialize(repeating: 0)
      for term in objective.terms { totals[term.variable.index] += term.coefficient }
      var problems: [String] = []
      for (index, total) in totals.enumerated() where total != 0 {
        let steps = total / step
        if abs(steps - steps.rounded()) > 1e-9 * max(1, abs(steps)) {
          problems.append(
            "the objective coefficient \(total) on \(variables[index].name) is not a multiple of its step \(step)")
        } else if variables[index].kind == .continuous {
          problems.append("the objective has a step but continuous variable \(variables[index].name) has a cost")
        }
      }
      return problems
    }
  }

  /// Whether every objective term names a variable of this model and every variable's total
  /// coefficient is finite.
  private func objectiveTotalsAreFinite() -> Bool {
    withUnsafeTemporaryAllocation(of: Double.self, capacity: variables.count) { totals in
      totals.initialize(repeating: 0)
      for term in objective.terms {
        guard term.variable.index >= 0 && term.variable.index < totals.count else { return false }
        totals[term.variable.index] += term.coefficient
      }
      return totals.allSatisfy(\.isFinite)
    }
  }

  /// Constraints and bounds the point breaks by more than `tolerance`, by name. A solver's answer is
  /// checked with this before anyone is told it is a solution.
  public func violations(at values: [Double], tolerance: Double = 1e-6) -> [String] {
    var broken: [String] = []
    for (index, variable) in variables.enumerated() {
      let value = values[index]
      if value.isNaN {
        broken.append("\(variable.name) is not a number")
        continue
      }
      if let lower = variable.lowerBound, value < lower - tolerance {
        broken.append("\(variable.name) = \(value) is below its lower bound \(lower)")
      }
      if let upper = variable.upperBound, value > upper + tolerance {
        broken.append("\(variable.name) = \(value) is above its upper bound \(upper)")
      }
      if variable.kind != .continuous && abs(value - value.rounded()) > tolerance {
        broken.append("\(variable.name) = \(value) is not integral")
      }
    }
    for row in 0..<constraintCount {
      let violation = violation(ofRow: row, at: values)
      if violation > tolerance { broken.append("\(constraintName(row)) is violated by \(violation)") }
    }
    return broken
  }
}
