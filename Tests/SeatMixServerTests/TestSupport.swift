import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SeatMixTestSupport
import Testing

@testable import SeatMixServer

#if canImport(Glibc)
  import Glibc
#endif

/// The repository's root (for Examples/ and Catalogs/).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

func repositoryFile(_ path: String) -> URL { repositoryRoot.appendingPathComponent(path) }

/// A service on the repository's catalogs with its deals in memory (or in `database`), logging at
/// ``testLogLevel``.
func testConfiguration(database: String? = nil, catalogs: String? = nil) -> ServerConfiguration {
  ServerConfiguration(
    port: 0, databasePath: database, catalogsFolder: catalogs ?? repositoryFile("Catalogs").path,
    logLevel: testLogLevel)
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

/// The built `seatmix` executable (beside the test executable, or in .build/debug).
let seatmixExecutable: URL? = SeatmixExecutable.find()

/// Runs `seatmix` from the repository root and collects its output.
func runSeatmix(_ arguments: [String]) throws -> ProcessRun {
  let executable = try #require(seatmixExecutable, "no built seatmix; run `swift build` first")
  return try ChildProcess.run(executable, arguments, in: repositoryRoot)
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

/// The log level of the services the tests start: `critical` (quiet `swift test` output) unless
/// `SEATMIX_TEST_LOG` names another (`SEATMIX_TEST_LOG=info swift test` shows the request logs).
let testLogLevel: Logger.Level =
  ProcessInfo.processInfo.environment["SEATMIX_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .critical

/// A logger at ``testLogLevel``, for apps a test assembles itself.
func testLogger(_ label: String = "seatmix.test") -> Logger {
  var logger = Logger(label: label)
  logger.logLevel = testLogLevel
  return logger
}

private func socketSend(_ socket: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
    Glibc.send(socket, bytes, count, Int32(MSG_NOSIGNAL))
  #else
    Darwin.send(socket, bytes, count, 0)
  #endif
}

/// One HTTP/1.1 exchange over a plain loopback socket, for what an HTTP client will not send (a
/// request that is not HTTP, a body sent in pieces) or cannot tell (a refused connection).
final class RawConnection: @unchecked Sendable {
  let socket: Int32

  /// Connects to 127.0.0.1:`port`; nil when the connection is refused (nothing listens).
  init?(port: Int) {
    #if canImport(Glibc)
      let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let descriptor = Darwin.socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { return nil }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else {
      close(descriptor)
      return nil
    }
    socket = descriptor
  }

  deinit { close(socket) }

  func send(_ text: String) { send(Data(text.utf8)) }

  func send(_ data: Data) {
    data.withUnsafeBytes { bytes in
      var sent = 0
      while sent < bytes.count {
        let count = socketSend(socket, bytes.baseAddress! + sent, bytes.count - sent)
        if count <= 0 { return }
        sent += count
      }
    }
  }

  /// Everything the server sends until it closes the connection (send `Connection: close`).
  func readToEnd() -> Data {
    var data = Data()
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = recv(socket, &chunk, chunk.count, 0)
      if count <= 0 { break }
      data.append(contentsOf: chunk[0..<count])
    }
    return data
  }

  /// One response on a connection kept open: read up to its head's end and `Content-Length`.
  func readResponse() -> Response? {
    var data = Data()
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      if let response = Self.parse(data), let length = response.headers["content-length"].flatMap({ Int($0) }),
        response.body.count >= length
      {
        return response
      }
      let count = recv(socket, &chunk, chunk.count, 0)
      if count <= 0 { return Self.parse(data) }
      data.append(contentsOf: chunk[0..<count])
    }
  }

  /// A response's status code, headers (names in lower case) and body.
  struct Response {
    var status: Int
    var headers: [String: String]
    var body: Data
  }

  static func parse(_ data: Data) -> Response? {
    guard let end = data.firstRange(of: Data("\r\n\r\n".utf8)) else { return nil }
    let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
    guard let statusLine = head.first,
      let code = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
    else { return nil }
    var headers: [String: String] = [:]
    for line in head.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return Response(status: code, headers: headers, body: Data(data[end.upperBound...]))
  }
}

/// `seatmix serve` as a child process on a free loopback port, with its output in files.
final class ServeProcess {
  let process = Process()
  let folder: URL
  let stdoutFile: URL
  let stderrFile: URL
  private let out: FileHandle
  private let err: FileHandle
  private(set) var root: URL?

  var port: Int { root?.port ?? 0 }
  var stderr: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

  /// Starts `seatmix serve --port 0 --db DATABASE` on the repository's catalogs, with `arguments`
  /// after, and waits until it says where it listens.
  init(database: String, in folder: URL, arguments: [String] = []) async throws {
    let executable = try #require(seatmixExecutable, "no built seatmix; run `swift build` first")
    self.folder = folder
    stdoutFile = folder.appendingPathComponent("stdout")
    stderrFile = folder.appendingPathComponent("stderr")
    try Data().write(to: stdoutFile)
    try Data().write(to: stderrFile)
    out = try FileHandle(forWritingTo: stdoutFile)
    err = try FileHandle(forWritingTo: stderrFile)
    process.executableURL = executable
    process.arguments =
      ["serve", "--port", "0", "--db", database, "--catalogs", repositoryFile("Catalogs").path] + arguments
    process.environment = ChildProcess.environment()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    for _ in 0..<1200 where root == nil {
      let text = String(decoding: try Data(contentsOf: stdoutFile), as: UTF8.self)
      if let match = text.firstMatch(of: /listening on (?<url>http:\/\/[0-9.]+:[0-9]+)/) {
        root = URL(string: String(match.url))
      } else {
        guard process.isRunning else { break }
        try await Task.sleep(for: .milliseconds(50))
      }
    }
    if root == nil { stop() }
    _ = try #require(root, "the server did not say where it listens: \(stderr)")
  }

  func signal(_ number: Int32) { kill(process.processIdentifier, number) }

  /// Waits for the process to end (at most `timeout`); false when it did not.
  func waitForExit(timeout: Duration = .seconds(60)) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    return !process.isRunning
  }

  /// Kills the process if it still runs and closes its output files.
  func stop() {
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
    try? out.close()
    try? err.close()
  }

  deinit { stop() }
}
