#!/usr/bin/env node
// In a git checkout, runs the TypeScript sources through tsx, so that a dist/ older than the sources
// never runs; in the installed package, which ships no sources (package.json "files"), and in the
// Docker image, runs the built server.
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const source = `${root}emulator/main.ts`;
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import(pathToFileURL(source).href);
  main();
} else {
  const { main } = await import(pathToFileURL(`${root}dist/emulator/main.js`).href);
  main();
}
