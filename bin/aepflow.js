#!/usr/bin/env node
// aepflow: runs the built CLI when the package is installed; from a git checkout, runs the TypeScript through tsx.
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const built = `${root}dist/client/cli/main.js`;
if (existsSync(built)) {
  const { main } = await import(pathToFileURL(built).href);
  await main();
} else {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import(pathToFileURL(`${root}client/cli/main.ts`).href);
  await main();
}
