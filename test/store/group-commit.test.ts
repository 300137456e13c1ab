import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../emulator/store/db.js";

const count = (store: Store) => (store.db.prepare("SELECT count(*) AS n FROM fixture_copies").get() as { n: number }).n;

describe("store: group commit", () => {
  let store: Store;
  let n = 0;
  beforeEach(() => {
    store = openStore(":memory:");
  });
  afterEach(() => store.close());

  const write = () => store.db.prepare("INSERT INTO fixture_copies (org, sandbox, name, revision) VALUES ('o', 's', ?, 'r')").run(`set-${++n}`).changes;

  it("commits the writes of one turn together and resolves each with its result", async () => {
    const results = await Promise.all([store.grouped(write), store.grouped(write), store.grouped(() => "third")]);
    expect(results).toEqual([1, 1, "third"]);
    expect(store.db.inTransaction).toBe(false);
    expect(count(store)).toBe(2);
  });

  it("rolls back and rejects a failing work alone", async () => {
    const failing = store.grouped(() => {
      write();
      throw new Error("refused");
    });
    const results = await Promise.allSettled([store.grouped(write), failing, store.grouped(write)]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(count(store)).toBe(2);
  });

  it("rejects every work of the group when the group cannot commit", async () => {
    let fail = true;
    store.beforeGroupCommit(() => {
      if (fail) throw new Error("disk full");
    });
    const results = await Promise.allSettled([store.grouped(write), store.grouped(write)]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect(count(store)).toBe(0);
    fail = false;
    await store.grouped(write);
    expect(count(store)).toBe(1);
  });

  it("counts every row changed, for caches that watch for writes", () => {
    const before = store.changes();
    write();
    store.reset();
    expect(store.changes()).toBe(before + 2);
  });
});

describe("store: closing with grouped writes waiting", () => {
  it("commits them first", async () => {
    const dir = mkdtempSync(join(tmpdir(), "group-commit-"));
    try {
      const path = join(dir, "emulator.sqlite");
      const store = openStore(path);
      const waiting = store.grouped(() => store.db.prepare("INSERT INTO fixture_copies (org, sandbox, name, revision) VALUES ('o', 's', 'n', 'r')").run().changes);
      store.close();
      await expect(waiting).resolves.toBe(1);
      const reopened = openStore(path);
      expect(count(reopened)).toBe(1);
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("store: a transaction while grouped writes wait", () => {
  it("commits the grouped writes first", async () => {
    const store = openStore(":memory:");
    const waiting = store.grouped(() => store.db.prepare("INSERT INTO fixture_copies (org, sandbox, name, revision) VALUES ('o', 's', 'n', 'r')").run().changes);
    const seen = store.transaction(() => count(store));
    expect(seen).toBe(1);
    await expect(waiting).resolves.toBe(1);
    store.reset();
    const afterReset = store.grouped(() => store.db.prepare("INSERT INTO fixture_copies (org, sandbox, name, revision) VALUES ('o', 's', 'm', 'r')").run().changes);
    store.reset();
    await afterReset;
    expect(count(store)).toBe(0);
    store.close();
  });
});
