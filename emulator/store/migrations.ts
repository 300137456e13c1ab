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
  // The streaming inlet finds who owns an inlet id through this index: a webhook flow's
  // options.inletUrl ends with it, an HTTP API connection carries it in auth.params.inletId.
  // Records are what the inlet wrote to a dataset, ingested or failed.
  `ALTER TABLE entities ADD COLUMN inlet_id TEXT GENERATED ALWAYS AS (
     CASE kind
       WHEN 'flows' THEN substr(json_extract(doc, '$.options.inletUrl'), -64)
       WHEN 'connections' THEN json_extract(doc, '$.auth.params.inletId')
     END) VIRTUAL;
   CREATE INDEX entities_by_inlet ON entities (inlet_id) WHERE inlet_id IS NOT NULL;
   CREATE TABLE records (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     org TEXT NOT NULL,
     sandbox TEXT NOT NULL,
     dataset_id TEXT NOT NULL,
     flow_id TEXT NOT NULL,
     inlet_id TEXT NOT NULL,
     xaction_id TEXT NOT NULL,
     received_ms INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('ingested', 'failed')),
     record TEXT,
     raw TEXT NOT NULL,
     errors TEXT
   );
   CREATE INDEX records_by_dataset ON records (org, sandbox, dataset_id, seq);`,
  // Lists sorted by creation time (orderby=-createdAt, the usual order) walk this index instead of
  // sorting every document of the kind; the expression must stay exactly the one orderSql writes.
  `CREATE INDEX entities_by_created ON entities (org, sandbox, kind, json_extract(doc, '$."createdAt"'));`,
  // The usual filtered list (property=state==enabled&orderby=-createdAt) reads its page from this
  // index instead of parsing every document it skips; the expressions must stay exactly the ones
  // filterSql and orderSql write.
  `CREATE INDEX entities_by_state ON entities (org, sandbox, kind, json_extract(doc, '$."state"'), json_extract(doc, '$."createdAt"'));`,
  // The indexed values of a document become columns of their own, written with it (the values
  // json_extract gives, computed by SQLite from the document; store/entities.ts keeps them): an
  // UPDATE that leaves them as they were then rewrites only the row, not the three indexes built on
  // expressions over `doc`, which SQLite recomputed and rewrote on every change of the document.
  `DROP INDEX entities_by_created;
   DROP INDEX entities_by_state;
   DROP INDEX entities_by_inlet;
   ALTER TABLE entities DROP COLUMN inlet_id;
   ALTER TABLE entities ADD COLUMN inlet_id TEXT;
   ALTER TABLE entities ADD COLUMN created_at;
   ALTER TABLE entities ADD COLUMN state;
   UPDATE entities SET
     created_at = json_extract(doc, '$."createdAt"'),
     state = json_extract(doc, '$."state"'),
     inlet_id = CASE kind
       WHEN 'flows' THEN substr(json_extract(doc, '$.options.inletUrl'), -64)
       WHEN 'connections' THEN json_extract(doc, '$.auth.params.inletId')
     END;
   CREATE INDEX entities_by_created ON entities (org, sandbox, kind, created_at);
   CREATE INDEX entities_by_state ON entities (org, sandbox, kind, state, created_at);
   CREATE INDEX entities_by_inlet ON entities (inlet_id) WHERE inlet_id IS NOT NULL;`,
  // A fixture set's tenantId becomes a column of its own, written with it: the Schema Registry asks
  // for the org's on every request, and json_extract read every set of the org whole to answer it
  // (an export with 10,000 records, 8 MB, made each request 18 ms slower).
  `ALTER TABLE fixture_sets ADD COLUMN tenant_id TEXT;
   UPDATE fixture_sets SET tenant_id = json_extract(doc, '$.tenantId');`,
];

export const TENANT_TABLES: ReadonlyArray<string> = ["entities", "fixture_copies", "records"];
