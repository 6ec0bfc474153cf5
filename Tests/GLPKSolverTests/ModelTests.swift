import Foundation
import GLPKShim
import MIPModel
import Testing

@testable import GLPKSolver

/// The solver-neutral model layer, and GLPKSolver's use of its validation.
@Suite struct ModelTests {
  /// Terms as (index, coefficient) pairs, for comparison.
  static func pairs(_ expression: LinearExpression) -> [[Double]] {
    expression.terms.map { [Double($0.variable.index), $0.coefficient] }
  }

  @Test func operatorsBuildTermsInOrderWithConstants() {
    var model = Model()
    let x = model.addVariable("x", kind: .continuous)
    let y = model.addVariable("y", kind: .integer)
    let z = model.addVariable("z", kind: .binary)

    let e = 2 * x + y - 3
    #expect(Self.pairs(e) == [[0, 2], [1, 1]])
    #expect(e.constant == -3)

    let f = 0.5 * (e - z) + 4
    #expect(Self.pairs(f) == [[0, 1], [1, 0.5], [2, -0.5]])
    #expect(f.constant == 2.5)

    let g = -(x - y)
    #expect(Self.pairs(g) == [[0, -1], [1, 1]])
    #expect(Self.pairs(x + y) == [[0, 1], [1, 1]])
    #expect(Self.pairs(x - y) == [[0, 1], [1, -1]])
    #expect(Self.pairs(z - (x + 1)) == [[2, 1], [0, -1]])
    #expect((z - (x + 1)).constant == -1)

    var h = LinearExpression()
    h += x
    h += 3 * y
    h -= 2 * x + 5
    h.add(4, z)
    h.add(e, times: -2)
    h.addConstant(0.25)
    #expect(Self.pairs(h) == [[0, 1], [1, 3], [0, -2], [2, 4], [0, -4], [1, -2]])
    #expect(h.constant == -5 + 6 + 0.25)
    #expect(h.value(at: [1, 2, 3]) == 1 + 6 - 2 + 12 - 4 - 4 + 1.25)

    let total = [x, y, z].map { 2 * $0 }.sum()
    #expect(Self.pairs(total) == [[0, 2], [1, 2], [2, 2]])
    let literal: LinearExpression = 7.5
    #expect(literal.terms.isEmpty && literal.constant == 7.5)
  }

  @Test func mergedSumsDuplicatesDropsZerosAndSortsByVariable() {
    var model = Model()
    let a = model.addVariable("a", kind: .continuous)
    let b = model.addVariable("b", kind: .continuous)
    let c = model.addVariable("c", kind: .continuous)
    let d = model.addVariable("d", kind: .continuous)
    let e = 3 * d + 2 * b + c - 2 * b + 1 * a + 4 * d + 0 * a - c + 9
    let merged = e.merged()
    #expect(Self.pairs(merged) == [[0, 1], [3, 7]])
    #expect(merged.constant == 9)
    #expect(merged.value(at: [1, 2, 3, 4]) == e.value(at: [1, 2, 3, 4]))
    #expect(Self.pairs((b - b).merged()) == [])
    #expect(Self.pairs(LinearExpression().merged()) == [])
  }

  @Test func constraintsAreInNormalForm() throws {
    var model = Model()
    let x = model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 10)
    let y = model.addVariable("y", kind: .integer, lowerBound: 0, upperBound: 10)
    model.add(2 * x + 3 <= y + 10 + x, named: "le")
    model.add(y >= 4 - x + 1, named: "ge")
    model.add(x + y - y == 2 * x - 6, named: "eq")
    model.add(x - x <= 1, named: "empty")

    let le = model.constraints[0]
    #expect(le.name == "le")
    #expect(le.relation == .lessOrEqual)
    #expect(le.terms.map { [Double($0.variable.index), $0.coefficient] } == [[0, 1], [1, -1]])
    #expect(le.bound == 7)

    let ge = model.constraints[1]
    #expect(ge.relation == .greaterOrEqual)
    #expect(ge.terms.map { [Double($0.variable.index), $0.coefficient] } == [[0, 1], [1, 1]])
    #expect(ge.bound == 5)

    let eq = model.constraints[2]
    #expect(eq.relation == .equal)
    #expect(eq.terms.map { [Double($0.variable.index), $0.coefficient] } == [[0, -1]])
    #expect(eq.bound == -6)

    #expect(model.constraints[3].terms.isEmpty)
    #expect(model.constraints[3].bound == 1)

    #expect(le.violation(at: [3, 0]) == 0)
    #expect(le.violation(at: [9, 0]) == 2)
    #expect(ge.violation(at: [1, 1]) == 3)
    #expect(eq.violation(at: [4, 0]) == 2)
    #expect(eq.violation(at: [8, 0]) == 2)
    #expect(eq.violation(at: [6, 0]) == 0)
  }

  @Test func binaryVariablesAlwaysHaveZeroOneBounds() {
    var model = Model()
    model.addVariable("b", kind: .binary, lowerBound: -4, upperBound: nil)
    #expect(model.variables[0].lowerBound == 0)
    #expect(model.variables[0].upperBound == 1)
  }

  /// One model with every kind of problem: all are reported at once.
  static func brokenModel() -> Model {
    var other = Model()
    for index in 0..<7 { other.addVariable("o\(index)", kind: .continuous) }
    let foreign = other.addVariable("o7", kind: .continuous)

    var model = Model()
    let x = model.addVariable("x", kind: .continuous, lowerBound: 0, upperBound: .infinity)
    let y = model.addVariable("y", kind: .integer, lowerBound: 0.5, upperBound: 4)
    let z = model.addVariable("z", kind: .continuous, lowerBound: 5, upperBound: 2)
    _ = model.addVariable("x", kind: .continuous)
    _ = model.addVariable("n", kind: .integer, lowerBound: .nan, upperBound: 2.5)
    model.add(Double.nan * x + y <= 3, named: "nanCoefficient")
    model.add(x + y <= LinearExpression(constant: .infinity), named: "infiniteBound")
    model.add(x + foreign >= 1, named: "foreign")
    model.add(z >= 0, named: "foreign")
    model.objective = Double.infinity * y + foreign + LinearExpression(constant: .nan)
    return model
  }

  @Test func problemsReportsEverythingAtOnce() {
    let problems = Self.brokenModel().problems()
    let expected = [
      "variable x has a non-finite upper bound inf",
      "integer variable y has a fractional lower bound 0.5",
      "variable z has lower bound 5.0 above upper bound 2.0",
      "variable x is defined twice",
      "variable n has a non-finite lower bound nan",
      "integer variable n has a fractional upper bound 2.5",
      "constraint nanCoefficient has coefficient nan on x",
      "constraint infiniteBound has a non-finite bound inf",
      "constraint foreign uses a variable of another model",
      "constraint foreign is defined twice",
      "the objective constant is nan",
      "the objective has coefficient inf on y",
      "the objective uses a variable of another model",
    ]
    #expect(Set(problems) == Set(expected))
    #expect(problems.count == expected.count)
  }

  /// Two finite terms on one variable whose total is not finite: the solver would receive inf.
  @Test func objectiveTotalsMustBeFiniteNotJustItsTerms() {
    var model = Model()
    let x = model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 1)
    model.objective = 1e308 * x + 1e308 * x
    #expect(model.problems() == ["the objective has coefficient inf on x"])
    #expect(throws: ModelError.invalidModel(["the objective has coefficient inf on x"])) {
      try GLPKSolver().solve(model, options: SolveOptions(timeLimitSeconds: 5))
    }
  }

  @Test func glpkSolverRefusesAnInvalidModelWithoutCallingGLPK() {
    let model = Self.brokenModel()
    let before = smx_caught_fatal_errors()
    #expect(throws: ModelError.invalidModel(model.problems())) {
      try GLPKSolver().solve(model, options: SolveOptions(timeLimitSeconds: 5))
    }
    let path = temporaryPath(".lp")
    #expect(throws: ModelError.invalidModel(model.problems())) {
      try GLPKSolver().writeLP(model, to: path)
    }
    #expect(!FileManager.default.fileExists(atPath: path))
    #expect(smx_caught_fatal_errors() == before)
  }

  /// Each problem alone is enough to refuse the model.
  @Test func eachProblemAloneIsRefused() {
    var models: [Model] = []
    var nanCoefficient = Model()
    let a = nanCoefficient.addVariable("a", kind: .continuous)
    nanCoefficient.add(Double.nan * a <= 1, named: "c")
    models.append(nanCoefficient)
    var infiniteObjective = Model()
    let b = infiniteObjective.addVariable("b", kind: .continuous)
    infiniteObjective.objective = -Double.infinity * b
    models.append(infiniteObjective)
    var crossed = Model()
    crossed.addVariable("c", kind: .integer, lowerBound: 3, upperBound: 2)
    models.append(crossed)
    var fractional = Model()
    fractional.addVariable("d", kind: .integer, lowerBound: nil, upperBound: 1.5)
    models.append(fractional)
    var duplicateConstraints = Model()
    let e = duplicateConstraints.addVariable("e", kind: .continuous)
    duplicateConstraints.add(e <= 1, named: "same")
    duplicateConstraints.add(e >= 0, named: "same")
    models.append(duplicateConstraints)
    var foreignObjective = Model()
    foreignObjective.objective = LinearExpression(Variable(index: 0))
    models.append(foreignObjective)
    var negativeIndex = Model()
    negativeIndex.addVariable("f", kind: .continuous)
    negativeIndex.add(LinearExpression(Variable(index: -1)) <= 1, named: "negative")
    models.append(negativeIndex)

    for model in models {
      #expect(model.problems().count == 1)
      #expect(throws: ModelError.invalidModel(model.problems())) {
        try GLPKSolver().solve(model, options: SolveOptions(timeLimitSeconds: 5))
      }
    }
  }

  @Test func violationsNameEveryBrokenBoundAndConstraint() {
    var model = Model()
    let x = model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 5)
    let y = model.addVariable("y", kind: .continuous, lowerBound: -1, upperBound: 1)
    let z = model.addVariable("z", kind: .binary)
    model.add(x + y <= 4, named: "cap")
    model.add(x + z >= 2, named: "need")
    model.add(y - z == 0, named: "tie")

    #expect(model.violations(at: [2, 0, 0]) == [])
    #expect(model.violations(at: [2, 1, 1]) == [])

    let broken = model.violations(at: [6.5, -3, 0.5])
    #expect(broken.contains("x = 6.5 is above its upper bound 5.0"))
    #expect(broken.contains("x = 6.5 is not integral"))
    #expect(broken.contains("y = -3.0 is below its lower bound -1.0"))
    #expect(broken.contains("z = 0.5 is not integral"))
    #expect(broken.contains("tie is violated by 3.5"))
    #expect(broken.count == 5)

    // Within the tolerance is not a violation; beyond it is.
    #expect(model.violations(at: [2 + 1e-9, 1, 1]) == [])
    #expect(model.violations(at: [2, 1, 1], tolerance: 0).isEmpty)
    #expect(model.violations(at: [2.01, 1, 1], tolerance: 0.001).contains("x = 2.01 is not integral"))
  }

  /// A NaN in a point breaks every check it touches; it must never pass as a solution.
  @Test func violationsCatchNaNValues() {
    var model = Model()
    let x = model.addVariable("x", kind: .continuous, lowerBound: 0, upperBound: 5)
    let y = model.addVariable("y", kind: .integer, lowerBound: nil, upperBound: nil)
    model.add(x + y <= 4, named: "cap")
    model.add(x - y == 0, named: "tie")
    #expect(!model.violations(at: [.nan, 1]).isEmpty)
    #expect(!model.violations(at: [1, .nan]).isEmpty)
    #expect(model.violations(at: [1, .nan]).contains { $0.hasPrefix("tie") })
    #expect(!model.violations(at: [.infinity, 1]).isEmpty)
  }

  /// Valid models of every shape solve without being refused.
  @Test func validModelsAreNotRefused() throws {
    var model = Model()
    let free = model.addVariable("free", kind: .continuous, lowerBound: nil, upperBound: nil)
    let negative = model.addVariable("negative", kind: .integer, lowerBound: -5, upperBound: -2)
    let fixed = model.addVariable("fixed", kind: .integer, lowerBound: 3, upperBound: 3)
    let fixedContinuous = model.addVariable("fixed continuous", kind: .continuous, lowerBound: 0.25, upperBound: 0.25)
    let upperOnly = model.addVariable("upper only", kind: .integer, lowerBound: nil, upperBound: 7)
    let big = model.addVariable("big", kind: .integer, lowerBound: 0, upperBound: 1e9)
    let flag = model.addVariable("flag[a=b, c]", kind: .binary)
    model.add(free + negative >= -10 + 0 * fixed, named: "with a zero coefficient")
    model.add(free <= 100, named: "cap free")
    model.add(upperOnly + upperOnly >= -8, named: "repeated terms")
    model.add(big - 3 * flag + fixedContinuous == 1e6 + 0.25, named: "equality")
    model.add(flag >= 1 - upperOnly + upperOnly, named: "cancelled to one term")
    model.objective = free + 2 * negative + fixed + upperOnly + 1e-6 * big + flag - 17
    #expect(model.problems() == [])
    let result = try GLPKSolver().solve(model, options: SolveOptions(timeLimitSeconds: 5))
    #expect(result.status == .optimal)
    let values = try #require(result.values)
    let expected: [Double] = [-5, -5, 3, 0.25, -4, 1_000_003, 1]
    #expect(values.count == expected.count)
    #expect(zip(values, expected).allSatisfy { abs($0 - $1) < 1e-9 }, "\(values)")
    let objective = try #require(result.objective)
    let expectedObjective: Double = -5 - 10 + 3 - 4 + 1.000003 + 1 - 17
    #expect(abs(objective - expectedObjective) < 1e-9)
  }

  /// Random small integer programs against enumeration: every one is accepted, and the status and
  /// optimum agree.
  @Test func randomSmallIntegerProgramsMatchEnumeration() throws {
    var stream = Stream(seed: 2024)
    var optimalCount = 0
    var infeasibleCount = 0
    for index in 0..<150 {
      var model = Model()
      let lower = stream.next() % 3 - 2
      let variables = (0..<3).map {
        model.addVariable(
          "v\($0)", kind: $0 == 2 ? .binary : .integer, lowerBound: Double(lower), upperBound: Double(lower + 5))
      }
      let relations: [Relation] = [.lessOrEqual, .greaterOrEqual, .equal]
      var rows: [([Int], Relation, Int)] = []
      for row in 0..<3 {
        let coefficients = (0..<3).map { _ in stream.next() % 7 - 3 }
        let relation = relations[stream.next() % (row == 2 ? 3 : 2)]
        let rhs = stream.next() % 9 - 4
        rows.append((coefficients, relation, rhs))
        let lhs = zip(coefficients, variables).map { Double($0) * $1 }.sum()
        let bound = LinearExpression(constant: Double(rhs))
        switch relation {
        case .lessOrEqual: model.add(lhs <= bound, named: "r\(row)")
        case .greaterOrEqual: model.add(lhs >= bound, named: "r\(row)")
        case .equal: model.add(lhs == bound, named: "r\(row)")
        }
      }
      let costs = (0..<3).map { _ in stream.next() % 9 - 4 }
      model.objective = zip(costs, variables).map { Double($0) * $1 }.sum() + 1

      var best: Int? = nil
      for a in lower...(lower + 5) {
        for b in lower...(lower + 5) {
          for c in 0...1 {
            let point = [a, b, c]
            let satisfied = rows.allSatisfy { coefficients, relation, rhs in
              let lhs = zip(coefficients, point).reduce(0) { $0 + $1.0 * $1.1 }
              switch relation {
              case .lessOrEqual: return lhs <= rhs
              case .greaterOrEqual: return lhs >= rhs
              case .equal: return lhs == rhs
              }
            }
            if satisfied {
              let cost = zip(costs, point).reduce(1) { $0 + $1.0 * $1.1 }
              best = min(best ?? cost, cost)
            }
          }
        }
      }
      let result = try GLPKSolver().solve(model, options: SolveOptions(timeLimitSeconds: 5))
      if let best {
        #expect(result.status == .optimal, "model \(index)")
        #expect(result.objective == Double(best), "model \(index)")
        optimalCount += 1
      } else {
        #expect(result.status == .infeasible, "model \(index)")
        infeasibleCount += 1
      }
    }
    #expect(optimalCount > 20)
    #expect(infeasibleCount > 20)
  }
}
