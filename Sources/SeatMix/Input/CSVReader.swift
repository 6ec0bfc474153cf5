import Foundation

/// One record of a CSV file.
public struct CSVRecord: Sendable {
  public var fields: [String]
  /// The record's row as a spreadsheet shows it: the header is row 1. A quoted field with a line
  /// break inside still makes one row.
  public var row: Int
  /// Set when the record was longer than a cap: its fields are then incomplete.
  public var problem: Problem?

  public init(fields: [String], row: Int, problem: Problem? = nil) {
    self.fields = fields
    self.row = row
    self.problem = problem
  }

  /// What made a record incomplete. Reading goes on at the record's end either way.
  public enum Problem: Sendable, Equatable {
    /// The cell at `position` was longer than ``CSVReader/maximumCellBytes``; it reads as its
    /// first that many bytes.
    case cellTooLong(position: Int)
    /// The record was longer than ``CSVReader/maximumRecordBytes``: only its first `fieldsKept`
    /// fields are there.
    case recordTooLong(fieldsKept: Int)
  }
}

/// Reads CSV as spreadsheets export it, streaming, in constant memory: a UTF-8 byte-order mark,
/// CRLF or LF line ends, comma, semicolon or tab delimiters (detected from the header), quoted
/// fields with delimiters, quotes and line breaks inside, blank rows skipped, and files saved in
/// Windows-1252 instead of UTF-8.
///
/// Memory and time are bounded whatever a line holds: a cell is kept up to
/// ``maximumCellBytes`` (64 KiB) and a record up to ``maximumRecordBytes`` (1 MiB); beyond that
/// the reader only scans on to the record's end (the next line end outside quotes) and marks the
/// record with its ``CSVRecord/Problem``, so the records after it read as usual. A quote still
/// open at the end of the file cannot be recovered from (where the cell was meant to end is
/// unknown): that is an error for the whole file, naming the row and column where it opened.
/// Used by one thread at a time (the batch reader thread).
public final class CSVReader: @unchecked Sendable {
  public let file: String
  public private(set) var delimiter: UInt8 = UInt8(ascii: ",")
  /// Set once a record turned out not to be UTF-8; that record and every later one are read as
  /// Windows-1252 (the earlier ones were plain ASCII or valid UTF-8, which read the same).
  public private(set) var readAsWindows1252 = false

  private let handle: FileHandle
  private var buffer: [UInt8] = []
  private var position = 0
  private var atEndOfFile = false
  private var rowsRead = 0
  private var bytesBeforeBuffer = 0
  private static let chunkSize = 1 << 20
  /// The most bytes of one cell that are kept (64 KiB; a features cell of every feature of a
  /// catalog is well under 1 KiB).
  public static let maximumCellBytes = 64 * 1024
  /// The most bytes of one record's cells that are kept (1 MiB).
  public static let maximumRecordBytes = 1 << 20
  /// The header's names, for messages: set by the caller once it has read the header.
  public var columnNames: [String] = []

  /// When set, only the field at this position is decoded; every other field reads as empty (for a
  /// fast first pass that needs one column).
  public var onlyField: Int?

  /// The previous record's number of fields: room for as many is made up front (rows of a file
  /// mostly have the header's count), instead of growing the array field by field.
  private var lastFieldCount = 0

  /// What each byte is to the plain-record scan, by its value: 0 part of a cell, 1 blank (space or
  /// tab), 2 the delimiter, a line end or a quote. Set with the delimiter.
  private var byteClasses: [UInt8] = []

  /// Bytes of the file consumed so far (for progress).
  public var bytesRead: Int { bytesBeforeBuffer + position }

  public init(file: String) throws(SeatMixError) {
    self.file = file
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
      throw .unreadable(file: file, reason: "no such file")
    }
    guard !isDirectory.boolValue, let handle = FileHandle(forReadingAtPath: file) else {
      throw .unreadable(file: file, reason: isDirectory.boolValue ? "is a folder, not a file" : "cannot be read")
    }
    self.handle = handle
    try fill()
    if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    if buffer.starts(with: [0xFF, 0xFE]) || buffer.starts(with: [0xFE, 0xFF]) {
      throw .unreadable(file: file, reason: "the file is UTF-16 text; save it as CSV UTF-8 (or Windows-1252)")
    }
    if buffer.prefix(1024).contains(0) {
      throw .unreadable(file: file, reason: "the file is not text (it contains NUL bytes); export the sheet as CSV")
    }
    delimiter = detectDelimiter()
    var classes = [UInt8](repeating: 0, count: 256)
    classes[0x20] = 1
    classes[0x09] = 1
    for special in [UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r"), delimiter] { classes[Int(special)] = 2 }
    byteClasses = classes
  }

  deinit { try? handle.close() }

  /// The next non-blank record, or nil at the end of the file.
  public func next() throws(SeatMixError) -> CSVRecord? {
    while true {
      guard let (fields, blank, problem) = try readRecord() else { return nil }
      rowsRead += 1
      if blank && problem == nil { continue }
      return CSVRecord(fields: fields, row: rowsRead, problem: problem)
    }
  }

  /// The next non-blank record's cell at `field` alone, for a fast first pass over a file: its
  /// text (empty when the record is shorter) and row, and the record itself when it was not a plain
  /// one (quotes, or beyond a cap), so that its ``CSVRecord/problem`` can be told. Rows are
  /// counted, blank rows skipped and errors thrown as by ``next()``; no array is made per row.
  public func nextField(at field: Int) throws(SeatMixError) -> (text: String, row: Int, record: CSVRecord?)? {
    while true {
      if position >= buffer.count {
        try fill()
        if position >= buffer.count { return nil }
      }
      if let plain = plainField(at: field) {
        rowsRead += 1
        if plain.blank { continue }
        return (plain.text, rowsRead, nil)
      }
      let kept = onlyField
      onlyField = field
      defer { onlyField = kept }
      guard let (fields, blank, problem) = try readRecord() else { return nil }
      rowsRead += 1
      if blank && problem == nil { continue }
      let record = CSVRecord(fields: fields, row: rowsRead, problem: problem)
      return (field < fields.count ? fields[field] : "", rowsRead, record)
    }
  }

  // MARK: - Parsing

  private func fill() throws(SeatMixError) {
    guard !atEndOfFile else { return }
    let data: Data?
    do {
      data = try handle.read(upToCount: Self.chunkSize)
    } catch {
      throw .unreadable(file: file, reason: "read failed: \(error.localizedDescription)")
    }
    guard let data, !data.isEmpty else {
      atEndOfFile = true
      return
    }
    if position > 0 {
      bytesBeforeBuffer += position
      buffer.removeFirst(position)
      position = 0
    }
    buffer.append(contentsOf: data)
  }

  /// The delimiter that occurs most often outside quotes in the first line; comma on a tie.
  private func detectDelimiter() -> UInt8 {
    var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
    var inQuotes = false
    for byte in buffer[position...] {
      if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
      if inQuotes { continue }
      if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
      if counts[byte] != nil { counts[byte]! += 1 }
    }
    let order: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
    return order.max {
      counts[$0]! < counts[$1]! || (counts[$0]! == counts[$1]! && order.firstIndex(of: $0)! > order.firstIndex(of: $1)!)
    }!
  }

  /// Reads one record's fields; `blank` when every field is empty or blanks (spaces, tabs), quoted
  /// or not (spreadsheets export such rows). Decided on the bytes, so also for fields not decoded.
  /// A cell or record beyond its cap is scanned to its end (linear, nothing more kept) and
  /// comes back with its `problem`; a quote still open at the end of the file is a file error.
  private func readRecord() throws(SeatMixError) -> (fields: [String], blank: Bool, problem: CSVRecord.Problem?)? {
    if position >= buffer.count {
      try fill()
      if position >= buffer.count { return nil }
    }
    if let record = plainRecord() { return (record.0, record.1, nil) }
    var fields: [String] = []
    var field: [UInt8] = []
    var inQuotes = false
    var quoteColumn = 0  // where the last quoted cell opened, for an unclosed quote
    var content = false  // a byte other than blanks in some field (so the record is not blank)
    var problem: CSVRecord.Problem?
    var recordBytes = 0  // bytes of the fields kept so far
    let cellCap = Self.maximumCellBytes
    let quote = UInt8(ascii: "\"")
    let newline = UInt8(ascii: "\n")
    let carriageReturn = UInt8(ascii: "\r")
    func keep(_ byte: UInt8) {
      guard field.count < cellCap else {
        if problem == nil { problem = .cellTooLong(position: fields.count) }
        return
      }
      field.append(byte)
    }
    func endField() {
      defer { field.removeAll(keepingCapacity: field.count <= 4096) }
      if case .recordTooLong = problem { return }
      recordBytes += field.count + 1
      if recordBytes > Self.maximumRecordBytes {
        problem = .recordTooLong(fieldsKept: fields.count)
        return
      }
      fields.append(onlyField == nil || fields.count == onlyField ? decode(field) : "")
    }
    while true {
      if position >= buffer.count {
        try fill()
        if position >= buffer.count { break }  // end of file ends the record
      }
      let byte = buffer[position]
      position += 1
      if inQuotes {
        if byte == quote {
          if position >= buffer.count { try fill() }
          if position < buffer.count && buffer[position] == quote {
            keep(quote)
            content = true
            position += 1
          } else {
            inQuotes = false
          }
        } else {
          keep(byte)
          if byte != 0x20 && byte != 0x09 { content = true }
        }
        continue
      }
      switch byte {
      case quote where field.isEmpty:
        inQuotes = true
        quoteColumn = fields.count
      case delimiter:
        endField()
      case newline:
        endField()
        return (fields, !content, problem)
      case carriageReturn:
        if position >= buffer.count { try fill() }
        if position < buffer.count && buffer[position] == newline { position += 1 }
        endField()
        return (fields, !content, problem)
      default:
        keep(byte)
        if byte != 0x20 && byte != 0x09 { content = true }
      }
    }
    if inQuotes {
      throw .invalidInput([
        Diagnostic(
          file: file, line: rowsRead + 1, field: columnName(quoteColumn),
          message:
            "the quote that opens this cell is never closed: the rest of the file would be one cell (a '\"' inside a quoted cell is written '\"\"')"
        )
      ])
    }
    endField()
    return (fields, !content, problem)
  }

  /// The name of the column at `position` (from ``columnNames``), or "column N".
  public func columnName(_ position: Int) -> String {
    if position < columnNames.count, !columnNames[position].isEmpty { return columnNames[position] }
    return "column \(position + 1)"
  }

  /// The common record, read in one pass over the buffer: no quotes, and its line end already
  /// in the buffer. Nil (nothing consumed) sends the record to the full parser in `readRecord`.
  private func plainRecord() -> ([String], Bool)? {
    let quote = UInt8(ascii: "\"")
    let newline = UInt8(ascii: "\n")
    let carriageReturn = UInt8(ascii: "\r")
    let delimiter = delimiter
    let start = position
    let onlyField = onlyField
    let fieldCount = lastFieldCount
    let classes = byteClasses
    // Decoding may switch the reader to Windows-1252 before a later quote sends the record to the
    // full parser; that one would switch on the same field. Everything the scan changes is local
    // to the closure (no captured variable, so no exclusivity check per field).
    let scanned: (fields: [String], end: Int, content: Bool)? = buffer.withUnsafeBufferPointer { bytes in
      classes.withUnsafeBufferPointer { classes in
        var fields: [String] = []
        fields.reserveCapacity(fieldCount)
        var content = false
        var fieldStart = start
        var index = start
        var high: UInt8 = 0  // the cell's bytes or'ed together: below 0x80, it is ASCII
        let (cellCap, recordCap) = (Self.maximumCellBytes, Self.maximumRecordBytes)
        while index < bytes.count {
          let byte = bytes[index]
          let kind = classes[Int(byte)]
          if kind != 2 {
            if kind == 0 {
              content = true
              high |= byte
            }
            index += 1
            continue
          }
          if byte == quote { return nil }
          // The delimiter or a line end.
          if index - fieldStart > cellCap || index - start > recordCap { return nil }  // the full parser caps it
          let end: Int
          if byte == carriageReturn {
            guard index + 1 < bytes.count else { return nil }
            end = bytes[index + 1] == newline ? index + 2 : index + 1
          } else {
            end = index + 1
          }
          // An empty cell (the common blank column) needs no decoding.
          if index == fieldStart || (onlyField != nil && fields.count != onlyField) {
            fields.append("")
          } else {
            let cell = UnsafeBufferPointer(rebasing: bytes[fieldStart..<index])
            // ASCII (known from the scan) reads the same in UTF-8 and Windows-1252.
            fields.append(high < 0x80 ? String(decoding: cell, as: UTF8.self) : decode(cell))
          }
          if byte != delimiter { return (fields, end, content) }
          fieldStart = index + 1
          high = 0
          index += 1
        }
        return nil
      }
    }
    guard let scanned else { return nil }
    position = scanned.end
    lastFieldCount = scanned.fields.count
    return (scanned.fields, !scanned.content)
  }

  /// ``plainRecord()`` for one cell: the same bytes take the same way (nil sends the record to the
  /// full parser), but only the cell at `wanted` is decoded and no array of cells is made.
  private func plainField(at wanted: Int) -> (text: String, blank: Bool)? {
    let quote = UInt8(ascii: "\"")
    let newline = UInt8(ascii: "\n")
    let carriageReturn = UInt8(ascii: "\r")
    let delimiter = delimiter
    let start = position
    let classes = byteClasses
    let scanned: (text: String, end: Int, content: Bool)? = buffer.withUnsafeBufferPointer { bytes in
      classes.withUnsafeBufferPointer { classes in
        var text = ""
        var ended = 0  // cells ended so far
        var content = false
        var fieldStart = start
        var index = start
        let (cellCap, recordCap) = (Self.maximumCellBytes, Self.maximumRecordBytes)
        while index < bytes.count {
          let byte = bytes[index]
          let kind = classes[Int(byte)]
          if kind != 2 {
            if kind == 0 { content = true }
            index += 1
            continue
          }
          if byte == quote { return nil }
          // The delimiter or a line end.
          if index - fieldStart > cellCap || index - start > recordCap { return nil }
          let end: Int
          if byte == carriageReturn {
            guard index + 1 < bytes.count else { return nil }
            end = bytes[index + 1] == newline ? index + 2 : index + 1
          } else {
            end = index + 1
          }
          if ended == wanted && index > fieldStart {
            text = decode(UnsafeBufferPointer(rebasing: bytes[fieldStart..<index]))
          }
          if byte != delimiter { return (text, end, content) }
          ended += 1
          fieldStart = index + 1
          index += 1
        }
        return nil
      }
    }
    guard let scanned else { return nil }
    position = scanned.end
    return (scanned.text, !scanned.content)
  }

  private func decode(_ bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer(decode) }

  /// A field's text: UTF-8 until a field is not, Windows-1252 from then on.
  private func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    // ASCII, the usual case, reads the same in both (and `String(validating:)` is slow).
    if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
    if !readAsWindows1252 {
      if let text = String(validating: bytes, as: UTF8.self) { return text }
      readAsWindows1252 = true
    }
    return Windows1252.decode(bytes)
  }
}

/// Windows-1252, the encoding Excel on Windows uses for "CSV" (not "CSV UTF-8").
enum Windows1252 {
  /// 0x80–0x9F; the rest is Latin-1. Undefined bytes map to U+FFFD.
  private static let high: [Unicode.Scalar] = [
    "\u{20AC}", "\u{FFFD}", "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
    "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", "\u{FFFD}", "\u{017D}", "\u{FFFD}",
    "\u{FFFD}", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
    "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", "\u{FFFD}", "\u{017E}", "\u{0178}",
  ]

  static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    var scalars = String.UnicodeScalarView()
    for byte in bytes {
      if byte >= 0x80 && byte <= 0x9F {
        scalars.append(high[Int(byte - 0x80)])
      } else {
        scalars.append(Unicode.Scalar(byte))
      }
    }
    return String(scalars)
  }
}
