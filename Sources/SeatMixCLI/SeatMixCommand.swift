import ArgumentParser
import Foundation
import SeatMix

// The root command is synchronous on purpose: an async root makes Swift's main park the main
// thread in `dispatch_main()`, whose `sigsuspend` on a constant mask crashes valgrind 3.19, and
// every benchmark counts instructions under valgrind. Only `serve` is async inside (`runBlocking`).
@main
struct SeatMixCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "seatmix",
    abstract: "Finds the cheapest mix of contact-center licenses for a deal, and proves it with GLPK.",
    discussion: """
      Exit codes: 0 a plan was found (or the file is valid); 1 bad input; 2 no plan meets the deal \
      (infeasible, or a limit stopped the search first); 3 solver failure; 64 a bad command line \
      (with the usage).
      """,
    version: "0.1.0",
    subcommands: [
      Optimize.self, Report.self, Compare.self, Sweep.self, Batch.self, Validate.self, ShowCatalog.self,
      Concurrency.self, Serve.self,
    ]
  )
}

/// Exit codes, documented in `--help` and the README.
enum Exit {
  static let badInput = ExitCode(1)
  static let noPlan = ExitCode(2)
  static let solverFailure = ExitCode(3)
}

/// Prints a library error the way users should see it (one line per problem, no stack trace)
/// and returns the exit code that goes with it.
func report(_ error: SeatMixError) -> ExitCode {
  switch error {
  case .invalidInput, .unreadable:
    printError(error.diagnostics.map(\.description).joined(separator: "\n"))
  case .catalogNotFound(let name, let searched):
    printError("error: " + CatalogLibrary.standard(for: nil).notFoundMessage(name, searched: searched))
  case .catalogReference:
    printError("error: \(error)")
  case .solver(let failure):
    printError("error: \(failure)")
    return Exit.solverFailure
  }
  return Exit.badInput
}

/// A line on standard error.
func printError(_ text: String) {
  StandardError.write(text + "\n")
}

func printWarnings(_ diagnostics: [Diagnostic]) {
  for diagnostic in diagnostics where diagnostic.severity == .warning {
    StandardError.write(diagnostic.description + "\n")
  }
}

extension OutputFormat: ExpressibleByArgument {}
extension LicensingChoice: ExpressibleByArgument {}
