import ArgumentParser
import Foundation
import SeatMix

extension SeatMixCommand {
  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check catalog or deal files and print every problem with file:line.",
      discussion: "A file with a top-level 'tiers' list is read as a catalog; any other as a deal.")

    @Argument(help: "Catalog or deal files.", completion: .file(extensions: ["yaml", "yml", "json"]))
    var files: [String]

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func run() throws {
      var failed = false
      for file in files {
        let diagnostics: [Diagnostic]
        let kind: String
        if SeatMix.looksLikeCatalog(file: file) {
          kind = "catalog"
          diagnostics = CatalogLoader.diagnostics(file: file)
        } else {
          kind = "deal"
          do {
            diagnostics = try DealLoader.load(file: file).warnings
          } catch {
            diagnostics =
              error.diagnostics.isEmpty
              ? [Diagnostic(file: file, line: nil, field: "", message: "\(error)")] : error.diagnostics
          }
        }
        for diagnostic in diagnostics {
          StandardError.write(diagnostic.description + "\n")
        }
        let errors = diagnostics.filter { $0.severity == .error || strict }
        if errors.isEmpty {
          print(
            "\(file): valid \(kind)\(diagnostics.isEmpty ? "" : " (\(diagnostics.count) warning\(diagnostics.count == 1 ? "" : "s"))")"
          )
        } else {
          failed = true
        }
      }
      if failed { throw Exit.badInput }
    }
  }
}
