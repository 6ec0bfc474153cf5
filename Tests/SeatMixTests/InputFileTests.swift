import Foundation
import Testing

@testable import SeatMix

/// A deal or catalog path that is no regular file says what it is, never "permissions?" (issue 8,
/// item 8). Nodes are made in a temporary folder, never the machine's own `/dev` files.
@Suite struct InputFileTests {
  func withFolder<T>(_ body: (URL) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seatmix-input-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder)
  }

  /// The one diagnostic loading `path` as a deal gives.
  func dealProblem(_ path: String) -> Diagnostic? {
    let error = #expect(throws: SeatMixError.self) {
      try DealLoader.load(file: path, library: CatalogLibrary(searchFolders: [repositoryFile("Catalogs")]))
    }
    #expect(error?.diagnostics.count == 1)
    return error?.diagnostics.first
  }

  @Test func aFIFOIsAFIFOAndIsNotWaitedOn() throws {
    try withFolder { folder in
      let fifo = folder.appendingPathComponent("deal.yaml").path
      #expect(mkfifo(fifo, 0o600) == 0)
      #expect(
        dealProblem(fifo)
          == Diagnostic(file: fifo, line: nil, field: "", message: "is a FIFO (named pipe), not a regular file"))
    }
  }

  @Test(.enabled(if: getuid() == 0, "mknod needs root"))
  func aCharacterDeviceLikeDevZeroIsADevice() throws {
    try withFolder { folder in
      let zero = folder.appendingPathComponent("zero").path
      // /dev/zero's numbers, major 1 and minor 5 (glibc's makedev(1, 5)), made here.
      #expect(mknod(zero, S_IFCHR | 0o600, dev_t(1 << 8 | 5)) == 0)
      #expect(
        dealProblem(zero)
          == Diagnostic(file: zero, line: nil, field: "", message: "is a character device, not a regular file"))
    }
  }

  @Test func aFileThatFailsToReadSaysWhere() throws {
    // Reading /proc/self/mem at offset 0 fails (nothing is mapped there); it is harmless to try.
    #expect(
      dealProblem("/proc/self/mem")
        == Diagnostic(
          file: "/proc/self/mem", line: nil, field: "", message: "cannot be read at byte 0: input/output error"))
  }

  @Test func aFileOverTheCapIsRefusedUnread() throws {
    try withFolder { folder in
      let big = folder.appendingPathComponent("big.yaml")
      #expect(FileManager.default.createFile(atPath: big.path, contents: Data()))
      // Sparse: takes no disk space.
      #expect(truncate(big.path, off_t(InputFile.sizeLimit + 1)) == 0)
      #expect(
        dealProblem(big.path)
          == Diagnostic(
            file: big.path, line: nil, field: "",
            message: "is larger than 16 MiB, the most SeatMix reads as a deal or catalog"))
      // What grows while read (files in /proc report size 0) is capped too.
      #expect(InputFile.read("/proc/self/maps", limit: 10) == .failure(.tooLarge(limit: 10)))
    }
  }

  @Test(.enabled(if: getuid() != 0, "root reads every file"))
  func aFileWithoutReadPermissionSaysSo() throws {
    try withFolder { folder in
      let locked = folder.appendingPathComponent("deal.yaml")
      try Data("name: x\n".utf8).write(to: locked)
      #expect(chmod(locked.path, 0) == 0)
      #expect(
        dealProblem(locked.path)
          == Diagnostic(file: locked.path, line: nil, field: "", message: "cannot be read: permission denied"))
    }
  }

  @Test func aFolderAndAMissingFileReadAsBefore() throws {
    try withFolder { folder in
      #expect(dealProblem(folder.path)?.message == "is a folder, not a file")
      #expect(dealProblem(folder.appendingPathComponent("none.yaml").path)?.message == "no such file")
    }
  }

  @Test func utf16IsToldFromBinary() {
    let utf16BigEndian = Data("name: x\n".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
    #expect(TextDecoding.looksLikeUTF16(utf16BigEndian[...]))
    #expect(TextDecoding.looksLikeUTF16(Data("name: x\n".utf16.flatMap { [UInt8($0 & 0xFF), 0] })[...]))
    #expect(!TextDecoding.looksLikeUTF16(Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0x41, 0x42])[...]))
  }
}
