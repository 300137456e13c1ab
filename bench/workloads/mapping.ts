/**
 * The mapping engine alone, in process: the mapping set versions the inlet would use, compiled by
 * Data Prep exactly as the inlet gets them (compiledMappingSet, with the output schema's field
 * types), applied to the Customer.io fixture events in a loop. No HTTP, no validation, no writes.
 *
 *   tsx bench/workloads/mapping.ts <milliseconds>
 *
 * Prints {"tutorial": records/s, "expressions": records/s, "errors": {...}}: the tutorial's mapping
 * set (6 ATTRIBUTE mappings) and an expression-heavy one (6 EXPRESSION mappings: string, logic and
 * date functions; see workload.ts).
 */
import { createApp } from "../../emulator/app.js";
import { compiledMappingSet } from "../../emulator/dataprep/compiled.js";
import type { CompiledMappingSet } from "../../emulator/dataprep/mapping/index.js";
import { loadFixtures } from "../../emulator/fixtures/loader.js";
import type { Deps, Tenant } from "../../emulator/platform/context.js";
import { createIdSource } from "../../emulator/platform/ids.js";
import { openStore } from "../../emulator/store/db.js";
import { EntityRepository } from "../../emulator/store/entities.js";
import { eventAt, expressionMappingSetRequest, mappingSetRequest, ORG, platformHeaders, READ_SANDBOX } from "../lib/workload.js";

const budget = Number(process.argv[2] ?? "2000");
const store = openStore(":memory:");
const deps: Deps = { store, ids: createIdSource(), now: Date.now, inletBaseUrl: () => "http://localhost" };
loadFixtures(deps, ["customerio"]);
const app = createApp(deps);
const tenant: Tenant = { imsOrgId: ORG, sandboxName: READ_SANDBOX };

async function mapper(body: unknown): Promise<CompiledMappingSet> {
  const response = await app.request("/data/foundation/conversion/mappingSets", {
    method: "POST",
    headers: platformHeaders(READ_SANDBOX, true),
    body: JSON.stringify(body),
  });
  const created = (await response.json()) as { id: string };
  if (response.status !== 200) throw new Error(`mapping set: ${response.status} ${JSON.stringify(created)}`);
  const compiled = compiledMappingSet(new EntityRepository(store.db), tenant, created.id, 0);
  if (compiled === undefined) throw new Error("the mapping set did not compile");
  return compiled;
}

const inputs = Array.from({ length: 1000 }, (_, index) => eventAt(index));

/** Records per second over `ms` of mapping, after a warm-up; counts records with mapping errors. */
function measure(compiled: CompiledMappingSet, ms: number): { perSecond: number; errors: number } {
  let errors = 0;
  let fields = 0;
  const run = (count: number) => {
    for (let index = 0; index < count; index++) {
      const result = compiled.map(inputs[index % inputs.length]);
      if (result.errors.length > 0) errors++;
      fields += Object.keys(result.data).length;
    }
  };
  run(50_000);
  errors = 0;
  let records = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    run(10_000);
    records += 10_000;
    elapsed = performance.now() - started;
  }
  if (fields === 0) throw new Error("the mapping produced nothing");
  return { perSecond: (records / elapsed) * 1000, errors };
}

const tutorial = measure(await mapper(mappingSetRequest), budget);
const expressions = measure(await mapper(expressionMappingSetRequest), budget);
store.close();
console.log(
  JSON.stringify({
    tutorial: tutorial.perSecond,
    expressions: expressions.perSecond,
    errors: { tutorial: tutorial.errors, expressions: expressions.errors },
  }),
);
