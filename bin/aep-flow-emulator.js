#!/usr/bin/env node
// Runs the built server when the package is installed; from a git checkout, runs the TypeScript through tsx.
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const built = `${root}dist/emulator/main.js`;
if (existsSync(built)) {
  const { main } = await import(pathToFileURL(built).href);
  main();
} else {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import(pathToFileURL(`${root}emulator/main.ts`).href);
  main();
}
