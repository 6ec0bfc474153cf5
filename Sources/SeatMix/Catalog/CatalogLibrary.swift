import Foundation

/// Finds and loads catalogs by id (`zoom-contact-center`) or by path, caching what it loaded.
///
/// An id is looked up as `<id>.yaml`, `.yml` or `.json` in, in order: the folders of
/// `SEATMIX_CATALOGS` (colon-separated), a `Catalogs/` folder beside the deal file or in any folder
/// above it, `Catalogs/` in the current folder, and `Catalogs/` above the `seatmix` executable
/// (so a built checkout finds its own catalogs).
public final class CatalogLibrary: @unchecked Sendable {
  public let searchFolders: [String]
  private var cache: [String: Catalog] = [:]
  private var byReference: [String: Catalog] = [:]
  private let lock = NSLock()

  public init(searchFolders: [String]) { self.searchFolders = searchFolders }

  /// The standard search path for a deal file (or the current folder when nil).
  public static func standard(for dealFile: String? = nil) -> CatalogLibrary {
    var folders: [String] = []
    if let variable = ProcessInfo.processInfo.environment["SEATMIX_CATALOGS"] {
      folders += variable.split(separator: ":").map(String.init)
    }
    if let dealFile {
      folders += ancestors(of: URL(fileURLWithPath: dealFile).deletingLastPathComponent().path)
        .map { $0 + "/Catalogs" }
    }
    folders.append(FileManager.default.currentDirectoryPath + "/Catalogs")
    let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
    folders += ancestors(of: executable.deletingLastPathComponent().path).map { $0 + "/Catalogs" }
    var unique: [String] = []
    for folder in folders.map({ URL(fileURLWithPath: $0).standardizedFileURL.path })
    where !unique.contains(folder) {
      unique.append(folder)
    }
    return CatalogLibrary(searchFolders: unique)
  }

  private static func ancestors(of folder: String) -> [String] {
    var result: [String] = []
    var url = URL(fileURLWithPath: folder).standardizedFileURL
    while true {
      result.append(url.path)
      let parent = url.deletingLastPathComponent()
      if parent.path == url.path { break }
      url = parent
    }
    return result
  }

  /// The file a reference names: a path (relative to `relativeTo`'s folder) or an id.
  public func locate(_ reference: String, relativeTo file: String? = nil) throws(SeatMixError) -> String {
    if Self.looksLikePath(reference) {
      let base =
        file.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
        ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
      let path = reference.hasPrefix("/") ? reference : base.appendingPathComponent(reference).standardizedFileURL.path
      guard FileManager.default.fileExists(atPath: path) else {
        throw .catalogNotFound(name: reference, searched: [path])
      }
      return path
    }
    var tried: [String] = []
    for folder in searchFolders {
      for suffix in [".yaml", ".yml", ".json"] {
        let path = "\(folder)/\(reference)\(suffix)"
        if FileManager.default.fileExists(atPath: path) { return path }
      }
      tried.append("\(folder)/\(reference).yaml")
    }
    throw .catalogNotFound(name: reference, searched: tried)
  }

  private static func looksLikePath(_ reference: String) -> Bool {
    reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml")
      || reference.hasSuffix(".json")
  }

  /// Why a reference that ``locate(_:relativeTo:)`` could not find names no catalog: the path
  /// looked at, or the nearest catalog id found.
  public func notFoundMessage(_ reference: String, searched: [String]) -> String {
    if Self.looksLikePath(reference) {
      return "catalog file '\(reference)' not found (looked for \(list(searched)))"
    }
    let known = availableCatalogs()
    if known.isEmpty {
      return "catalog '\(reference)' not found (no Catalogs/ folder found; set SEATMIX_CATALOGS)"
    }
    return unknown("catalog", reference, known)
  }

  /// Loads (once) the catalog a reference names.
  public func catalog(_ reference: String, relativeTo file: String? = nil) throws(SeatMixError) -> Catalog {
    let key = "\(reference)\u{0}\(file ?? "")"
    lock.lock()
    let known = byReference[key]
    lock.unlock()
    if let known { return known }
    let path = try locate(reference, relativeTo: file)
    lock.lock()
    let cached = cache[path]
    if let cached { byReference[key] = cached }
    lock.unlock()
    if let cached { return cached }
    let catalog = try CatalogLoader.load(file: path)
    lock.lock()
    cache[path] = catalog
    byReference[key] = catalog
    lock.unlock()
    return catalog
  }

  /// The ids of the catalogs in the search folders.
  public func availableCatalogs() -> [String] {
    var ids = Set<String>()
    for folder in searchFolders {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      for name in names
      where (name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json"))
        && !name.hasSuffix(".schema.json")
      {
        ids.insert(String(name.prefix { $0 != "." }))
      }
    }
    return ids.sorted()
  }
}
