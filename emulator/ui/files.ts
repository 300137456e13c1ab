import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where the Inspector's files are. The page's static assets stay plain files in
 * `emulator/ui/static/` (no build step), and the server runs from `emulator/ui/` (tsx) or from
 * `dist/emulator/ui/` (npm run build): both find them from the package root, the nearest folder
 * up whose package.json is this package's. The npm package carries them through the `files`
 * entry `emulator/ui/static`.
 */
const PACKAGE_NAME = "aep-flow-emulator";

/** The package root: the nearest folder up from `from` whose package.json names this package. */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && nameOf(manifest) === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

let ownRoot: { path: string | undefined } | undefined;

/** This module's package root, looked up once. */
function root(): string | undefined {
  ownRoot ??= { path: packageRoot() };
  return ownRoot.path;
}

function nameOf(manifest: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

export function staticFolder(): string | undefined {
  const base = root();
  if (base === undefined) return undefined;
  const folder = join(base, "emulator", "ui", "static");
  return existsSync(folder) ? folder : undefined;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/**
 * A file of the static folder by its path relative to it, or undefined: no `..`, no hidden files,
 * only the content types above, never outside the folder.
 */
export function staticFile(relative: string): { bytes: Uint8Array<ArrayBuffer>; contentType: string } | undefined {
  const folder = staticFolder();
  if (folder === undefined) return undefined;
  const parts = relative.split("/");
  if (parts.some((part) => part === "" || part === "." || part === ".." || part.startsWith(".") || part.includes("\\"))) return undefined;
  const contentType = CONTENT_TYPES[extname(relative).toLowerCase()];
  if (contentType === undefined) return undefined;
  const path = resolve(folder, ...parts);
  if (!path.startsWith(folder + sep)) return undefined;
  if (!existsSync(path) || !statSync(path).isFile()) return undefined;
  return { bytes: new Uint8Array(readFileSync(path)), contentType };
}

export interface FixtureEvent {
  /** The fixture set the event belongs to (the folder under fixtures/). */
  set: string;
  /** The file name without .json. */
  name: string;
  /** Named malformed-*: made to fail mapping or be refused. */
  malformed: boolean;
  event: unknown;
}

/** fixtures/<set>/events/*.json of the package, sorted by set and name; unreadable files are skipped. */
export function fixtureEvents(): FixtureEvent[] {
  const base = root();
  if (base === undefined) return [];
  const events: FixtureEvent[] = [];
  for (const set of fixtureSetFolders(base)) {
    const folder = join(base, "fixtures", set, "events");
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder).filter((name) => name.endsWith(".json")).sort()) {
      try {
        const event = JSON.parse(readFileSync(join(folder, file), "utf8")) as unknown;
        const name = file.slice(0, -".json".length);
        events.push({ set, name, malformed: name.startsWith("malformed-"), event });
      } catch {
        // not JSON: not offered
      }
    }
  }
  return events;
}

export interface BuiltinFixtureSet {
  name: string;
  description?: string;
  document: unknown;
}

/** The built-in fixture sets, fixtures/<name>/fixture-set.json, as POST /_emulator/seed takes them. */
export function builtinFixtureSets(): BuiltinFixtureSet[] {
  const base = root();
  if (base === undefined) return [];
  const sets: BuiltinFixtureSet[] = [];
  for (const name of fixtureSetFolders(base)) {
    const file = join(base, "fixtures", name, "fixture-set.json");
    if (!existsSync(file)) continue;
    try {
      const document = JSON.parse(readFileSync(file, "utf8")) as { description?: unknown };
      sets.push({ name, ...(typeof document.description === "string" ? { description: document.description } : {}), document });
    } catch {
      // not JSON: not offered
    }
  }
  return sets;
}

function fixtureSetFolders(base: string): string[] {
  const folder = join(base, "fixtures");
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[a-z0-9-]+$/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}
