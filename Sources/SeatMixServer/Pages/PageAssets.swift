import Foundation

/// The pages' script and stylesheet (`Resources/app.js`, `Resources/app.css`), read once at start
/// and served from memory under `/assets/` with an ETag.
struct PageAssets: Sendable {
  struct Asset: Sendable {
    var contentType: String
    var bytes: Data
    /// A strong validator of the content: FNV-1a 64 of the bytes, quoted.
    var etag: String
  }

  /// The files served, by their name under `/assets/`.
  static let files: [(name: String, contentType: String)] = [
    ("app.js", "text/javascript; charset=utf-8"),
    ("app.css", "text/css; charset=utf-8"),
  ]

  let assets: [String: Asset]

  /// Reads every file of ``files`` from `folder`; a missing or unreadable one is an error that names it.
  static func load(folder: URL) throws(PagesError) -> PageAssets {
    var assets: [String: Asset] = [:]
    for file in files {
      let url = folder.appendingPathComponent(file.name)
      let bytes: Data
      do {
        bytes = try Data(contentsOf: url)
      } catch {
        throw .missingAsset(path: url.path)
      }
      assets[file.name] = Asset(contentType: file.contentType, bytes: bytes, etag: etag(of: bytes))
    }
    return PageAssets(assets: assets)
  }

  /// The assets from the resource bundle SwiftPM builds beside the executable
  /// (`SeatMix_SeatMixServer.resources/Resources/`), looked for without `Bundle.module`, whose
  /// accessor ends the process when the bundle is missing.
  static func loadBundled() throws(PagesError) -> PageAssets {
    let bundleName = "SeatMix_SeatMixServer.resources"
    var candidates: [URL] = []
    if let resources = Bundle.main.resourceURL { candidates.append(resources.appendingPathComponent(bundleName)) }
    candidates.append(Bundle.main.bundleURL.appendingPathComponent(bundleName))
    if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
      candidates.append(executable.deletingLastPathComponent().appendingPathComponent(bundleName))
    }
    #if os(macOS)
      if let resources = Bundle.main.resourceURL { candidates.append(resources) }
    #endif
    for bundle in candidates {
      let folder = bundle.appendingPathComponent("Resources")
      if FileManager.default.fileExists(atPath: folder.appendingPathComponent(files[0].name).path) {
        return try load(folder: folder)
      }
    }
    throw .missingBundle(searched: candidates.map(\.path))
  }

  static func etag(of bytes: Data) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
  }
}

/// Why the pages could not be set up: one sentence each.
enum PagesError: Error, CustomStringConvertible {
  case missingAsset(path: String)
  case missingBundle(searched: [String])

  var description: String {
    switch self {
    case .missingAsset(let path):
      return "the page asset \(path) cannot be read"
    case .missingBundle(let searched):
      return "the page assets (SeatMix_SeatMixServer.resources) are not beside the executable; looked in "
        + searched.joined(separator: ", ")
    }
  }
}
