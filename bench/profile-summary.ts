/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): self time by package or source folder, and the
 * functions with the most self time and the most inclusive time. A helper for finding what limits a
 * benchmark figure; not part of `npm run bench`.
 *
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [top=25] [filter] [callers-of]
 *
 * `filter` (a substring of a url or function name) restricts the inclusive list; `callers-of` (a
 * substring of a function label) prints the stacks that lead to it, heaviest first.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg, filterArg, callersOf] = process.argv.slice(2);
const filter = filterArg === "" ? undefined : filterArg;
if (file === undefined) {
  console.error("usage: tsx bench/profile-summary.ts <file.cpuprofile> [top] [filter]");
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const selfUs = new Map<number, number>();
for (let index = 0; index < profile.samples.length; index++) {
  const id = profile.samples[index];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
}
const totalUs = profile.endTime - profile.startTime;

function area(url: string): string {
  if (url === "") return "(native/vm)";
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith("node:")) return "node:internal";
  const local = /\/(emulator|bench|client|dist)\/(.*)$/.exec(url);
  if (local) {
    const parts = local[2].split("/");
    return `${local[1]}/${parts.length > 1 ? parts[0] : parts[0]}`;
  }
  return url;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*\/(node_modules\/|emulator\/|bench\/|dist\/)/, "$1");
  return `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`;
}

const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id) as ProfileNode;
  const key = node.callFrame.functionName === "(garbage collector)" ? "(garbage collector)" : area(node.callFrame.url);
  byArea.set(key, (byArea.get(key) ?? 0) + us);
  byFunction.set(label(node), (byFunction.get(label(node)) ?? 0) + us);
}

// Inclusive time: each sample counts once for every distinct function on its stack.
const inclusive = new Map<string, number>();
for (let index = 0; index < profile.samples.length; index++) {
  const seen = new Set<string>();
  let id: number | undefined = profile.samples[index];
  while (id !== undefined) {
    const name = label(byId.get(id) as ProfileNode);
    if (!seen.has(name)) {
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0));
    }
    id = parent.get(id);
  }
}

const ms = (us: number) => `${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
const print = (title: string, entries: Map<string, number>, keep = (_: string) => true) => {
  console.log(`\n${title}`);
  for (const [name, us] of [...entries].filter(([name]) => keep(name)).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)}  ${name}`);
};

console.log(`profile ${file}: ${(totalUs / 1000).toFixed(0)} ms, ${profile.samples.length} samples`);
print("self time by package / folder", byArea);
print("self time by function", byFunction);
print("inclusive time by function", inclusive, (name) => filter === undefined || name.includes(filter));

if (callersOf !== undefined) {
  const stacks = new Map<string, number>();
  for (let index = 0; index < profile.samples.length; index++) {
    const frames: string[] = [];
    let id: number | undefined = profile.samples[index];
    let found = false;
    while (id !== undefined) {
      const name = label(byId.get(id) as ProfileNode);
      if (!found && name.includes(callersOf)) found = true;
      if (found) frames.push(name);
      id = parent.get(id);
    }
    if (!found) continue;
    const key = frames.slice(0, 12).join("\n      <- ");
    stacks.set(key, (stacks.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0));
  }
  console.log(`\nstacks leading to ${callersOf}`);
  for (const [stack, us] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`${ms(us)}  ${stack}\n`);
}
