import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROVIDER_STATES } from "../../emulator/control/provider-states.js";
import { verifyPacts } from "../../emulator/verify.js";
import { PACT_DIR, PROVIDER } from "../support.js";

/**
 * Provider verification: a fresh emulator answers every interaction of every pact in
 * contracts/pacts/ (as the consumer run just wrote them), each provider state set up through
 * POST /_emulator/provider-states.
 */
const pactFiles = readdirSync(PACT_DIR).filter((name) => name.endsWith(".json"));

interface PactFile {
  provider: { name: string };
  interactions: Array<{ description: string; providerStates?: Array<{ name: string; params?: Record<string, unknown> }> }>;
}
const pacts = pactFiles.map((name) => JSON.parse(readFileSync(join(PACT_DIR, name), "utf8")) as PactFile);

describe("the emulator as the provider of contracts/pacts/", () => {
  it("has pacts to verify, each for the aep-flow-service provider", () => {
    expect(pactFiles.length).toBeGreaterThan(0);
    for (const pact of pacts) expect(pact.provider.name).toBe(PROVIDER);
  });

  it("names only provider states the emulator documents, and uses each of them", () => {
    const documented = PROVIDER_STATES.map((state) => state.name);
    const used = new Set(pacts.flatMap((pact) => pact.interactions.flatMap((interaction) => (interaction.providerStates ?? []).map((state) => state.name))));
    for (const name of used) expect(documented).toContain(name);
    expect([...used].sort()).toEqual([...documented].sort());
  });

  it("honours every interaction", async () => {
    const result = await verifyPacts({ pacts: [PACT_DIR], provider: PROVIDER, env: { LOG_LEVEL: "warn" } });
    expect(result.message ?? "").toBe("");
    expect(result.ok).toBe(true);
  });
});
