#!/usr/bin/env node
// aepflow: in a git checkout, runs the TypeScript sources through tsx, so that a dist/ older than the
// sources never runs; in the installed package, which ships no sources (package.json "files"), and in
// the Docker image, runs the built CLI.
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const source = `${root}client/cli/main.ts`;
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import(pathToFileURL(source).href);
  await main();
} else {
  const { main } = await import(pathToFileURL(`${root}dist/client/cli/main.js`).href);
  await main();
}
