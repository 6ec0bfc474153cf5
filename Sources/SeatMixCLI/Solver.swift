import GLPKSolver
import MIPModel

extension SeatMixCommand {
  /// The solver every command uses, chosen here where the program is put together: the SeatMix
  /// library knows only MIPModel's `Solver` protocol.
  static let solver = GLPKSolver()
}
