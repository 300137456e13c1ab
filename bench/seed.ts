/**
 * Seeds a database file for a benchmarked emulator, then exits; the emulator is started on the file
 * afterwards, as it ships (compiled `dist/emulator/main.js`), so the server under load is exactly
 * the one users run.
 *
 *   tsx bench/seed.ts <db-path> <flows>
 *
 * The tutorial's dataflow (source connection, target connection, mapping set, flow) is created
 * through the emulator's own routes, in process (`app.request`), with every check a client's request
 * gets. The other flows (`flows - 1` of them, so the tenant holds `flows` in all) are copies of the
 * tutorial's flow written directly through the store's EntityRepository in one transaction: a
 * copy has its own id, etag, inlet, name and createdAt (one second apart), and every other one is
 * disabled, so `property=state==enabled` keeps half. Writing them through the API would take
 * seconds per run and measure nothing the POST /flows row does not.
 *
 * Prints one JSON line: the ids the benchmark rows use.
 */
import { createApp } from "../emulator/app.js";
import { loadFixtures } from "../emulator/fixtures/loader.js";
import type { Deps, Tenant } from "../emulator/platform/context.js";
import { newEtag } from "../emulator/platform/etag.js";
import { createIdSource } from "../emulator/platform/ids.js";
import { openStore } from "../emulator/store/db.js";
import { EntityRepository } from "../emulator/store/entities.js";
import {
  expressionMappingSetRequest,
  flowRequest,
  FS,
  mappingSetRequest,
  ORG,
  platformHeaders,
  READ_SANDBOX,
  sourceConnectionRequest,
  targetConnectionRequest,
  WRITE_SANDBOX,
} from "./lib/workload.js";

export interface Dataflow {
  sandbox: string;
  sourceId: string;
  targetId: string;
  mappingId: string;
  expressionMappingId: string;
  flowId: string;
  inletId: string;
}

export interface Seeded {
  read: Dataflow;
  write: Dataflow;
  /** Enabled copies of the tutorial flow, one for each connection of the PATCH row, with their etags. */
  patchFlows: { id: string; etag: string }[];
  flows: number;
  seedMs: number;
}

const PATCH_FLOWS = 16;

async function main(): Promise<void> {
  const [dbPath, flowsArg = "1"] = process.argv.slice(2);
  if (dbPath === undefined) throw new Error("usage: tsx bench/seed.ts <db-path> <flows>");
  const started = performance.now();
  const store = openStore(dbPath);
  const ids = createIdSource();
  const deps: Deps = { store, ids, now: Date.now, inletBaseUrl: () => "http://localhost" };
  loadFixtures(deps, ["customerio"]);
  const app = createApp(deps);

  const call = async (sandbox: string, method: string, path: string, body?: unknown) => {
    const response = await app.request(path, {
      method,
      headers: platformHeaders(sandbox, body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as any;
  };

  const dataflow = async (sandbox: string): Promise<Dataflow & { doc: Record<string, unknown> }> => {
    const source = await call(sandbox, "POST", `${FS}/sourceConnections`, sourceConnectionRequest);
    const target = await call(sandbox, "POST", `${FS}/targetConnections`, targetConnectionRequest);
    const mapping = await call(sandbox, "POST", "/data/foundation/conversion/mappingSets", mappingSetRequest);
    const expressions = await call(sandbox, "POST", "/data/foundation/conversion/mappingSets", expressionMappingSetRequest);
    const created = await call(sandbox, "POST", `${FS}/flows`, flowRequest(source.id, target.id, mapping.id));
    const doc = (await call(sandbox, "GET", `${FS}/flows/${created.id}`)).items[0] as Record<string, unknown>;
    const inletUrl = (doc.options as { inletUrl: string }).inletUrl;
    return {
      sandbox,
      sourceId: source.id,
      targetId: target.id,
      mappingId: mapping.id,
      expressionMappingId: expressions.id,
      flowId: created.id,
      inletId: inletUrl.slice(-64),
      doc,
    };
  };

  const { doc, ...read } = await dataflow(READ_SANDBOX);
  const { doc: _unused, ...write } = await dataflow(WRITE_SANDBOX);

  const total = Number(flowsArg);
  const tenant: Tenant = { imsOrgId: ORG, sandboxName: READ_SANDBOX };
  const entities = new EntityRepository(store.db);
  const patchFlows: { id: string; etag: string }[] = [];
  const newest = Number(doc.createdAt) - 1000;
  store.transaction(() => {
    for (let index = 1; index < total; index++) {
      const id = ids.resourceUuid();
      const createdAt = newest - (index - 1) * 1000;
      const etag = newEtag(ids, createdAt);
      const enabled = index % 2 === 1;
      entities.insert(tenant, "flows", id, {
        ...doc,
        id,
        name: `Streaming Dataflow for Customer.io ${index}`,
        createdAt,
        updatedAt: createdAt,
        state: enabled ? "enabled" : "disabled",
        etag,
        version: etag,
        options: { inletUrl: `http://localhost/collection/${ids.resourceHex(64)}` },
        runs: `/runs?property=flowId==${id}`,
        providerRefId: ids.uuid(),
      });
      if (enabled && patchFlows.length < PATCH_FLOWS) patchFlows.push({ id, etag });
    }
  });
  store.db.pragma("wal_checkpoint(TRUNCATE)");
  store.close();
  const seeded: Seeded = { read, write, patchFlows, flows: total, seedMs: Math.round(performance.now() - started) };
  console.log(JSON.stringify(seeded));
}

await main();
