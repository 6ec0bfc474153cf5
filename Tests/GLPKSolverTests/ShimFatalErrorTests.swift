import Foundation
import GLPKShim
import MIPModel
import Testing

@testable import GLPKSolver

/// GLPK calls abort() on invalid input. These tests hand it such input through `smx_solve` and
/// `smx_write_lp` directly (Swift validation would have refused the models) and check that the shim
/// turns the abort into an error code, and that GLPK works normally on the same thread afterwards.
@Suite struct ShimFatalErrorTests {
  /// The valid 2-variable model with the matrix entry (1, 1) given twice.
  static func duplicateEntryLayout() -> GLPKLayout {
    var layout = GLPKLayout(smallKnapsackModel(), withNames: false)
    layout.appendEntry(row: 1, column: 1, value: 1)
    return layout
  }

  /// The valid model with an entry in row 2 (there is one row) or column 3 (there are two).
  static func outOfRangeLayout(row: Bool) -> GLPKLayout {
    var layout = GLPKLayout(smallKnapsackModel(), withNames: false)
    layout.appendEntry(row: row ? 2 : 1, column: row ? 1 : 3, value: 1)
    return layout
  }

  static func expectValidSolve() {
    let outcome = rawSolve(GLPKLayout(smallKnapsackModel(), withNames: false))
    #expect(outcome.outcome == optimal)
    #expect(outcome.objective == 13)
    #expect(outcome.values == [1, 2])
  }

  @Test func duplicateMatrixEntryIsCaughtWithGLPKsMessage() {
    let before = smx_caught_fatal_errors()
    let outcome = rawSolve(Self.duplicateEntryLayout())
    #expect(outcome.outcome == fatal)
    #expect(outcome.message.hasPrefix("glp_load_mat: "))
    #expect(outcome.message.contains("duplicate indices not allowed"))
    #expect(outcome.message.contains("Error detected in file"))
    #expect(!outcome.message.contains("\n"))
    #expect(smx_caught_fatal_errors() == before + 1)
    Self.expectValidSolve()
    #expect(smx_caught_fatal_errors() == before + 1)
  }

  @Test(arguments: [true, false]) func outOfRangeIndexIsCaught(row: Bool) {
    let before = smx_caught_fatal_errors()
    let outcome = rawSolve(Self.outOfRangeLayout(row: row))
    #expect(outcome.outcome == fatal)
    #expect(outcome.message.contains(row ? "row index out of range" : "column index out of range"))
    #expect(smx_caught_fatal_errors() == before + 1)
    Self.expectValidSolve()
  }

  @Test func invalidSolverParametersAreCaught() {
    let before = smx_caught_fatal_errors()
    let layout = GLPKLayout(smallKnapsackModel(), withNames: false)
    let negativeTime = rawSolve(layout, timeLimitMs: -5)
    #expect(negativeTime.outcome == fatal)
    #expect(negativeTime.message.contains("tm_lim = -5; invalid parameter"))
    let negativeGap = rawSolve(layout, gap: -0.5)
    #expect(negativeGap.outcome == fatal)
    #expect(negativeGap.message.contains("mip_gap"))
    #expect(smx_caught_fatal_errors() == before + 2)
    Self.expectValidSolve()
  }

  @Test func negativeNonzeroCountIsCaught() {
    var layout = GLPKLayout(smallKnapsackModel(), withNames: false)
    layout.entries = -1
    let outcome = rawSolve(layout)
    #expect(outcome.outcome == fatal)
    #expect(outcome.message.contains("glp_load_matrix"))
    Self.expectValidSolve()
  }

  /// A thousand fatal errors in a row, then a thousand alternating with valid solves.
  @Test func aThousandFatalErrorsInARowAndInterleaved() {
    let before = smx_caught_fatal_errors()
    let bad = Self.duplicateEntryLayout()
    var caught = 0
    for _ in 0..<1000 where rawSolve(bad).outcome == fatal { caught += 1 }
    #expect(caught == 1000)
    #expect(smx_caught_fatal_errors() == before + 1000)
    Self.expectValidSolve()

    let good = GLPKLayout(smallKnapsackModel(), withNames: false)
    let outOfRange = Self.outOfRangeLayout(row: false)
    var goodAnswers = 0
    for index in 0..<1000 {
      #expect(rawSolve(index.isMultiple(of: 2) ? bad : outOfRange).outcome == fatal)
      let outcome = rawSolve(good)
      if outcome.outcome == optimal && outcome.objective == 13 && outcome.values == [1, 2] { goodAnswers += 1 }
    }
    #expect(goodAnswers == 1000)
    #expect(smx_caught_fatal_errors() == before + 2000)
  }

  /// Through GLPKSolver, a caught fatal error is a thrown `solverFailed`, never a crash: a negative
  /// relative gap passes Swift validation and GLPK itself rejects it.
  @Test func glpkSolverTurnsACaughtFatalErrorIntoSolverFailed() {
    let before = smx_caught_fatal_errors()
    let error = #expect(throws: ModelError.self) {
      try GLPKSolver().solve(smallKnapsackModel(), options: SolveOptions(timeLimitSeconds: 5, relativeGap: -1))
    }
    guard case .solverFailed(let solver, let message)? = error else {
      Issue.record("expected solverFailed, got \(String(describing: error))")
      return
    }
    #expect(solver == "GLPK")
    #expect(message.hasPrefix("GLPK fatal error (caught): "))
    #expect(message.contains("mip_gap"))
    #expect(smx_caught_fatal_errors() == before + 1)
    let result = try? GLPKSolver().solve(smallKnapsackModel(), options: SolveOptions(timeLimitSeconds: 5))
    #expect(result?.status == .optimal)
    #expect(result?.objective == 13)
  }

  @Test func writeLPOnABadProblemIsCaughtAndWritesNoFile() {
    let before = smx_caught_fatal_errors()
    let path = temporaryPath(".lp")
    let outcome = rawWriteLP(Self.duplicateEntryLayout(), to: path)
    #expect(outcome.outcome == fatal)
    #expect(outcome.message.contains("duplicate indices not allowed"))
    #expect(!FileManager.default.fileExists(atPath: path))
    #expect(smx_caught_fatal_errors() == before + 1)

    // A name GLPK rejects (over 255 characters) fails inside glp_set_col_name.
    var longName = GLPKLayout(smallKnapsackModel(), withNames: true)
    longName.columnNames = [String(repeating: "x", count: 300), "y"]
    let named = rawWriteLP(longName, to: path)
    #expect(named.outcome == fatal)
    #expect(named.message.contains("glp_set_col_name"))
    #expect(smx_caught_fatal_errors() == before + 2)

    // The next write on this thread works.
    let good = rawWriteLP(GLPKLayout(smallKnapsackModel(), withNames: true), to: path)
    #expect(good.outcome == 0)
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    #expect(text.contains("demand"))
    try? FileManager.default.removeItem(atPath: path)
  }

  @Test func writeLPToAnUnwritablePathIsASolverErrorNotAFatalOne() {
    let before = smx_caught_fatal_errors()
    let outcome = rawWriteLP(
      GLPKLayout(smallKnapsackModel(), withNames: true), to: "/nonexistent-directory-\(UUID().uuidString)/model.lp")
    #expect(outcome.outcome == Int32(SMX_SOLVER_ERROR.rawValue))
    #expect(!outcome.message.isEmpty)
    #expect(smx_caught_fatal_errors() == before)
  }
}
