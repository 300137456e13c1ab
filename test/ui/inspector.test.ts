import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ROOT, startEmulator, type RunningEmulator } from "../support/process.js";

/**
 * The Inspector (/_emulator/ui) in a real browser: Debian's Chromium driven by playwright-core,
 * against the real emulator (FIXTURES=customerio, in memory). One browser for the file; the tests
 * run in order and build on each other (the demo dataflow of the first is used by the next ones).
 * Any console error or uncaught exception in the page fails the test it happened in. Each page is
 * screenshotted into test-artifacts/ui/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = join(ROOT, "test-artifacts", "ui");
const ORG = "0123456789ABCDEF01234567@AdobeOrg";
const OTHER_ORG = "FEDCBA9876543210FEDCBA98@AdobeOrg";
const DATASET_ID = "63ec807d3f5ce91bd2d06c65";
const FLOW_ID_IN_HASH = /#\/flows\/([0-9a-f-]{36})$/;

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
  const open = async (hash: string) => {
    await page.goto(`${emulator.url}/_emulator/ui${hash}`);
    await page.locator(`#view[data-ready="true"]`).waitFor();
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
      startEmulator({ DB_PATH: ":memory:", FIXTURES: "customerio" }),
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

  it("loads the Customer.io demo into the picked tenant through the APIs and opens the flow", async () => {
    await page.locator("#load-demo").click();
    await page.waitForURL(FLOW_ID_IN_HASH);
    flowId = FLOW_ID_IN_HASH.exec(page.url())![1];
    await page.locator("#flow-name").getByText("Streaming Dataflow for Customer.io").waitFor();

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

  it("shows the request journal with what the page sent, newest first, and an entry's details", async () => {
    await open("#/journal");
    const inletRow = page.locator("#journal-table tr", { hasText: "/collection/" }).first();
    await inletRow.waitFor();
    expect(await inletRow.textContent()).toContain("200");
    const created = page.locator("#journal-table tr").filter({ hasText: "/data/foundation/flowservice/flows" }).filter({ hasText: "POST" }).first();
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
    const records = await api(`/_emulator/datasets/${DATASET_ID}/records`, { headers: platform() });
    expect(records.body.items).toEqual([]);
  });
});
