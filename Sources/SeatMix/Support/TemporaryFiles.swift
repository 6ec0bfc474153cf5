import Foundation

/// Partial outputs to delete if the process is interrupted.
///
/// Each path is kept as a C string made when it is added, so that ``removeAll()`` only calls
/// `unlink` and can run in a signal handler. The handler takes the lock only if it is free: a
/// signal that lands while this thread holds it leaves the files, and they keep their
/// recognisable names for the next run to delete (as after SIGKILL; see ``OutputFile``).
public final class TemporaryFiles: @unchecked Sendable {
  public static let shared = TemporaryFiles()
  private var paths: [String: UnsafeMutablePointer<CChar>] = [:]
  private let lock = NSLock()

  func add(_ path: String) {
    guard let copy = strdup(path) else { return }
    lock.withLock {
      if let old = paths.updateValue(copy, forKey: path) { free(old) }
    }
  }

  func remove(_ path: String) {
    lock.withLock {
      if let old = paths.removeValue(forKey: path) { free(old) }
    }
  }

  func contains(_ path: String) -> Bool { lock.withLock { paths[path] != nil } }

  /// Deletes every partial output (for a signal handler: no allocation, no waiting).
  public func removeAll() {
    guard lock.try() else { return }
    for path in paths.values { unlink(path) }
    lock.unlock()
  }

  /// On SIGINT, SIGTERM and SIGHUP: delete every partial output, then end as the signal would
  /// have. A signal the process was started with ignored (`nohup`, a background job) stays ignored;
  /// one it was started with blocked (a parent's threads may block signals, and the mask is
  /// inherited) is unblocked on the calling thread, and so on the threads it starts later.
  public static func removeOnSignals() {
    var unblocked = sigset_t()
    sigemptyset(&unblocked)
    for received in [SIGINT, SIGTERM, SIGHUP] {
      var current = sigaction()
      guard sigaction(received, nil, &current) == 0, !Self.isIgnored(current) else { continue }
      signal(received) { number in
        TemporaryFiles.shared.removeAll()
        signal(number, SIG_DFL)
        raise(number)
      }
      sigaddset(&unblocked, received)
    }
    pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
  }

  private static func isIgnored(_ action: sigaction) -> Bool {
    #if canImport(Glibc)
      let handler = action.__sigaction_handler.sa_handler
    #else
      let handler = action.__sigaction_u.__sa_handler
    #endif
    return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
  }
}
