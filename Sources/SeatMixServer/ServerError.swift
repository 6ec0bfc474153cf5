/// Why the service could not start: one sentence each.
public enum ServerError: Error, CustomStringConvertible {
  case noCatalogs(folder: String)
  case database(path: String, reason: String)

  public var description: String {
    switch self {
    case .noCatalogs(let folder): return "no catalogs found in \(folder)"
    case .database(let path, let reason): return "cannot open the database \(path): \(reason)"
    }
  }
}
