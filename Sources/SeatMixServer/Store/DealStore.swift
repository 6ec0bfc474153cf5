import Foundation

/// A revision to store: the deal as posted (as JSON), the catalog it was priced against as it was,
/// and the plan.
public struct NewRevision: Sendable, Equatable {
  public var deal: String
  public var catalog: FrozenCatalog
  /// `seatmix optimize -f json` of the deal against the frozen catalog.
  public var plan: String

  public init(deal: String, catalog: FrozenCatalog, plan: String) {
    self.deal = deal
    self.catalog = catalog
    self.plan = plan
  }
}

/// A catalog as a revision was priced against it: its id, name and effective date, its file's text
/// (every price and rule, so the revision can be priced again exactly) and its JSON form.
public struct FrozenCatalog: Sendable, Equatable {
  public var id: String
  public var name: String
  public var effectiveDate: String
  public var source: Data
  /// The catalog as `GET /api/v1/catalogs/{id}` shows it.
  public var json: String

  public init(id: String, name: String, effectiveDate: String, source: Data, json: String) {
    self.id = id
    self.name = name
    self.effectiveDate = effectiveDate
    self.source = source
    self.json = json
  }
}

/// A stored revision: immutable once written.
public struct StoredRevision: Sendable, Equatable {
  public var dealID: String
  public var number: Int
  /// ISO 8601, UTC, milliseconds.
  public var createdAt: String
  public var content: NewRevision
}

public struct RevisionSummary: Sendable, Equatable, Codable {
  public var revision: Int
  public var createdAt: String

  enum CodingKeys: String, CodingKey {
    case revision
    case createdAt = "created_at"
  }
}

/// Where saved deals live. A deal is an id, the hash of its secret, and its revisions, numbered from
/// 1, never changed once written. The SQLite store (``SQLiteDealStore``) is the one of a single
/// instance; a store shared by several instances behind a load balancer (PostgreSQL) conforms to the
/// same protocol.
public protocol DealStore: Sendable {
  /// Stores a new deal with its first revision. The id is new (the caller draws it).
  func create(id: String, secretHash: Data, first: NewRevision) async throws -> StoredRevision
  /// Adds the next revision of a deal; nil when there is no such deal.
  func append(to id: String, _ revision: NewRevision) async throws -> StoredRevision?
  /// The revisions of a deal, oldest first; nil when there is no such deal.
  func revisions(of id: String) async throws -> [RevisionSummary]?
  /// One revision (the latest when `number` is nil); nil when there is none.
  func revision(of id: String, number: Int?) async throws -> StoredRevision?
  /// The stored hash of a deal's secret; nil when there is no such deal.
  func secretHash(of id: String) async throws -> Data?
  /// Deletes a deal and all its revisions; false when there was no such deal.
  func delete(_ id: String) async throws -> Bool
  /// Throws when the store cannot answer (`/readyz`).
  func checkReadable() async throws
  /// Closes the store: called once at shutdown, after the last request.
  func close() async throws
}
