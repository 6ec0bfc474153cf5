import Foundation
import SeatMix

/// The catalogs the service prices against, loaded once at start and addressed by id. Each keeps
/// the text of its file, which a saved deal freezes with its revision.
struct CatalogSet: Sendable {
  struct Entry: Sendable {
    var catalog: Catalog
    /// The file's bytes as loaded.
    var source: Data
  }

  let entries: [String: Entry]

  var catalogs: [String: Catalog] { entries.mapValues(\.catalog) }
  var ids: [String] { entries.keys.sorted() }

  init(entries: [String: Entry]) { self.entries = entries }

  /// Every catalog in `folder`, or in the CLI's search path when nil. A catalog with mistakes stops
  /// the start (its problems are thrown), as `seatmix validate` would print them.
  static func load(folder: String?) throws -> CatalogSet {
    let library = folder.map { CatalogLibrary(searchFolders: [$0]) } ?? CatalogLibrary.standard(for: nil)
    var entries: [String: Entry] = [:]
    for id in library.availableCatalogs() {
      let file = try library.locate(id)
      let source = try Data(contentsOf: URL(fileURLWithPath: file))
      let catalog = try CatalogLoader.load(data: source, file: file)
      // By the id a deal names it with: its file's name, as everywhere in SeatMix.
      entries[id] = Entry(catalog: catalog, source: source)
    }
    guard !entries.isEmpty else {
      throw ServerError.noCatalogs(folder: folder ?? library.searchFolders.joined(separator: ", "))
    }
    return CatalogSet(entries: entries)
  }
}
