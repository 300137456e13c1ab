import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { stringify as toYaml } from "yaml";
import { ConfigError, loadConfig } from "../../emulator/config.js";
import { loadFixtures, readFixtureSet } from "../../emulator/fixtures/loader.js";
import { FixtureError } from "../../emulator/fixtures/registry.js";
import { createTestEmulator, ORG, OTHER_ORG, type TestEmulator } from "../support/app.js";
import { accept, CATALOG, CIO_DATASET, CIO_SCHEMA, encoded, PROFILE, SR, XED, XED_ID } from "../support/registry.js";

let emulator: TestEmulator;
afterEach(() => emulator.close());

const ACME_SCHEMA = "https://ns.adobe.com/acme/schemas/0a0b0c0d0e0f";
const ACME_FIELD_GROUP = "https://ns.adobe.com/acme/mixins/0a0b0c0d0e0f";
const ACME_DATASET = "0123456789abcdef01234567";

const acmeSet = (overrides: Record<string, unknown> = {}) => ({
  name: "acme",
  tenantId: "acme",
  fieldGroups: [
    {
      $id: ACME_FIELD_GROUP,
      type: "object",
      title: "Acme fields",
      "meta:intendedToExtend": [PROFILE],
      definitions: { acme: { properties: { _acme: { type: "object", properties: { tier: { type: "string" } } } } } },
    },
  ],
  schemas: [{ $id: ACME_SCHEMA, type: "object", title: "Acme customers", description: "Acme.", allOf: [{ $ref: PROFILE }, { $ref: ACME_FIELD_GROUP }] }],
  dataSets: [{ id: ACME_DATASET, name: "Acme customers", schemaRef: { id: ACME_SCHEMA, contentType: XED } }],
  ...overrides,
});

async function seed(set: unknown) {
  return emulator.request("POST", "/_emulator/seed", { body: set });
}

async function dataSetNames(options = {}): Promise<string[]> {
  const response = await emulator.request("GET", `${CATALOG}/dataSets?orderBy=asc:name&properties=name`, options);
  expect(response.status, response.text).toBe(200);
  return Object.values(response.body).map((doc: any) => doc.name);
}

async function schemaTitles(options = {}): Promise<string[]> {
  const response = await emulator.request("GET", `${SR}/tenant/schemas?orderby=title`, accept(XED_ID, options));
  expect(response.status, response.text).toBe(200);
  return response.body.results.map((item: { title: string }) => item.title);
}

function expectControlError(response: { status: number; text: string; body: any }, detail: RegExp): void {
  expect(response.status, response.text).toBe(400);
  expect(response.body).toMatchObject({ type: "/placeholder/type/uri", status: 400, title: "BadRequestError" });
  expect(response.body.detail).toMatch(detail);
}

describe("the Customer.io fixture", () => {
  it("gives every org and sandbox its own copy of the tutorial's schema and dataset", async () => {
    emulator = createTestEmulator();
    for (const options of [{}, { org: OTHER_ORG }, { org: "Any@AdobeOrg", sandbox: "dev" }]) {
      const dataSet = await emulator.request("GET", `${CATALOG}/dataSets/${CIO_DATASET}`, options);
      expect(dataSet.status, dataSet.text).toBe(200);
      expect(dataSet.body[CIO_DATASET].schemaRef.id).toBe(CIO_SCHEMA);
      expect(dataSet.body[CIO_DATASET].imsOrg).toBe((options as { org?: string }).org ?? ORG);
      const schema = await emulator.request("GET", `${SR}/tenant/schemas/${encoded(CIO_SCHEMA)}`, accept(XED, options));
      expect(schema.status, schema.text).toBe(200);
    }
  });

  it("is copied once: repeated requests leave one schema and one dataset", async () => {
    emulator = createTestEmulator();
    await emulator.request("GET", `${SR}/stats`);
    await emulator.request("GET", `${SR}/stats`);
    expect(await schemaTitles()).toEqual(["Customer.io webhook events"]);
    expect(await dataSetNames()).toEqual(["Customer.io webhook events"]);
  });

  it("loads again without duplicates when registered twice", async () => {
    emulator = createTestEmulator({ fixtures: ["customerio", "customerio"] });
    expect(await dataSetNames()).toEqual(["Customer.io webhook events"]);
    const sets = await emulator.request("GET", "/_emulator/seed");
    expect(sets.body.fixtureSets.map((set: { name: string }) => set.name)).toEqual(["customerio"]);
  });

  it("is absent with fixtures: []", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    expect(await dataSetNames()).toEqual([]);
  });
});

describe("POST /_emulator/seed", () => {
  it("registers a global set (201), which every tenant then receives", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    const response = await seed(acmeSet());
    expect(response.status, response.text).toBe(201);
    expect(response.body).toEqual({
      name: "acme",
      scope: "global",
      revision: expect.stringMatching(/^[0-9a-f]{64}$/),
      status: "created",
      tenantId: "acme",
      loaded: { fieldGroups: [ACME_FIELD_GROUP], schemas: [ACME_SCHEMA], dataSets: [ACME_DATASET] },
    });
    expect(await dataSetNames()).toEqual(["Acme customers"]);
    expect(await schemaTitles({ org: OTHER_ORG, sandbox: "dev" })).toEqual(["Acme customers"]);
    const stats = await emulator.request("GET", `${SR}/stats`, { org: OTHER_ORG });
    expect(stats.body.tenantId).toBe("acme");
    // Validation ran against a scratch tenant inside a transaction that was rolled back.
    const orgs = emulator.store.db.prepare("SELECT DISTINCT org FROM entities ORDER BY org").all() as { org: string }[];
    expect(orgs.map((row) => row.org)).toEqual([ORG, OTHER_ORG].sort());
  });

  it("is idempotent: the same set again answers 200 unchanged and writes no duplicate", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    await seed(acmeSet());
    await dataSetNames();
    const again = await seed(acmeSet());
    expect(again.status, again.text).toBe(200);
    expect(again.body.status).toBe("unchanged");
    expect(await dataSetNames()).toEqual(["Acme customers"]);
    expect(await schemaTitles()).toEqual(["Acme customers"]);
  });

  it("a new revision of a set replaces the copies tenants already have", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    await seed(acmeSet());
    expect(await dataSetNames()).toEqual(["Acme customers"]);
    const renamed = acmeSet({ dataSets: [{ id: ACME_DATASET, name: "Acme renamed", schemaRef: { id: ACME_SCHEMA } }] });
    const response = await seed(renamed);
    expect(response.status, response.text).toBe(201);
    expect(response.body.status).toBe("updated");
    expect(await dataSetNames()).toEqual(["Acme renamed"]);
  });

  it("writes a set that names its org and sandbox into that tenant only", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    const response = await seed(acmeSet({ name: "acme-dev", org: OTHER_ORG, sandbox: "dev" }));
    expect(response.status, response.text).toBe(201);
    expect(response.body.scope).toEqual({ imsOrgId: OTHER_ORG, sandboxName: "dev" });
    expect(await dataSetNames({ org: OTHER_ORG, sandbox: "dev" })).toEqual(["Acme customers"]);
    expect(await dataSetNames({ org: OTHER_ORG })).toEqual([]);
    expect(await dataSetNames()).toEqual([]);
    const stats = await emulator.request("GET", `${SR}/stats`, { org: OTHER_ORG });
    expect(stats.body.tenantId).toBe("acme");
    const otherStats = await emulator.request("GET", `${SR}/stats`);
    expect(otherStats.body.tenantId).toBe("0123456789abcdef01234567");
  });

  it("registers a list in order: a tenant receives a global set of the list before the tenant's next set, whatever the list's length", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    const named = (name: string) => [{ id: ACME_DATASET, name, schemaRef: { id: ACME_SCHEMA, contentType: XED } }];
    const empties = Array.from({ length: 2000 }, (_, index) => ({ name: `empty-${index}`, org: OTHER_ORG }));
    const list = [
      acmeSet({ name: "first", org: OTHER_ORG, dataSets: named("From the tenant's first set") }),
      ...empties,
      acmeSet({ name: "global", dataSets: named("From the global set") }),
      acmeSet({ name: "last", org: OTHER_ORG, dataSets: named("From the tenant's last set") }),
      { name: "names-a-tenant-id", org: OTHER_ORG, tenantId: "lastid" },
      ...empties.map((set) => ({ ...set, name: `${set.name}-again` })),
    ];
    const response = await seed(list);
    expect(response.status, response.text.slice(0, 300)).toBe(201);
    expect(response.body.fixtureSets).toHaveLength(list.length);
    expect(await dataSetNames({ org: OTHER_ORG })).toEqual(["From the tenant's last set"]);
    expect(await dataSetNames()).toEqual(["From the global set"]);
    // The tenant id: the latest set naming the org gives it; other orgs take the first global one.
    expect((await emulator.request("GET", `${SR}/stats`, { org: OTHER_ORG })).body.tenantId).toBe("lastid");
    expect((await emulator.request("GET", `${SR}/stats`)).body.tenantId).toBe("acme");
  });

  it("names an unnamed set after its content, so posting it twice is still idempotent", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    const { name: _name, ...unnamed } = acmeSet();
    const first = await seed(unnamed);
    const second = await seed(unnamed);
    expect(first.body.name).toMatch(/^seed-[0-9a-f]{12}$/);
    expect(second.body).toEqual({ ...first.body, status: "unchanged" });
  });

  it.each([
    ["an unknown key", { ...acmeSet(), flowz: [] }, /flowz/],
    ["a sandbox without org", acmeSet({ sandbox: "dev" }), /sandbox: a sandbox needs an org/],
    ["schemas without tenantId", acmeSet({ tenantId: undefined }), /tenantId/],
    ["the tenantId xdm, a namespace of Adobe's global library", { ...acmeSet(), schemas: [], fieldGroups: [], dataSets: [], tenantId: "xdm" }, /tenantId: must not be xdm or experience/],
    ["a $id outside the tenant", acmeSet({ schemas: [{ ...acmeSet().schemas[0], $id: "https://ns.adobe.com/other/schemas/01" }] }), /schemas\.0\.\$id/],
    ["a dataset id that is not 24 hex", acmeSet({ dataSets: [{ id: "abc", name: "x", schemaRef: { id: ACME_SCHEMA } }] }), /dataSets\.0\.id/],
    ["a schema without a class", acmeSet({ schemas: [{ ...acmeSet().schemas[0], allOf: [{ $ref: ACME_FIELD_GROUP }] }] }), /exactly one class/],
    ["a dataset whose schema is missing", acmeSet({ dataSets: [{ id: ACME_DATASET, name: "x", schemaRef: { id: "https://ns.adobe.com/acme/schemas/ff" } }] }), /not found/],
    ["two schemas with one title", acmeSet({ schemas: [acmeSet().schemas[0], { ...acmeSet().schemas[0], $id: "https://ns.adobe.com/acme/schemas/ff" }] }), /titles must be unique/],
  ])("refuses %s with 400 and writes nothing", async (_case, set, detail) => {
    emulator = createTestEmulator({ fixtures: [] });
    expectControlError(await seed(set), detail);
    const sets = await emulator.request("GET", "/_emulator/seed");
    expect(sets.body.fixtureSets).toEqual([]);
    expect(await dataSetNames()).toEqual([]);
    expect(await schemaTitles()).toEqual([]);
  });

  it("refuses a field group outside the set's tenant namespace", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    const group = acmeSet().fieldGroups[0];
    const stray = { ...group, definitions: { acme: { properties: { _other: { type: "object", properties: {} } } } } };
    expectControlError(await seed(acmeSet({ fieldGroups: [stray] })), /top-level field named _acme/);
  });
});

describe("reset and fixtures", () => {
  it("reset forgets the copies and user data; the next request restores the fixtures", async () => {
    emulator = createTestEmulator();
    const deleted = await emulator.request("DELETE", `${CATALOG}/dataSets/${CIO_DATASET}`);
    expect(deleted.status, deleted.text).toBe(200);
    await emulator.request("POST", `${SR}/tenant/schemas`, {
      body: { type: "object", title: "Mine", description: "d", allOf: [{ $ref: PROFILE }] },
    });
    expect(await dataSetNames()).toEqual([]);

    const reset = await emulator.request("POST", "/_emulator/reset");
    expect(reset.status, reset.text).toBe(200);
    expect(await dataSetNames()).toEqual(["Customer.io webhook events"]);
    expect(await schemaTitles()).toEqual(["Customer.io webhook events"]);
  });

  it("a reset of one tenant re-seeds that tenant only", async () => {
    emulator = createTestEmulator();
    await emulator.request("DELETE", `${CATALOG}/dataSets/${CIO_DATASET}`);
    await emulator.request("DELETE", `${CATALOG}/dataSets/${CIO_DATASET}`, { org: OTHER_ORG });
    await emulator.request("POST", `/_emulator/reset?org=${encodeURIComponent(ORG)}`);
    expect(await dataSetNames()).toEqual(["Customer.io webhook events"]);
    expect(await dataSetNames({ org: OTHER_ORG })).toEqual([]);
  });
});

describe("fixture files and settings", () => {
  const folder = mkdtempSync(join(tmpdir(), "aep-fixtures-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("loads a YAML file through the same registration, named after the file", () => {
    emulator = createTestEmulator({ fixtures: [] });
    const { name: _name, ...set } = acmeSet();
    const path = join(folder, "acme-set.yaml");
    writeFileSync(path, toYaml(set));
    const [loaded] = loadFixtures(emulator.deps, [path]);
    expect(loaded).toMatchObject({ name: "acme-set", status: "created", scope: "global" });
  });

  it("reads the built-in customerio set from fixtures/customerio", () => {
    const { set, defaultName } = readFixtureSet("customerio");
    expect(defaultName).toBe("customerio");
    expect(set).toMatchObject({ name: "customerio", tenantId: "extconndev" });
    expect(set.schemas?.[0].$id).toBe(CIO_SCHEMA);
    expect(set.dataSets?.[0].id).toBe(CIO_DATASET);
  });

  it("fails with FixtureError for a missing file, bad JSON, YAML nested deeper than 256 levels and an invalid set", () => {
    emulator = createTestEmulator({ fixtures: [] });
    expect(() => loadFixtures(emulator.deps, [join(folder, "none.json")])).toThrow(/neither a built-in fixture set nor a file/);
    const broken = join(folder, "broken.json");
    writeFileSync(broken, "{");
    expect(() => loadFixtures(emulator.deps, [broken])).toThrow(FixtureError);
    const deep = join(folder, "deep.yaml");
    writeFileSync(deep, `name: deep\nextra: ${"[".repeat(2000)}${"]".repeat(2000)}\n`);
    expect(() => loadFixtures(emulator.deps, [deep])).toThrow(FixtureError);
    expect(() => loadFixtures(emulator.deps, [deep])).toThrow(/deep\.yaml is not valid JSON or YAML: nested more than 256 levels deep/);
    const invalid = join(folder, "invalid.json");
    writeFileSync(invalid, JSON.stringify({ schemas: "no" }));
    expect(() => loadFixtures(emulator.deps, [invalid])).toThrow(/schemas: /);
    // A folder where a file was expected: a FixtureError (exit 2 at start-up), not a raw EISDIR.
    const folderAsFile = join(folder, "a-folder.json");
    mkdirSync(folderAsFile, { recursive: true });
    expect(() => loadFixtures(emulator.deps, [folderAsFile])).toThrow(FixtureError);
    expect(() => loadFixtures(emulator.deps, [folderAsFile])).toThrow(/a-folder\.json cannot be read: EISDIR/);
  });

  it("loads an export of every tenant (a list of sets) from a FIXTURES file, as POST /_emulator/seed does", async () => {
    emulator = createTestEmulator({ fixtures: [] });
    expect((await seed(acmeSet({ name: "acme-prod", org: ORG }))).status).toBe(201);
    expect((await seed(acmeSet({ name: "acme-other", org: OTHER_ORG, sandbox: "dev", dataSets: [{ id: ACME_DATASET, name: "Other's", schemaRef: { id: ACME_SCHEMA, contentType: XED } }] }))).status).toBe(201);
    const exported = await emulator.request("GET", "/_emulator/export");
    expect(Array.isArray(exported.body)).toBe(true);
    const path = join(folder, "every-tenant.json");
    writeFileSync(path, JSON.stringify(exported.body));
    emulator.close();

    emulator = createTestEmulator({ fixtures: [] });
    const loaded = loadFixtures(emulator.deps, [path]);
    expect(loaded).toHaveLength(exported.body.length);
    expect(await dataSetNames()).toEqual(["Acme customers"]);
    expect(await dataSetNames({ org: OTHER_ORG, sandbox: "dev" })).toEqual(["Other's"]);
  });

  it("reads FIXTURES (comma-separated) and DEFAULT_TENANT_ID, and refuses a bad tenant id", () => {
    const config = loadConfig({ FIXTURES: "customerio, ./more.json", DEFAULT_TENANT_ID: "acme_1" });
    expect(config.fixtures).toEqual(["customerio", "./more.json"]);
    expect(config.defaultTenantId).toBe("acme_1");
    expect(() => loadConfig({ DEFAULT_TENANT_ID: "Acme.Corp" })).toThrow(ConfigError);
    // Adobe's global namespaces: a tenant of that name would have its schemas read as Adobe's standard ones.
    for (const reserved of ["xdm", "experience"]) {
      expect(() => loadConfig({ DEFAULT_TENANT_ID: reserved })).toThrow(/DEFAULT_TENANT_ID.*must not be xdm or experience/s);
    }
    expect(loadConfig({ DEFAULT_TENANT_ID: "xdm_acme" }).defaultTenantId).toBe("xdm_acme");
  });
});
