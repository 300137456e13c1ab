import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../emulator/store/db.js";
import { MIGRATIONS } from "../../emulator/store/migrations.js";
import { createTestEmulator, ORG, OTHER_ORG, type TestEmulator } from "../support/app.js";
import { createCustomerioFlow, FS, getItem } from "../support/flowservice.js";
import { createHttpApiInlet, goodEntity, post, xdmMessage } from "../support/inlet.js";

const folders: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Writes what `source` holds into a new database file at the schema of the first `version` migrations, as an older emulator would have. */
function olderDatabase(source: TestEmulator, version: number): string {
  const folder = mkdtempSync(join(tmpdir(), "aep-migrations-"));
  folders.push(folder);
  const path = join(folder, "emulator.sqlite");
  const older = new Database(path);
  for (const migration of MIGRATIONS.slice(0, version)) older.exec(migration);
  older.pragma(`user_version = ${version}`);
  const copy = (table: string, columns: string[]) => {
    const rows = source.store.db.prepare(`SELECT ${columns.join(", ")} FROM ${table} ORDER BY rowid`).raw().all() as unknown[][];
    const insert = older.prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
    for (const row of rows) insert.run(...row);
  };
  copy("entities", ["seq", "kind", "org", "sandbox", "id", "doc"]);
  copy("fixture_sets", ["seq", "name", "org", "sandbox", "revision", "doc"]);
  copy("fixture_copies", ["org", "sandbox", "name", "revision"]);
  older.close();
  return path;
}

describe("a database written before the indexed values had columns of their own (schema 5)", () => {
  it("is migrated on open: lists filter and sort by state and createdAt, inlets are found, updates keep the columns current", async () => {
    const before = createTestEmulator();
    const first = await createCustomerioFlow(before);
    const second = await createCustomerioFlow(before);
    const third = await createCustomerioFlow(before);
    expect((await before.request("POST", `${FS}/flows/${second.flow.id}/action?op=disable`)).status).toBe(200);
    const httpApi = await createHttpApiInlet(before);
    const webhook = await getItem(before, "flows", first.flow.id);
    const path = olderDatabase(before, 5);
    before.close();

    const store = openStore(path);
    stores.push(store);
    const emulator = createTestEmulator({ store });
    const ids = async (query: string) => {
      const response = await emulator.request("GET", `${FS}/flows?${query}`);
      expect(response.status, response.text).toBe(200);
      return response.body.items.map((item: { id: string }) => item.id);
    };
    expect(await ids("property=state==enabled&orderby=-createdAt")).toEqual([httpApi.flow.id, third.flow.id, first.flow.id]);
    expect(await ids("property=state==disabled")).toEqual([second.flow.id]);
    expect(await ids("orderby=createdAt&limit=2")).toEqual([first.flow.id, second.flow.id]);
    expect(await ids(`property=createdAt>${webhook.createdAt}&orderby=createdAt`)).toEqual([second.flow.id, third.flow.id, httpApi.flow.id]);

    const inletId = (webhook.options.inletUrl as string).split("/").pop() as string;
    const event = { event_id: "e1", object_type: "customer", metric: "subscribed", timestamp: 1700000000, data: { identifiers: { id: "1" } } };
    const webhookAnswer = await post(emulator, `/collection/${inletId}?x-adobe-flow-id=${first.flow.id}`, event);
    expect(webhookAnswer.status, webhookAnswer.text).toBe(200);
    const xdm = await post(emulator, `/collection/${httpApi.inletId}`, xdmMessage(goodEntity(), { flowId: httpApi.flow.id }));
    expect(xdm.status, xdm.text).toBe(200);

    // A change of state rewrites the columns; a change that keeps them rewrites the document only.
    expect((await emulator.request("POST", `${FS}/flows/${second.flow.id}/action?op=enable`)).status).toBe(200);
    expect((await emulator.request("POST", `${FS}/flows/${third.flow.id}/action?op=disable`)).status).toBe(200);
    const renamed = await emulator.request("PATCH", `${FS}/flows/${first.flow.id}`, {
      headers: { "If-Match": (await getItem(emulator, "flows", first.flow.id)).etag },
      body: [{ op: "replace", path: "/name", value: "renamed" }],
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(await ids("property=state==enabled&orderby=-createdAt")).toEqual([httpApi.flow.id, second.flow.id, first.flow.id]);
    expect(await ids("property=state==disabled")).toEqual([third.flow.id]);
    expect((await getItem(emulator, "flows", first.flow.id)).name).toBe("renamed");
  });
});

describe("a database written before fixture sets kept their tenantId in a column (schema 6)", () => {
  it("is migrated on open: the Schema Registry still answers the tenant id a registered set gives its org", async () => {
    const before = createTestEmulator();
    const seeded = await before.app.request("/_emulator/seed", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: "acme", org: OTHER_ORG, tenantId: "acme" }),
    });
    expect(seeded.status).toBe(201);
    const path = olderDatabase(before, 6);
    before.close();

    const store = openStore(path);
    stores.push(store);
    const emulator = createTestEmulator({ store, fixtures: [] });
    const stats = async (org: string) => (await emulator.request("GET", "/data/foundation/schemaregistry/stats", { org })).body.tenantId;
    expect(await stats(OTHER_ORG)).toBe("acme");
    expect(await stats(ORG)).toBe("extconndev");
  });
});
