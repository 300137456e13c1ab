/**
 * Schema migrations, applied in order and recorded in PRAGMA user_version. Append new entries;
 * never edit one that has shipped. Every table that holds tenant data has `org` and `sandbox`
 * columns and is listed in TENANT_TABLES so that reset can empty it.
 */
export const MIGRATIONS: ReadonlyArray<string> = [
  `CREATE TABLE entities (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     kind TEXT NOT NULL,
     org TEXT NOT NULL,
     sandbox TEXT NOT NULL,
     id TEXT NOT NULL,
     doc TEXT NOT NULL,
     UNIQUE (org, sandbox, kind, id)
   );
   CREATE INDEX entities_by_tenant_kind ON entities (org, sandbox, kind, seq);`,
  // Fixture sets are configuration, not tenant data: a reset keeps them. fixture_copies records
  // which revision of each set a tenant has received; a reset empties it, so the tenant is seeded
  // again on its next request.
  `CREATE TABLE fixture_sets (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     name TEXT NOT NULL UNIQUE,
     org TEXT,
     sandbox TEXT,
     revision TEXT NOT NULL,
     doc TEXT NOT NULL
   );
   CREATE TABLE fixture_copies (
     org TEXT NOT NULL,
     sandbox TEXT NOT NULL,
     name TEXT NOT NULL,
     revision TEXT NOT NULL,
     PRIMARY KEY (org, sandbox, name)
   );`,
];

export const TENANT_TABLES: ReadonlyArray<string> = ["entities", "fixture_copies"];
