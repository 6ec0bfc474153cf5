import Foundation

/// Turning a file's bytes into text, with a precise message when they are not what we expect.
public enum TextDecoding {
  public struct Problem: Error, Equatable {
    public var line: Int
    public var message: String
  }

  /// Strict UTF-8 (a byte-order mark is dropped). The failure names the first bad byte's line.
  public static func decodeUTF8(_ data: Data) -> Result<String, Problem> {
    var bytes = data[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      return .failure(Problem(line: 1, message: "the file is UTF-16 text; save it as UTF-8"))
    }
    if let text = String(validating: bytes, as: UTF8.self) {
      return .success(text)
    }
    // Find the first byte that is not valid UTF-8, and its line.
    var line = 1
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = bytes.startIndex
    loop: while true {
      let before = offset
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        if scalar == "\n" { line += 1 }
        offset += String(scalar).utf8.count
      case .emptyInput:
        break loop
      case .error:
        let byte = bytes[before]
        return .failure(
          Problem(
            line: line,
            message: String(
              format:
                "the file is not UTF-8 text: byte 0x%02X is not valid UTF-8 (was it saved as Windows-1252 or Latin-1?); save it as UTF-8",
              byte)))
      }
    }
    return .failure(Problem(line: line, message: "the file is not UTF-8 text; save it as UTF-8"))
  }
}
