import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Global setup of the consumer run: Pact merges new interactions into an existing pact file, so
 * regenerating the pacts starts from an empty contracts/pacts/ (interactions that no test defines
 * any more disappear with it).
 */
export default function cleanPacts(): void {
  const dir = fileURLToPath(new URL("./pacts", import.meta.url));
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (name.endsWith(".json")) rmSync(join(dir, name));
}
