import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ROOT, startEmulator, type RunningEmulator } from "../support/process.js";

/**
 * The Inspector (/_emulator/ui) in a real browser: Debian's Chromium driven by playwright-core,
 * against the real emulator (in memory, no FIXTURES: the demo seeds the built-in customerio set
 * itself). One browser for the file; the tests run in order and build on each other (the demo
 * dataflow of the first is used by the next ones). Any console error or uncaught exception in the
 * page fails the test it happened in, but for a refusal a test provokes and takes out
 * (takeRefusals). Each page is screenshotted into test-artifacts/ui/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = join(ROOT, "test-artifacts", "ui");
const ORG = "0123456789ABCDEF01234567@AdobeOrg";
const OTHER_ORG = "FEDCBA9876543210FEDCBA98@AdobeOrg";
const DATASET_ID = "63ec807d3f5ce91bd2d06c65";
const FLOW_ID_IN_HASH = /#\/flows\/([0-9a-f-]{36})$/;
const SCHEMA_ID = "https://ns.adobe.com/extconndev/schemas/945546112b746524bfd9f1264b26c2b7d8e7f5b7fadb953a";
const PASTED_DATASET_ID = "0a1b2c3d4e5f60718293a4b5";

interface StoredRecord {
  id: number;
  status: "ingested" | "failed";
  raw: Record<string, unknown>;
  record?: { _extconndev?: Record<string, unknown> };
}
interface FixtureEvent {
  name: string;
  malformed: boolean;
  event: Record<string, unknown>;
}

describe("the Inspector in Chromium", () => {
  let emulator: RunningEmulator;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const problems: string[] = [];
  const offsite: string[] = [];
  let flowId = "";

  const platform = (org = ORG, sandbox = "prod") => ({
    Authorization: "Bearer test",
    "x-api-key": "test",
    "x-gw-ims-org-id": org,
    "x-sandbox-name": sandbox,
  });
  const api = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${emulator.url}${path}`, init);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  /** Renders the page afresh: a goto to the URL already shown would change nothing. */
  const open = async (hash: string) => {
    const url = `${emulator.url}/_emulator/ui${hash}`;
    if (page.url() === url) await page.reload();
    else await page.goto(url);
    await page.locator(`#view[data-ready="true"]`).waitFor();
  };
  const flowDocument = async () => (await api(`/data/foundation/flowservice/flows/${flowId}`, { headers: platform() })).body.items[0];
  /** The flow's records in the dataset, oldest first, as the records endpoint answers them. */
  const records = async (): Promise<StoredRecord[]> =>
    (await api(`/_emulator/datasets/${DATASET_ID}/records?flowId=${flowId}&limit=1000`, { headers: platform() })).body.items;
  const fixtureEvents = async (): Promise<FixtureEvent[]> => (await api("/_emulator/ui/fixtures/events")).body.events;
  /** What a user does: put the text on the clipboard, then select all in the field and paste. */
  const paste = async (field: Locator, text: string) => {
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
    await field.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("ControlOrMeta+V");
  };
  /** Chromium logs each answer the page's fetch got with this status as a console error: expected here, taken out. */
  const takeRefusals = async (status: number) => {
    const refusal = `the server responded with a status of ${status}`;
    await expect.poll(() => problems.filter((problem) => problem.includes(refusal)).length).toBeGreaterThan(0);
    const others = problems.filter((problem) => !problem.includes(refusal));
    problems.splice(0, problems.length, ...others);
  };
  const screenshot = async (name: string) => {
    // (strings: the page's globals are not in this project's lib)
    await page.evaluate(`document.querySelectorAll(".toast").forEach((toast) => toast.remove())`);
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install -y chromium, as .ci/run does) or set CHROMIUM_PATH.`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const file of readdirSync(ARTIFACTS)) if (file.endsWith(".png")) rmSync(join(ARTIFACTS, file));
    profile = mkdtempSync(join(tmpdir(), "aep-inspector-chromium-"));
    [emulator, context] = await Promise.all([
      startEmulator({ DB_PATH: ":memory:" }),
      chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        viewport: { width: 1366, height: 900 },
        permissions: ["clipboard-read", "clipboard-write"],
      }),
    ]);
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(emulator.url) && !url.startsWith("data:")) offsite.push(url);
    });
  }, 60_000);

  afterEach(() => {
    const seen = problems.splice(0);
    expect(seen, "the browser console shows no errors").toEqual([]);
  });

  afterAll(async () => {
    await context?.close();
    await emulator?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("serves the page, its modules and the fixture events from the emulator alone, under a strict CSP", async () => {
    const response = await fetch(`${emulator.url}/_emulator/ui`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(await response.text()).toContain('src="/_emulator/ui/assets/js/main.js"');
    const traversal = await fetch(`${emulator.url}/_emulator/ui/assets/%2e%2e/routes.ts`);
    expect(traversal.status).toBe(404);
    const events = await api("/_emulator/ui/fixtures/events");
    expect(events.body.events.map((event: { name: string }) => event.name)).toContain("email-sent");

    await open("");
    await expect.poll(() => page.url()).toMatch(/#\/flows$/);
    await page.getByText("No dataflows yet").waitFor();
    expect(offsite).toEqual([]);
  });

  it("loads the Customer.io demo into the picked tenant through the APIs, seeding the customerio set it lacks, and opens the flow", async () => {
    expect((await api("/_emulator/seed")).body.fixtureSets).toEqual([]);
    await page.locator("#load-demo").click();
    await page.waitForURL(FLOW_ID_IN_HASH);
    flowId = FLOW_ID_IN_HASH.exec(page.url())![1];
    await page.locator("#flow-name").getByText("Streaming Dataflow for Customer.io").waitFor();
    expect(await page.locator("#records-panel").textContent()).toContain(`Dataset ${DATASET_ID}`);

    const seeded = await api("/_emulator/seed");
    expect(seeded.body.fixtureSets).toEqual([expect.objectContaining({ name: "customerio", scope: "global" })]);
    expect(seeded.body.fixtureSets[0].loaded.dataSets).toEqual([DATASET_ID]);

    const flow = await api(`/data/foundation/flowservice/flows/${flowId}`, { headers: platform() });
    expect(flow.status).toBe(200);
    expect(flow.body.items[0]).toMatchObject({ state: "enabled", transformations: [{ name: "Mapping" }] });
    const tenants = await api("/_emulator/tenants");
    expect(tenants.body.tenants).toContainEqual({ imsOrgId: ORG, sandboxName: "prod" });
  });

  it("lists the dataflow with its spec, connections, mapping set, inletUrl (copyable) and a curl line", async () => {
    await open("#/flows");
    const card = page.locator(`.flow-card[data-flow-id="${flowId}"]`);
    await card.waitFor();
    const inletUrl = (await card.locator(".inlet-url").textContent())!;
    expect(inletUrl).toMatch(/^http:\/\/localhost:\d+\/collection\/[0-9a-f]{64}$/);
    const text = await card.textContent();
    for (const expected of ["Streaming Source Connection for Customer.io", "Streaming Target Connection for Customer.io", DATASET_ID, "version 0", "enabled"]) {
      expect(text).toContain(expected);
    }
    expect(await card.locator(".curl").textContent()).toBe(
      `curl -X POST '${inletUrl}?x-adobe-flow-id=${flowId}' -H 'Content-Type: application/json' -d @fixtures/customerio/events/email-sent.json`,
    );
    expect(await card.locator(".webhook-url").textContent()).toBe(`${inletUrl}?x-adobe-flow-id=${flowId}`);

    // the spec and the mapping set are the flow's, as the APIs answer them
    const flow = await flowDocument();
    expect(flow.options.inletUrl).toBe(inletUrl);
    const fact = (label: string) => card.locator("dt", { hasText: new RegExp(`^${label}$`) }).locator("xpath=following-sibling::dd[1]");
    const spec = await api(`/data/foundation/flowservice/flowSpecs/${flow.flowSpec.id}`, { headers: platform() });
    expect(spec.status).toBe(200);
    expect(await fact("Flow spec").textContent()).toContain(spec.body.items[0].name);
    expect(await fact("Flow spec").locator("code.id").getAttribute("title")).toBe(flow.flowSpec.id);
    const mappingId = flow.transformations[0].params.mappingId as string;
    expect(await fact("Mapping set").locator(".mapping-id").textContent()).toBe(mappingId);
    expect((await api(`/data/foundation/conversion/mappingSets/${mappingId}`, { headers: platform() })).body).toMatchObject({ id: mappingId, version: 0 });
    await card.locator('[data-copy="inlet"]').click();
    await expect.poll(() => card.locator('[data-copy="inlet"]').textContent()).toBe("Copied");
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe(inletUrl);
    await screenshot("dataflows");
  });

  it("sends a fixture event from the page and shows the record arriving with its mapped XDM beside the raw event", async () => {
    await open(`#/flows/${flowId}`);
    await expect.poll(() => page.locator("#event-body").inputValue()).toContain("01E2EMRMM6TZ12TF9WGZN0WJQT");
    await page.locator("#send-event").click();
    await page.locator("#send-result").getByText("Accepted by the inlet.").waitFor();
    const row = page.locator('tr[data-status="ingested"]').first();
    await row.waitFor();
    await row.click();
    const mapped = page.locator("#record-detail .mapped-record");
    await expect.poll(() => mapped.textContent()).toContain('"event_id0": "01E2EMRMM6TZ12TF9WGZN0WJQT"');
    const mappedText = await mapped.textContent();
    for (const field of ['"metricx": "sent"', '"object_type1": "email"', '"timestampx": 1644227937']) expect(mappedText).toContain(field);
    expect(await page.locator("#record-detail .raw-event").textContent()).toContain('"subject": "Thanks for signing up"');
    await page.locator("#runs-chart svg .bar").first().waitFor();
    await expect.poll(() => page.locator("#runs-table").textContent()).toContain("success");
    await screenshot("flow-record");
  });

  it("shows a malformed event stored as failed, with the mapping error's reason", async () => {
    await page.locator("#event-select").selectOption({ label: "malformed-timestamp-as-iso-string" });
    await page.locator("#send-event").click();
    const row = page.locator('tr[data-status="failed"]').first();
    await row.waitFor();
    expect(await row.textContent()).toContain("_extconndev.timestampx");
    await row.click();
    const detail = page.locator("#record-detail");
    await detail.locator(".errors").waitFor();
    const text = await detail.textContent();
    expect(text).toContain("MAPPER-3700-400");
    expect(text).toContain("2023-01-31T20:46:59Z");
    expect(await detail.locator(".raw-event").textContent()).toContain('"timestamp": "2023-01-31T20:46:59Z"');
    await expect.poll(() => page.locator("#record-counts").textContent()).toBe("1 ingested 1 failed");
    await screenshot("flow-failed");
  });

  it("sends your own JSON, pasted into the sender, to the flow's inlet and shows its record", async () => {
    const emailSent = (await fixtureEvents()).find((item) => item.name === "email-sent")!.event;
    const own = { ...emailSent, event_id: "01HQPASTEDBYTHEINSPECTOR01", data: { identifiers: { id: "42", email: "pasted@example.com" } } };
    await paste(page.locator("#event-body"), JSON.stringify(own, null, 2));
    expect(await page.locator("#event-select").inputValue()).toBe("custom");
    await page.locator("#send-event").click();
    await page.locator("#send-result").getByText("Accepted by the inlet.").waitFor();
    const row = page.locator("#records-table tr", { hasText: own.event_id });
    await row.waitFor();
    expect(await row.getAttribute("data-status")).toBe("ingested");
    await row.click();
    const mapped = page.locator("#record-detail .mapped-record");
    await expect.poll(() => mapped.textContent()).toContain(`"event_id0": "${own.event_id}"`);
    expect(await mapped.textContent()).toContain('"email": "pasted@example.com"');

    const stored = (await records()).find((record) => record.raw.event_id === own.event_id);
    expect(stored).toMatchObject({ status: "ingested", raw: own, record: { _extconndev: { event_id0: own.event_id, email: "pasted@example.com" } } });
  });

  it("disables the flow from its page, so the inlet refuses what the page sends, and enables it again", async () => {
    const toggle = page.locator("#toggle-flow");
    const state = page.locator("#flow-name .badge");
    expect(await toggle.textContent()).toBe("Disable");
    await toggle.click();
    await expect.poll(() => state.textContent()).toBe("disabled");
    expect(await toggle.textContent()).toBe("Enable");
    expect(await page.locator("#flow-facts").textContent()).toContain("disabled");
    expect((await flowDocument()).state).toBe("disabled");

    const before = (await records()).length;
    await page.locator("#event-select").selectOption({ label: "email-opened" });
    await page.locator("#send-event").click();
    const refusal = page.locator("#send-result p").first();
    await expect.poll(() => refusal.textContent()).toContain(`The dataflow ${flowId} is disabled and takes no data`);
    expect(await refusal.locator(".badge").textContent()).toBe("400");
    await takeRefusals(400);
    expect((await records()).length).toBe(before);
    await screenshot("flow-disabled");

    await toggle.click();
    await expect.poll(() => state.textContent()).toBe("enabled");
    expect(await toggle.textContent()).toBe("Disable");
    expect((await flowDocument()).state).toBe("enabled");
  });

  it("sends every well-formed fixture event at once, and each one lands in the flow's dataset", async () => {
    const wellFormed = (await fixtureEvents()).filter((item) => !item.malformed);
    expect(wellFormed.length).toBeGreaterThan(10);
    const before = (await records()).length;
    await page.locator("#send-all").click();
    await page.locator("#send-result").getByText(`${wellFormed.length}/${wellFormed.length}`).waitFor();
    expect(await page.locator("#send-result").textContent()).toContain("fixture events accepted by the inlet.");

    await expect.poll(async () => (await records()).length).toBe(before + wellFormed.length);
    const stored = await records();
    expect(stored.slice(before).map((record) => record.raw)).toEqual(wellFormed.map((item) => item.event));
    const ingested = stored.filter((record) => record.status === "ingested").length;
    await expect.poll(() => page.locator("#record-counts").textContent()).toBe(`${ingested} ingested ${stored.length - ingested} failed`);
    expect(await page.locator("#records-table tr[data-record-id]").count()).toBe(stored.length);
  });

  it("maps events in the playground through preview, with the flow's mapping set, edits and errors", async () => {
    const flow = await api(`/data/foundation/flowservice/flows/${flowId}`, { headers: platform() });
    const mappingId = flow.body.items[0].transformations[0].params.mappingId as string;
    await open("#/playground");
    await page.locator("#mapping-set").selectOption(mappingId);
    await page.locator('#mapping-version option[value="0"]').waitFor({ state: "attached" });
    await page.locator("#playground-event").selectOption({ label: "email-sent" });
    await page.locator("#run-preview").click();
    const output = page.locator("#preview-output");
    await expect.poll(() => output.textContent()).toContain('"event_id0": "01E2EMRMM6TZ12TF9WGZN0WJQT"');
    expect(await page.locator("#preview-outcome").textContent()).toContain("mapped cleanly");

    // an edited mapping: metric through an expression
    const metricRow = page.locator('.mapping-row[data-destination="_extconndev.metricx"]');
    await metricRow.locator("select").selectOption("EXPRESSION");
    await metricRow.locator('input[aria-label="Source"]').fill("upper(metric)");
    await page.locator("#run-preview").click();
    await expect.poll(() => output.textContent()).toContain('"metricx": "SENT"');

    // a malformed event: the error the inlet would store
    await page.locator("#playground-event").selectOption({ label: "malformed-email-as-object" });
    await page.locator("#run-preview").click();
    await expect.poll(() => page.locator("#preview-outcome .errors").textContent()).toContain("_extconndev.email");
    expect(await page.locator("#preview-outcome .preview-status").textContent()).toMatch(/1 error/);
    await screenshot("playground");
  });

  it("maps an event pasted into the playground as POST /mappingSets/preview does", async () => {
    const mappingId = (await flowDocument()).transformations[0].params.mappingId as string;
    await open("#/playground");
    await page.locator("#mapping-set").selectOption(mappingId);
    await page.locator('#mapping-version option[value="0"]').waitFor({ state: "attached" });
    await page.locator("#playground-event").selectOption({ label: "email-sent" });
    const output = page.locator("#preview-output");
    await expect.poll(() => output.textContent(), { timeout: 3000 }).toContain('"event_id0": "01E2EMRMM6TZ12TF9WGZN0WJQT"');
    const emailSent = (await fixtureEvents()).find((item) => item.name === "email-sent")!.event;
    const own = { ...emailSent, event_id: "01HQPLAYGROUNDPASTE0000001", metric: "clicked" };
    await paste(page.locator("#playground-input"), JSON.stringify(own, null, 2));
    expect(await page.locator("#playground-event").inputValue()).toBe("custom");
    await expect.poll(() => output.textContent(), { timeout: 3000 }).toContain(`"event_id0": "${own.event_id}"`);

    const mappingSet = (await api(`/data/foundation/conversion/mappingSets/${mappingId}`, { headers: platform() })).body;
    const preview = await api("/data/foundation/conversion/mappingSets/preview", {
      method: "POST",
      headers: { ...platform(), "Content-Type": "application/json" },
      body: JSON.stringify({ data: [own], mappingSet: { outputSchema: mappingSet.outputSchema, mappings: mappingSet.mappings } }),
    });
    expect(preview.status).toBe(200);
    expect(JSON.parse((await output.textContent())!)).toEqual(preview.body[0].data);
    expect(preview.body[0].data._extconndev).toMatchObject({ event_id0: own.event_id, metricx: "clicked" });
  });

  it("picks a version of the flow's mapping set in the playground, each mapping as that version says", async () => {
    interface Mapping {
      source?: string;
      sourceAttribute?: string;
      destination?: string;
      destinationXdmPath?: string;
    }
    const mappingId = (await flowDocument()).transformations[0].params.mappingId as string;
    const path = `/data/foundation/conversion/mappingSets/${mappingId}`;
    const first = (await api(path, { headers: platform() })).body;
    const mappings = (first.mappings as Mapping[]).map((mapping) => ({
      sourceType: "ATTRIBUTE",
      source: mapping.source ?? mapping.sourceAttribute,
      destination: mapping.destination ?? mapping.destinationXdmPath,
    }));
    const metric = mappings.find((mapping) => mapping.destination === "_extconndev.metricx")!;
    Object.assign(metric, { sourceType: "EXPRESSION", source: "upper(metric)" });
    const updated = await api(path, {
      method: "PUT",
      headers: { ...platform(), "Content-Type": "application/json" },
      body: JSON.stringify({ outputSchema: first.outputSchema, mappings }),
    });
    expect(updated.status).toBe(200);
    expect(updated.body.version).toBe(1);

    await open("#/playground");
    await page.locator("#mapping-set").selectOption(mappingId);
    const version = page.locator("#mapping-version");
    await expect.poll(() => version.inputValue()).toBe("1");
    expect(await version.locator("option").allTextContents()).toEqual(["version 1 (latest)", "version 0"]);
    await page.locator("#playground-event").selectOption({ label: "email-sent" });
    const output = page.locator("#preview-output");
    await expect.poll(() => output.textContent(), { timeout: 3000 }).toContain('"metricx": "SENT"');
    expect(await page.locator('.mapping-row[data-destination="_extconndev.metricx"] input[aria-label="Source"]').inputValue()).toBe("upper(metric)");

    await version.selectOption("0");
    await expect.poll(() => output.textContent(), { timeout: 3000 }).toContain('"metricx": "sent"');
    expect(await page.locator("#mapping-note").textContent()).toContain(`Mapping set ${mappingId}, version 0`);
    expect(await page.locator('.mapping-row[data-destination="_extconndev.metricx"] input[aria-label="Source"]').inputValue()).toBe("metric");
    expect((await api(`${path}?version=0`, { headers: platform() })).body.version).toBe(0);
  });

  it("shows the request journal with what the page sent, newest first, and an entry's details", async () => {
    await open("#/journal");
    const inletRow = page.locator("#journal-table tr", { hasText: "/collection/" }).first();
    await inletRow.waitFor();
    expect(await inletRow.textContent()).toContain("200");
    const created = page.locator("#journal-table tr", { has: page.locator('code.path[title="/data/foundation/flowservice/flows"]') }).filter({ hasText: "POST" }).first();
    expect(await created.textContent()).toContain("201");
    await inletRow.click();
    const entry = page.locator("#journal-entry");
    await entry.waitFor();
    expect(await entry.textContent()).toContain("POST /collection/{inletId}");
    await created.click();
    await expect.poll(() => entry.textContent()).toContain("POST /data/foundation/flowservice/flows");
    expect(await entry.textContent()).toContain('"authorization": "[redacted]"');
    await screenshot("journal");
  });

  it("filters the journal by path, status, tenant and the Inspector's own reads, as the journal API does, and shows new requests live", async () => {
    interface Entry {
      id: number;
      method: string;
      path: string;
      requestId: string;
    }
    const shown = async () => (await page.evaluate(`[...document.querySelectorAll("#journal-table tr[data-journal-id]")].map((row) => row.dataset.journalId)`)) as string[];
    /** The entries the journal API answers for `query`, newest first, as the page lists them. */
    const entries = async (query: string, withReads = false) => {
      const answered: Entry[] = (await api(`/_emulator/requests?limit=500&${query}`)).body.requests;
      return answered.filter((entry) => withReads || !entry.requestId.startsWith("inspector-read-")).reverse();
    };
    const journal = async (query: string, withReads = false) => (await entries(query, withReads)).map((entry) => String(entry.id));
    const tenant = `org=${encodeURIComponent(ORG)}&sandbox=prod`;
    // a live refresh sent before a filter changed may answer after it; the next one (2 s) puts it right
    const settled = { timeout: 3000 };
    await open("#/journal");

    await page.locator("#journal-status").fill("201");
    const created = await entries(`status=201&${tenant}`);
    expect(created.map((entry) => `${entry.method} ${entry.path}`)).toEqual(
      ["flows", "targetConnections", "sourceConnections"].map((collection) => `POST /data/foundation/flowservice/${collection}`),
    );
    await expect.poll(shown, settled).toEqual(created.map((entry) => String(entry.id)));
    expect(await page.locator('#journal-table tr[data-journal-id]:not([data-status="201"])').count()).toBe(0);

    await page.locator("#journal-status").fill("2OO");
    await page.locator("#journal-info").getByText("Status: an HTTP status such as 404, or a class such as 5xx.").waitFor();

    await page.locator("#journal-status").fill("");
    await page.locator("#journal-path").fill("/collection/*");
    const inlet = await journal(`path=${encodeURIComponent("/collection/*")}&${tenant}`);
    expect(inlet.length).toBeGreaterThan(20);
    await expect.poll(shown, settled).toEqual(inlet);
    expect(await page.locator("#journal-table tr[data-journal-id]", { hasNotText: "/collection/" }).count()).toBe(0);

    // the page's own reads of the flows are hidden until asked for
    await page.locator("#journal-path").fill("flowservice/flows");
    const sent = await journal(`path=flowservice%2Fflows&${tenant}`);
    await expect.poll(shown, settled).toEqual(sent);
    await page.locator("#journal-hide-own").uncheck();
    const all = await journal(`path=flowservice%2Fflows&${tenant}`, true);
    expect(all.length).toBeGreaterThan(sent.length);
    await expect.poll(shown, settled).toEqual(all);

    // every tenant's, live: a request sent now appears without a refresh, with its tenant
    await page.locator("#journal-tenant").uncheck();
    await expect.poll(shown, settled).toEqual(await journal("path=flowservice%2Fflows", true));
    const other = await api("/data/foundation/flowservice/flows", { headers: { ...platform(OTHER_ORG, "journal"), "x-request-id": "journal-live" } });
    expect(other.status).toBe(200);
    const newest = page.locator("#journal-table tr[data-journal-id]").first();
    await expect.poll(() => newest.textContent(), { timeout: 5000 }).toContain(`${OTHER_ORG} / journal`);
    await expect.poll(shown, settled).toEqual(await journal("path=flowservice%2Fflows", true));
    await newest.click();
    await expect.poll(() => page.locator("#journal-entry").textContent()).toContain("journal-live");
    await screenshot("journal-filtered");
  });

  it("adds a fault rule, lists it, and clears it", async () => {
    await open("#/faults");
    await page.locator("#fault-method").selectOption("GET");
    await page.locator("#fault-path").fill("/data/foundation/catalog/*");
    await page.locator("#fault-status").fill("503");
    await page.locator("#fault-count").fill("2");
    await page.locator("#fault-add").click();
    await page.locator("#fault-message").getByText(/^Fault .+ added\.$/).waitFor();
    const row = page.locator("#fault-list tr[data-fault-id]");
    await row.waitFor();
    expect(await row.textContent()).toContain("/data/foundation/catalog/*");
    const faults = await api("/_emulator/faults");
    expect(faults.body.faults).toEqual([expect.objectContaining({ method: "GET", path: "/data/foundation/catalog/*", status: 503, count: 2, fired: 0 })]);
    // a client's request meets it (from here, not the page: the browser would log the 503 as a console error)
    const faulted = await api("/data/foundation/catalog/dataSets", { headers: platform() });
    expect(faulted.status).toBe(503);
    await expect.poll(() => row.locator("td").nth(6).textContent(), { timeout: 5000 }).toBe("1");
    await screenshot("faults");

    await page.locator("#fault-clear").click();
    await page.locator("#fault-message").getByText("Cleared 1 fault rule.").waitFor();
    await page.locator("#fault-list .empty-row").waitFor();
    expect((await api("/_emulator/faults")).body.faults).toEqual([]);
  });

  it("adds the fault presets with one click each, and shows the inlet preset firing in the list and the journal", async () => {
    // (from here, not the page: the browser would log a 503 as a console error)
    const inletPath = new URL((await flowDocument()).options.inletUrl).pathname;
    const emailSent = (await fixtureEvents()).find((item) => item.name === "email-sent")!.event;
    const sendToInlet = () =>
      fetch(`${emulator.url}${inletPath}?x-adobe-flow-id=${flowId}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(emailSent) });
    await open("#/faults");

    // a rule limited to this tenant: an inlet request names none in its headers, but the inlet is this tenant's
    await page.locator("#fault-path").fill("/collection/*");
    await page.locator("#fault-tenant").check();
    await page.locator("#fault-add").click();
    await page.locator("#fault-message").getByText(/^Fault .+ added\.$/).waitFor();
    const [scoped] = (await api("/_emulator/faults")).body.faults;
    expect(scoped).toMatchObject({ path: "/collection/*", org: ORG, sandbox: "prod", status: 503 });
    expect((await sendToInlet()).status).toBe(503);
    expect((await api("/_emulator/faults")).body.faults).toEqual([expect.objectContaining({ id: scoped.id, fired: 1 })]);
    await page.locator(`#fault-list tr[data-fault-id="${scoped.id}"]`).getByRole("button", { name: "Remove" }).click();
    await page.locator("#fault-list .empty-row").waitFor();

    await page.getByRole("button", { name: "Inlet down (503)" }).click();
    await page.locator("#fault-message").getByText(/^Fault .+ added\.$/).waitFor();
    const [inletDown] = (await api("/_emulator/faults")).body.faults;
    expect(inletDown).toEqual({ id: expect.any(String), path: "/collection/*", status: 503, fired: 0 });
    const row = page.locator(`#fault-list tr[data-fault-id="${inletDown.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain("/collection/*");

    // a sender meets it
    const refused = await sendToInlet();
    expect(refused.status).toBe(503);
    expect(refused.headers.get("x-emulator-fault")).toBeTruthy();
    await expect.poll(() => row.locator("td").nth(6).textContent(), { timeout: 5000 }).toBe("1");
    const [scopedEntry, faulted] = (await api(`/_emulator/requests?path=${encodeURIComponent("/collection/*")}&status=503`)).body.requests;
    expect(scopedEntry).toMatchObject({ fault: scoped.id });
    expect(faulted).toMatchObject({ method: "POST", status: 503, fault: inletDown.id });
    await screenshot("faults-preset");

    // the inlet never saw it, yet it is this tenant's: the journal lists it with "only <tenant>" ticked
    expect(faulted.tenant).toEqual({ imsOrgId: ORG, sandboxName: "prod" });
    await open("#/journal");
    expect(await page.locator("#journal-tenant").isChecked()).toBe(true);
    await page.locator("#journal-status").fill("503");
    const journalRow = page.locator(`#journal-table tr[data-journal-id="${faulted.id}"]`);
    await journalRow.locator(".badge", { hasText: "fault" }).waitFor();
    await journalRow.click();
    expect(await page.locator("#journal-entry").textContent()).toContain(`Fault${inletDown.id}`);

    await open("#/faults");
    await page.getByRole("button", { name: "Throttle Flow Service (429, 3 times)" }).click();
    await expect.poll(async () => (await api("/_emulator/faults")).body.faults.length).toBe(2);
    await page.getByRole("button", { name: "Slow everything (+800 ms)" }).click();
    await expect.poll(async () => (await api("/_emulator/faults")).body.faults.length).toBe(3);
    expect((await api("/_emulator/faults")).body.faults.map(({ id, ...rule }: { id: string }) => rule)).toEqual([
      { path: "/collection/*", status: 503, fired: 1 },
      { path: "/data/foundation/flowservice/*", status: 429, count: 3, fired: 0 },
      { path: "*", latencyMs: 800, fired: 0 },
    ]);
    await expect.poll(() => page.locator("#fault-list tr[data-fault-id]").count()).toBe(3);
    expect(await page.locator("#fault-list").textContent()).toContain("the real answer after 800 ms");

    await page.locator("#fault-clear").click();
    await page.locator("#fault-message").getByText("Cleared 3 fault rules.").waitFor();
    expect((await api("/_emulator/faults")).body.faults).toEqual([]);
  });

  it("loads a fixture set pasted as YAML into this tenant", async () => {
    const yaml = [
      "name: inspector-pasted",
      "description: Pasted into the Inspector",
      `org: "${ORG}"`,
      "sandbox: prod",
      "dataSets:",
      `  - id: "${PASTED_DATASET_ID}"`,
      "    name: Pasted in the Inspector",
      "    schemaRef:",
      `      id: ${SCHEMA_ID}`,
      '      contentType: "application/vnd.adobe.xed-full+json;version=1"',
    ].join("\n");
    await open("#/tenant");
    await paste(page.locator("#fixture-paste"), yaml);
    await page.locator("#fixture-load").click();
    await page.locator("#tenant-message").getByText("Fixture set inspector-pasted: registered.").waitFor();
    const row = page.locator("#fixture-sets tr", { hasText: "inspector-pasted" });
    await row.waitFor();
    expect(await row.textContent()).toContain(`${ORG} / prod`);
    expect(await row.textContent()).toContain("1 dataSets");

    const registered = (await api("/_emulator/seed")).body.fixtureSets;
    expect(registered).toContainEqual(
      expect.objectContaining({ name: "inspector-pasted", scope: { imsOrgId: ORG, sandboxName: "prod" }, loaded: expect.objectContaining({ dataSets: [PASTED_DATASET_ID] }) }),
    );
    const dataset = await api(`/data/foundation/catalog/dataSets/${PASTED_DATASET_ID}`, { headers: platform() });
    expect(dataset.status).toBe(200);
    expect(dataset.body[PASTED_DATASET_ID]).toMatchObject({ name: "Pasted in the Inspector" });
    await screenshot("tenant-pasted");
  });

  it("exports the tenant as a fixture set: the download is what GET /_emulator/export answers", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export as a fixture set" }).click()]);
    expect(download.suggestedFilename()).toBe("fixture-set.json");
    const exported = JSON.parse(readFileSync((await download.path())!, "utf8"));
    const answer = await api(`/_emulator/export?org=${encodeURIComponent(ORG)}&sandbox=prod`);
    expect(answer.status).toBe(200);
    expect(exported).toEqual(answer.body);
    expect(exported).toMatchObject({ org: ORG, sandbox: "prod" });
    expect(exported.flows.map((flow: { id: string }) => flow.id)).toEqual([flowId]);
    expect(exported.dataSets.map((dataset: { id: string }) => dataset.id)).toContain(PASTED_DATASET_ID);
    expect(exported.records).toHaveLength((await records()).length);
  });

  it("loads a fixture set, switches to another tenant, and resets a tenant", async () => {
    await open("#/tenant");
    await page.locator('[data-fixture-set="customerio"]').click();
    await page.locator("#tenant-message").getByText("Fixture set customerio: already registered with this content.").waitFor();
    await page.locator("#tenants-table").getByText(ORG).waitFor();
    await screenshot("tenant");

    // another tenant: no dataflows there, and it gets the fixture set's dataset on first use
    await page.locator("#tenant-select").selectOption("other");
    await page.locator("#tenant-org").fill(OTHER_ORG);
    await page.locator("#tenant-sandbox").fill("dev");
    await page.locator("#tenant-other button[type=submit]").click();
    await expect.poll(() => page.locator(".page-head").first().textContent()).toContain(`${OTHER_ORG} / dev`);
    await open("#/flows");
    await page.getByText("No dataflows yet").waitFor();
    await expect.poll(async () => (await api("/_emulator/tenants")).body.tenants).toContainEqual({ imsOrgId: OTHER_ORG, sandboxName: "dev" });

    // back to the first tenant, and empty it
    await page.locator("#tenant-select").selectOption(JSON.stringify([ORG, "prod"]));
    await open("#/tenant");
    await page.locator("#reset-tenant").click();
    await page.locator("#reset-tenant").click();
    await page.locator("#tenant-message").getByText(/is empty again/).waitFor();
    const flows = await api("/data/foundation/flowservice/flows", { headers: platform() });
    expect(flows.body.items).toEqual([]);
    const left = await api(`/_emulator/datasets/${DATASET_ID}/records`, { headers: platform() });
    expect(left.body.items).toEqual([]);
  });

  it("resets everything but the registered fixture sets, which come back on next use: the demo loads again", async () => {
    const ours = { imsOrgId: ORG, sandboxName: "prod" };
    expect((await api("/_emulator/tenants")).body.tenants).toEqual(expect.arrayContaining([ours, { imsOrgId: OTHER_ORG, sandboxName: "dev" }]));
    await open("#/tenant");
    await page.locator("#tenants-table").getByText("dev", { exact: true }).waitFor();
    await page.locator("#reset-all").click();
    await page.locator("#reset-all").click();
    await page.locator("#tenant-message").getByText("All state is gone.").waitFor();
    // only this tenant is left: it holds a fixture set of its own (the pasted one)
    await expect.poll(() => page.locator("#tenants-table tbody tr").count()).toBe(1);
    expect(await page.locator("#tenants-table").textContent()).not.toContain(OTHER_ORG);
    expect((await api("/_emulator/tenants")).body.tenants).toEqual([ours]);
    const registered = (await api("/_emulator/seed")).body.fixtureSets.map((set: { name: string }) => set.name);
    expect(registered).toEqual(["customerio", "inspector-pasted"]);

    await open("#/flows");
    await page.getByText("No dataflows yet").waitFor();
    await page.locator("#load-demo").click();
    await page.waitForURL(FLOW_ID_IN_HASH);
    expect((await api("/_emulator/seed")).body.fixtureSets.map((set: { name: string }) => set.name)).toEqual(registered);
    const flows = await api("/data/foundation/flowservice/flows", { headers: platform() });
    expect(flows.body.items.map((flow: { id: string }) => flow.id)).toEqual([FLOW_ID_IN_HASH.exec(page.url())![1]]);
  });
});
