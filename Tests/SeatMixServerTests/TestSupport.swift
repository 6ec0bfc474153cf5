import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SeatMixServer

/// The repository's root (for Examples/ and Catalogs/).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

func repositoryFile(_ path: String) -> URL { repositoryRoot.appendingPathComponent(path) }

/// A service on the repository's catalogs with its deals in memory (or in `database`).
func testConfiguration(database: String? = nil, catalogs: String? = nil) -> ServerConfiguration {
  ServerConfiguration(
    port: 0, databasePath: database, catalogsFolder: catalogs ?? repositoryFile("Catalogs").path, logLevel: .warning)
}

/// Runs `test` against the app in-process (router test framework: no sockets).
func withService<T>(
  _ configuration: ServerConfiguration = testConfiguration(),
  _ test: @escaping @Sendable (any TestClientProtocol) async throws -> T
) async throws -> T {
  let app = try await buildApplication(configuration)
  return try await app.test(.router, test)
}

/// A problem details body.
struct ProblemBody: Decodable, Equatable {
  struct Located: Decodable, Equatable {
    var line: Int?
    var field: String
    var message: String
  }
  var type: String
  var title: String
  var status: Int
  var detail: String
  var errors: [Located]
}

/// The problem details of a response (a stand-in with status 0, and an issue, when it has none).
func problem(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) -> ProblemBody {
  #expect(
    response.headers[.contentType] == "application/problem+json",
    "not problem details: \(String(buffer: response.body))",
    sourceLocation: sourceLocation)
  guard let body = try? JSONDecoder().decode(ProblemBody.self, from: Data(buffer: response.body)) else {
    Issue.record("not problem details: \(String(buffer: response.body))", sourceLocation: sourceLocation)
    return ProblemBody(type: "", title: "", status: 0, detail: "", errors: [])
  }
  return body
}

/// A JSON object response (empty, and an issue, when it is not one).
func json(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) -> [String: Any] {
  guard let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] else {
    Issue.record("not a JSON object: \(String(buffer: response.body))", sourceLocation: sourceLocation)
    return [:]
  }
  return object
}

let jsonHeaders: HTTPFields = [.contentType: "application/json"]
let yamlHeaders: HTTPFields = [.contentType: "application/yaml"]

func buffer(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
func buffer(_ data: Data) -> ByteBuffer { ByteBuffer(bytes: data) }

/// The built `seatmix` executable (beside the test bundle, or in .build/debug).
let seatmixExecutable: URL? = {
  var candidates: [URL] = []
  if let first = CommandLine.arguments.first {
    var folder = URL(fileURLWithPath: first).deletingLastPathComponent()
    for _ in 0..<4 {
      candidates.append(folder.appendingPathComponent("seatmix"))
      folder = folder.deletingLastPathComponent()
    }
  }
  candidates.append(repositoryFile(".build/debug/seatmix"))
  return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}()

struct Run {
  var status: Int32
  var stdout: Data
  var stderr: String
}

/// Runs `seatmix` from the repository root and collects its output.
func runSeatmix(_ arguments: [String]) throws -> Run {
  let executable = try #require(seatmixExecutable, "no built seatmix; run `swift build` first")
  let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-server-cli-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  let outURL = scratch.appendingPathComponent("stdout")
  let errURL = scratch.appendingPathComponent("stderr")
  try Data().write(to: outURL)
  try Data().write(to: errURL)
  let out = try FileHandle(forWritingTo: outURL)
  let err = try FileHandle(forWritingTo: errURL)
  let process = Process()
  process.executableURL = executable
  process.arguments = arguments
  process.currentDirectoryURL = repositoryRoot
  var environment = ProcessInfo.processInfo.environment
  environment["SEATMIX_CATALOGS"] = nil
  process.environment = environment
  process.standardOutput = out
  process.standardError = err
  try process.run()
  process.waitUntilExit()
  try out.close()
  try err.close()
  return Run(
    status: process.terminationStatus, stdout: try Data(contentsOf: outURL),
    stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

/// A fresh temporary folder, deleted by the caller.
func temporaryFolder(_ name: String) throws -> URL {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  return folder
}

let seedDealJSON = """
  {"name": "Seed example", "catalog": "zoom-contact-center", "licensing": "concurrent",
   "groups": [{"name": "Support", "agents": 100, "peak_concurrent": 25, "features": ["wfm", "qm"], "tier": "elite"}]}
  """
