import Foundation
import GRDB

/// Saved deals in an SQLite file through GRDB: WAL mode, versioned migrations, and revisions that
/// the database itself refuses to change (a trigger), so a revision, once committed, is what it was.
///
/// Every write is one transaction, committed with SQLite's default `synchronous=FULL`: a process
/// killed at any moment loses only the revision whose transaction had not committed, and leaves a
/// file the next start opens (the WAL is replayed).
public final class SQLiteDealStore: DealStore {
  private let database: any DatabaseWriter

  /// Opens (creating if needed) the file at `path` and brings its schema up to date; `nil` keeps
  /// the deals in memory.
  public init(path: String?) throws {
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    configuration.busyMode = .timeout(5)
    if let path {
      database = try DatabasePool(path: path, configuration: configuration)
    } else {
      database = try DatabaseQueue(configuration: configuration)
    }
    try Self.migrator.migrate(database)
  }

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1: deals and immutable revisions") { db in
      try db.execute(
        sql: """
          CREATE TABLE deal (
            id TEXT PRIMARY KEY NOT NULL,
            secret_hash BLOB NOT NULL,
            created_at TEXT NOT NULL
          ) STRICT;
          CREATE TABLE revision (
            deal_id TEXT NOT NULL REFERENCES deal(id) ON DELETE CASCADE,
            number INTEGER NOT NULL CHECK (number >= 1),
            created_at TEXT NOT NULL,
            deal_json TEXT NOT NULL,
            catalog_id TEXT NOT NULL,
            catalog_name TEXT NOT NULL,
            catalog_effective_date TEXT NOT NULL,
            catalog_source BLOB NOT NULL,
            catalog_json TEXT NOT NULL,
            plan_json TEXT NOT NULL,
            PRIMARY KEY (deal_id, number)
          ) STRICT;
          CREATE TRIGGER revision_is_immutable BEFORE UPDATE ON revision
          BEGIN SELECT RAISE(ABORT, 'a revision is never changed'); END;
          """)
    }
    return migrator
  }

  static func now() -> String {
    Date.now.formatted(
      .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
  }

  public func create(id: String, secretHash: Data, first: NewRevision) async throws -> StoredRevision {
    let createdAt = Self.now()
    try await database.write { db in
      try db.execute(
        sql: "INSERT INTO deal (id, secret_hash, created_at) VALUES (?, ?, ?)",
        arguments: [id, secretHash, createdAt])
      try Self.insert(first, deal: id, number: 1, createdAt: createdAt, db)
    }
    return StoredRevision(dealID: id, number: 1, createdAt: createdAt, content: first)
  }

  public func append(to id: String, _ revision: NewRevision) async throws -> StoredRevision? {
    let createdAt = Self.now()
    let number: Int? = try await database.write { db in
      guard try Bool.fetchOne(db, sql: "SELECT 1 FROM deal WHERE id = ?", arguments: [id]) == true else { return nil }
      let next =
        try Int.fetchOne(
          db, sql: "SELECT COALESCE(MAX(number), 0) + 1 FROM revision WHERE deal_id = ?", arguments: [id])
        ?? 1
      try Self.insert(revision, deal: id, number: next, createdAt: createdAt, db)
      return next
    }
    return number.map { StoredRevision(dealID: id, number: $0, createdAt: createdAt, content: revision) }
  }

  private static func insert(_ revision: NewRevision, deal: String, number: Int, createdAt: String, _ db: Database)
    throws
  {
    try db.execute(
      sql: """
        INSERT INTO revision (deal_id, number, created_at, deal_json, catalog_id, catalog_name,
          catalog_effective_date, catalog_source, catalog_json, plan_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        deal, number, createdAt, revision.deal, revision.catalog.id, revision.catalog.name,
        revision.catalog.effectiveDate, revision.catalog.source, revision.catalog.json, revision.plan,
      ])
  }

  public func revisions(of id: String) async throws -> [RevisionSummary]? {
    try await database.read { db in
      guard try Bool.fetchOne(db, sql: "SELECT 1 FROM deal WHERE id = ?", arguments: [id]) == true else { return nil }
      return try Row.fetchAll(
        db, sql: "SELECT number, created_at FROM revision WHERE deal_id = ? ORDER BY number", arguments: [id]
      ).map { RevisionSummary(revision: $0["number"], createdAt: $0["created_at"]) }
    }
  }

  public func revision(of id: String, number: Int?) async throws -> StoredRevision? {
    try await database.read { db in
      let row: Row?
      if let number {
        row = try Row.fetchOne(
          db, sql: "SELECT * FROM revision WHERE deal_id = ? AND number = ?", arguments: [id, number])
      } else {
        row = try Row.fetchOne(
          db, sql: "SELECT * FROM revision WHERE deal_id = ? ORDER BY number DESC LIMIT 1", arguments: [id])
      }
      return row.map { row in
        StoredRevision(
          dealID: row["deal_id"], number: row["number"], createdAt: row["created_at"],
          content: NewRevision(
            deal: row["deal_json"],
            catalog: FrozenCatalog(
              id: row["catalog_id"], name: row["catalog_name"], effectiveDate: row["catalog_effective_date"],
              source: row["catalog_source"], json: row["catalog_json"]),
            plan: row["plan_json"]))
      }
    }
  }

  public func secretHash(of id: String) async throws -> Data? {
    try await database.read { db in
      try Data.fetchOne(db, sql: "SELECT secret_hash FROM deal WHERE id = ?", arguments: [id])
    }
  }

  public func delete(_ id: String) async throws -> Bool {
    try await database.write { db in
      try db.execute(sql: "DELETE FROM deal WHERE id = ?", arguments: [id])
      return db.changesCount > 0
    }
  }

  public func checkReadable() async throws {
    _ = try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM deal") }
  }

  public func close() async throws {
    if let pool = database as? DatabasePool {
      try pool.close()
    } else if let queue = database as? DatabaseQueue {
      try queue.close()
    }
  }
}

extension SQLiteDealStore {
  /// SQLite's own check of the file (`PRAGMA integrity_check`): "ok" when sound.
  func integrityCheck() async throws -> String {
    try await database.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
  }
}
