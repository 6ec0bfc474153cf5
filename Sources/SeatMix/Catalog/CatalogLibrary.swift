import Foundation
import Yams

#if canImport(Glibc)
  import Glibc
#endif

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
  /// Paths `resolve` found allowed, by reference, file and roots (a batch asks once per scenario).
  private var allowedPaths = Set<String>()
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
      return "catalog file \(quoted(reference)) not found (looked for \(list(searched.map { escaped($0) })))"
    }
    let known = availableCatalogs()
    if known.isEmpty {
      return "catalog \(quoted(reference)) not found (no Catalogs/ folder found; set SEATMIX_CATALOGS)"
    }
    return unknown("catalog", reference, known)
  }

  /// Loads (once) the catalog a reference names, wherever it points: for references the user
  /// gave (a deal file's `catalog:`, `--catalog`). A file that is there but holds no usable catalog
  /// throws ``SeatMixError/catalogReference(reference:problem:)`` (one line, quoting nothing of
  /// the file); a catalog with mistakes throws its diagnostics as ``SeatMixError/invalidInput(_:)``.
  public func catalog(_ reference: String, relativeTo file: String? = nil) throws(SeatMixError) -> Catalog {
    let key = "\(reference)\u{0}\(file ?? "")"
    lock.lock()
    let known = byReference[key]
    lock.unlock()
    if let known { return known }
    let path = try locate(reference, relativeTo: file)
    let catalog = try load(path: path, reference: reference)
    lock.lock()
    byReference[key] = catalog
    lock.unlock()
    return catalog
  }

  /// Loads the catalog that a reference read from data names (a batch CSV's `catalog` cell),
  /// where such references may point:
  ///
  /// - a catalog **id** (`zoom-contact-center`): looked up in ``searchFolders`` as always;
  /// - a **path** (it contains `/` or ends in `.yaml`, `.yml` or `.json`; a relative one starts at
  ///   the folder of `file`): only to a file inside (at or below) the folder of `file`, one of
  ///   ``searchFolders``, or one of `allowedRoots`, after symbolic links and `..` are resolved.
  ///   Anything else is refused without being opened, and without saying whether it exists.
  ///
  /// `allowedRoots` is what the command line adds (`seatmix batch --catalog-path DIR`, which the
  /// refusal suggests); pass `[]` when it adds nothing.
  ///
  /// - Returns: the catalog, loaded once per file and then shared.
  /// - Throws: only ``SeatMixError/catalogReference(reference:problem:)``, whose `problem` is one
  ///   line to put after a cell's location (`row 13, catalog: <problem>`): the reference quoted
  ///   with ``quoted(_:)``, control characters escaped, and never the content of a file that is
  ///   not a SeatMix catalog. The problems: `unknown catalog 'zoom-contact-centre' (did you mean
  ///   'zoom-contact-center'?)`, `catalog file '/etc/passwd' is outside the folders …`,
  ///   `catalog file 'x.yaml' is not a SeatMix catalog (it has no top-level 'tiers')`, a folder, a
  ///   FIFO, unreadable, too large, not valid YAML (with its line); and for a SeatMix catalog with
  ///   mistakes, its diagnostics joined with `; `.
  public func resolve(reference: String, relativeTo file: String?, allowedRoots: [String]) throws(SeatMixError)
    -> Catalog
  {
    do {
      if Self.looksLikePath(reference) {
        let folder =
          file.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
          ?? FileManager.default.currentDirectoryPath
        let roots = [folder] + searchFolders + allowedRoots
        let key = ([reference, file ?? ""] + roots).joined(separator: "\u{0}")
        lock.lock()
        let known = allowedPaths.contains(key)
        lock.unlock()
        if !known, try checkAllowed(reference, relativeTo: file, roots: roots) {
          lock.lock()
          allowedPaths.insert(key)
          lock.unlock()
        }
      }
      return try catalog(reference, relativeTo: file)
    } catch {
      switch error {
      case .catalogReference: throw error
      case .catalogNotFound(let name, let searched):
        throw .catalogReference(reference: reference, problem: notFoundMessage(name, searched: searched))
      default:
        throw .catalogReference(
          reference: reference, problem: error.description.replacingOccurrences(of: "\n", with: "; "))
      }
    }
  }

  /// Refuses a path outside every root: first as written (so that a file outside is never looked
  /// at), then with symbolic links resolved. True when the path was resolved and is inside; false
  /// when it is inside as written but does not resolve (the lookup then says it is not found).
  private func checkAllowed(_ reference: String, relativeTo file: String?, roots: [String]) throws(SeatMixError)
    -> Bool
  {
    let base =
      file.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
      ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let written =
      reference.hasPrefix("/")
      ? URL(fileURLWithPath: reference).standardizedFileURL.path
      : base.appendingPathComponent(reference).standardizedFileURL.path
    let refusal = SeatMixError.catalogReference(
      reference: reference,
      problem:
        "catalog file \(quoted(reference)) is outside the folders a batch may name catalogs in (the batch file's folder and the catalog search path); name the catalog by id, or allow its folder with --catalog-path DIR"
    )
    switch Self.containment(of: written, roots: roots) {
    case .outside: throw refusal
    case .unresolved: return false
    case .inside: return true
    }
  }

  /// Where a path a batch file names lies against the folders it may point into.
  enum Containment {
    /// Inside a root, as written and with symbolic links resolved.
    case inside
    /// Inside a root as written, but it does not resolve (it does not exist, or cannot be searched).
    case unresolved
    /// Outside every root, as written or once resolved.
    case outside
  }

  /// The rule for every file a batch's cells name (catalogs, profiles): inside one of `roots` as
  /// written (so a file outside is never looked at), then again with symbolic links and `..`
  /// resolved. `written` is absolute and standardized.
  static func containment(of written: String, roots: [String]) -> Containment {
    let lexicalRoots = roots.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    guard lexicalRoots.contains(where: { Self.path(written, isInside: $0) }) else { return .outside }
    // A path that does not resolve does not exist (or cannot be searched): the lookup says so.
    guard let resolved = Self.realPath(written) else { return .unresolved }
    let resolvedRoots = roots.compactMap(Self.realPath)
    guard resolvedRoots.contains(where: { Self.path(resolved, isInside: $0) }) else { return .outside }
    return .inside
  }

  private static func path(_ path: String, isInside root: String) -> Bool {
    path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
  }

  private static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// Reads, checks and caches the catalog file at `path`, which `reference` named. What is not a
  /// readable SeatMix catalog is one problem about the reference, quoting none of the file.
  private func load(path: String, reference: String) throws(SeatMixError) -> Catalog {
    lock.lock()
    let cached = cache[path]
    lock.unlock()
    if let cached { return cached }
    let subject =
      Self.looksLikePath(reference)
      ? "catalog file \(quoted(reference))" : "catalog \(quoted(reference)) (\(escaped(path)))"
    let data: Data
    switch InputFile.read(path) {
    case .success(let read): data = read
    case .failure(.notFound): throw .catalogReference(reference: reference, problem: "\(subject) not found")
    case .failure(let problem): throw .catalogReference(reference: reference, problem: "\(subject) \(problem.reason)")
    }
    let parsed: (DocumentReader, Node)
    do {
      parsed = try DocumentReader.parse(data: data, file: path, quotingContent: false)
    } catch {
      let first = error.diagnostics.first
      let line = first?.line.map { ", line \($0)" } ?? ""
      throw .catalogReference(
        reference: reference, problem: "\(subject)\(line): \(first?.message ?? "not valid YAML or JSON")")
    }
    guard let mapping = parsed.1.mapping, mapping.keys.contains(where: { $0.string == "tiers" }) else {
      throw .catalogReference(
        reference: reference, problem: "\(subject) is not a SeatMix catalog (it has no top-level 'tiers')")
    }
    let catalog = try CatalogLoader.load(parsed.0, root: parsed.1, file: path)
    lock.lock()
    cache[path] = catalog
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
