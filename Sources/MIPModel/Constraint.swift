/// The sense of a linear constraint `expression ⋈ rhs`.
public enum Relation: String, Sendable {
  case lessOrEqual = "<="
  case greaterOrEqual = ">="
  case equal = "="
}

/// `lhs ⋈ rhs`, before it is named and added to a model. Made by `<=`, `>=` and `==` on
/// expressions.
public struct Comparison: Sendable {
  public var lhs: LinearExpression
  public var relation: Relation
  public var rhs: LinearExpression
}

public func <= (lhs: LinearExpression, rhs: LinearExpression) -> Comparison {
  Comparison(lhs: lhs, relation: .lessOrEqual, rhs: rhs)
}
public func >= (lhs: LinearExpression, rhs: LinearExpression) -> Comparison {
  Comparison(lhs: lhs, relation: .greaterOrEqual, rhs: rhs)
}
public func == (lhs: LinearExpression, rhs: LinearExpression) -> Comparison {
  Comparison(lhs: lhs, relation: .equal, rhs: rhs)
}
public func <= (lhs: Variable, rhs: LinearExpression) -> Comparison { LinearExpression(lhs) <= rhs }
public func >= (lhs: Variable, rhs: LinearExpression) -> Comparison { LinearExpression(lhs) >= rhs }

/// A named constraint in normal form: `Σ coefficient × variable ⋈ bound`, one term per variable.
public struct Constraint: Sendable {
  public let name: String
  public let terms: [Term]
  public let relation: Relation
  public let bound: Double

  /// How far the point is from satisfying this constraint (0 when it does).
  public func violation(at values: [Double]) -> Double {
    let lhs = terms.reduce(0) { $0 + $1.coefficient * values[$1.variable.index] }
    return Self.violation(lhs: lhs, relation: relation, bound: bound)
  }

  static func violation(lhs: Double, relation: Relation, bound: Double) -> Double {
    // max(0, .nan) is 0: a NaN left-hand side must not pass as satisfied.
    if lhs.isNaN { return .infinity }
    switch relation {
    case .lessOrEqual: return max(0, lhs - bound)
    case .greaterOrEqual: return max(0, bound - lhs)
    case .equal: return abs(lhs - bound)
    }
  }
}
