/**
 * Just enough of a Dockerfile parser to check ours without a Docker engine: logical lines
 * (backslash continuations, comment lines dropped), stages, exec-form JSON arrays, ENV pairs,
 * --flags, and a .dockerignore matcher.
 */
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const stages: Stage[] = [];
  let logical = "";
  let start = 0;
  const lines = text.split(/\r?\n/);
  const flush = () => {
    const trimmed = logical.trim();
    logical = "";
    if (trimmed === "") return;
    const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed)!;
    const instruction = { keyword: match[1].toUpperCase(), args: match[2].trim(), line: start };
    if (instruction.keyword === "FROM") {
      const words = withoutFlags(instruction.args).split(/\s+/);
      stages.push({ image: words[0], name: words[1]?.toUpperCase() === "AS" ? words[2] : undefined, instructions: [] });
      return;
    }
    if (stages.length === 0) {
      if (instruction.keyword === "ARG") return;
      throw new Error(`line ${start}: ${instruction.keyword} before the first FROM`);
    }
    stages[stages.length - 1].instructions.push(instruction);
  };
  lines.forEach((raw, index) => {
    const line = raw.replace(/\s+$/, "");
    if (/^\s*#/.test(line)) return; // comments, also inside a continuation
    if (logical === "") start = index + 1;
    if (line.endsWith("\\")) {
      logical += `${line.slice(0, -1)} `;
      return;
    }
    logical += line;
    flush();
  });
  flush();
  return { stages };
}

export function instructions(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

/** `["node", "x.js"]` -> its words; shell form -> undefined. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith("[")) return undefined;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((word) => typeof word === "string")) throw new Error(`not a JSON array of strings: ${args}`);
  return parsed;
}

/** The leading `--name=value` flags of an instruction. */
export function flagsOf(args: string): Record<string, string> {
  const flags: Record<string, string> = {};
  for (const word of args.split(/\s+/)) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(word);
    if (!match) break;
    flags[match[1]] = match[2] ?? "true";
  }
  return flags;
}

export function withoutFlags(args: string): string {
  return args.replace(/^(?:--[a-z-]+(?:=\S+)?\s+)*/, "");
}

/** Shell-like words: double and single quotes, backslash escapes. */
export function words(text: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === "\\" && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= "";
    } else if (ch === "\\" && i + 1 < text.length) {
      word = (word ?? "") + text[++i];
    } else if (/\s/.test(ch)) {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else {
      word = (word ?? "") + ch;
    }
  }
  if (word !== undefined) out.push(word);
  return out;
}

/** Every ENV of a stage, in order (`K=v K2="v 2"`, or the legacy `K v`). */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of instructions(stage, "ENV")) {
    const parts = words(args);
    if (parts.length > 0 && !parts[0].includes("=")) {
      env[parts[0]] = args.slice(args.indexOf(parts[0]) + parts[0].length).trim();
      continue;
    }
    for (const part of parts) {
      const at = part.indexOf("=");
      env[part.slice(0, at)] = part.slice(at + 1);
    }
  }
  return env;
}

/** The last instruction of a kind in a stage (CMD, USER, WORKDIR... where the last one wins). */
export function last(stage: Stage, keyword: string): Instruction | undefined {
  return instructions(stage, keyword).at(-1);
}

/** COPY/ADD: flags, sources and the destination. */
export function copyOf(instruction: Instruction): { flags: Record<string, string>; sources: string[]; destination: string } {
  const flags = flagsOf(instruction.args);
  const rest = withoutFlags(instruction.args);
  const parts = execForm(rest) ?? words(rest);
  return { flags, sources: parts.slice(0, -1), destination: parts[parts.length - 1] };
}

/** HEALTHCHECK [options] CMD <command> -> options and the command's exec form. */
export function healthcheckOf(instruction: Instruction): { flags: Record<string, string>; command: string[] | undefined; shell?: string } {
  const flags = flagsOf(instruction.args);
  const rest = withoutFlags(instruction.args);
  const match = /^CMD\s+([\s\S]*)$/i.exec(rest);
  if (!match) return { flags, command: undefined };
  const exec = execForm(match[1]);
  return exec ? { flags, command: exec } : { flags, command: undefined, shell: match[1] };
}

/** A .dockerignore: a path is excluded by the last pattern that matches it (! re-includes). */
export function dockerignore(text: string): (path: string) => boolean {
  const rules = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const include = line.startsWith("!");
      const pattern = (include ? line.slice(1) : line).replace(/^\/+/, "").replace(/\/+$/, "");
      return { include, regex: globToRegex(pattern) };
    });
  return (path: string) => {
    const clean = path.replace(/^\.\//, "").replace(/\/+$/, "");
    // a path is excluded when it or one of its parent folders matches
    const prefixes = clean.split("/").map((_, index, parts) => parts.slice(0, index + 1).join("/"));
    let excluded = false;
    for (const rule of rules) {
      if (prefixes.some((prefix) => rule.regex.test(prefix))) excluded = !rule.include;
    }
    return excluded;
  };
}

function globToRegex(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "*" && pattern[i + 1] === "*") {
      source += pattern[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += pattern[i + 2] === "/" ? 2 : 1;
    } else if (ch === "*") source += "[^/]*";
    else if (ch === "?") source += "[^/]";
    else source += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}
