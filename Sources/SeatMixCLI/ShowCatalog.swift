import ArgumentParser
import Foundation
import SeatMix

extension SeatMixCommand {
  struct ShowCatalog: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "catalog",
      abstract: "Show a catalog: tiers × features, licenses, add-ons and prices.")

    @Argument(help: "A catalog id or path; without it, list the catalogs found.")
    var name: String?

    func run() throws {
      let library = CatalogLibrary.standard(for: nil)
      guard let name else {
        let available = library.availableCatalogs()
        if available.isEmpty {
          print("No catalogs found; searched \(library.searchFolders.joined(separator: ", ")).")
        } else {
          print(available.joined(separator: "\n"))
        }
        return
      }
      do {
        print(CatalogRenderer.render(try library.catalog(name)), terminator: "")
      } catch {
        throw report(error)
      }
    }
  }
}
