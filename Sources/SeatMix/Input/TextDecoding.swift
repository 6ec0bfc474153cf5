import Foundation

/// Turning a file's bytes into text, with a precise message when they are not what we expect.
public enum TextDecoding {
  public struct Problem: Error, Equatable {
    public var line: Int
    public var message: String
    /// The message without the byte it quotes, for files whose content must not be shown.
    public var messageWithoutContent: String?

    public init(line: Int, message: String, messageWithoutContent: String? = nil) {
      self.line = line
      self.message = message
      self.messageWithoutContent = messageWithoutContent
    }
  }

  /// Strict UTF-8 (a byte-order mark is dropped). The failure names the first bad byte's line.
  public static func decodeUTF8(_ data: Data) -> Result<String, Problem> {
    // On the contiguous bytes: through `Data`'s indices, these checks cost more than the rest of
    // reading a small deal did.
    data.withUnsafeBytes { raw in decodeUTF8(raw.assumingMemoryBound(to: UInt8.self)) }
  }

  private static func decodeUTF8(_ all: UnsafeBufferPointer<UInt8>) -> Result<String, Problem> {
    var bytes = all[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      return .failure(Problem(line: 1, message: "the file is UTF-16 text; save it as UTF-8"))
    }
    // NUL is valid UTF-8 but never in a text file: binary data, or UTF-16 without a byte-order mark
    // (whose ASCII letters each come with a NUL byte).
    if let nul = bytes.firstIndex(of: 0) {
      let line = 1 + bytes[..<nul].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
      if looksLikeUTF16(bytes) {
        return .failure(
          Problem(line: line, message: "the file looks like UTF-16 text without a byte-order mark; save it as UTF-8"))
      }
      return .failure(
        Problem(line: line, message: "the file holds a NUL byte (0x00), which text never does; is it a binary file?"))
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
              byte),
            messageWithoutContent: "the file is not UTF-8 text; save it as UTF-8"))
      }
    }
    return .failure(Problem(line: line, message: "the file is not UTF-8 text; save it as UTF-8"))
  }

  /// UTF-16 without a byte-order mark: in the first bytes, most pairs hold one NUL, always on the
  /// same side (the high byte of ASCII characters).
  static func looksLikeUTF16<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
    let sample = Array(bytes.prefix(1024))
    let pairs = sample.count / 2
    guard pairs > 0 else { return false }
    var evenOnly = 0
    var oddOnly = 0
    for pair in 0..<pairs {
      let (even, odd) = (sample[2 * pair], sample[2 * pair + 1])
      if even == 0 && odd != 0 { evenOnly += 1 }
      if odd == 0 && even != 0 { oddOnly += 1 }
    }
    return max(evenOnly, oddOnly) * 4 >= pairs * 3 && min(evenOnly, oddOnly) == 0
  }
}
