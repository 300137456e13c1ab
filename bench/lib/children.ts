import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** Every server and workload runs in a child process of its own, so its RSS and CPU are its own. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const CACHE = `${ROOT}bench/.cache`;

/**
 * The environment every child gets. This machine sets NODE_EXTRA_CA_CERTS, which makes every Node
 * start read a certificate bundle (about 80 ms); no benchmarked server makes TLS calls, and a user's
 * CI runner does not set it, so children run without it.
 */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && name !== "NODE_EXTRA_CA_CERTS") env[name] = value;
  return { ...env, ...extra };
}

/** `node --import tsx <file>`: TypeScript without a build step (bench helpers, baselines). */
/** `KEY=VALUE` from the command line as [key, value]; the value may hold "=" itself (NODE_OPTIONS=--flag=1). */
export function keyAndValue(setting: string): [string, string] {
  const equals = setting.indexOf("=");
  return equals === -1 ? [setting, ""] : [setting.slice(0, equals), setting.slice(equals + 1)];
}

export function tsx(file: string, ...args: string[]): string[] {
  return [process.execPath, "--import", "tsx", file, ...args];
}

export interface Child {
  name: string;
  url: string;
  pid: number;
  process: ChildProcess;
  /** The last 64 KiB the child printed. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** The line that says the child serves; its first group is the base URL. */
  ready?: RegExp;
  /** Instead of a line: the child serves once a GET of this URL answers (any status); its origin is the base URL. */
  probeUrl?: string;
  timeoutMs?: number;
}

const LISTENING = /listening on (https?:\/\/[^\s\u001b)]+)/;

export function startChild(name: string, command: string[], options: StartOptions = {}): Promise<Child> {
  const child = spawn(command[0], command.slice(1), {
    cwd: options.cwd ?? ROOT,
    env: childEnv(options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 65536) output = output.slice(-65536);
  };
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const ready = options.ready ?? LISTENING;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${name} did not start within ${options.timeoutMs ?? 60000} ms:\n${output.slice(-2000)}`));
    }, options.timeoutMs ?? 60000);
    let served = false;
    const serving = (url: string) => {
      if (served) return;
      served = true;
      clearTimeout(timer);
      resolve({ name, url: url.replace(/\/$/, ""), pid: child.pid as number, process: child, output: () => output, stop });
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    if (options.probeUrl === undefined) {
      const onData = () => {
        const match = ready.exec(output);
        if (match === null) return;
        child.stdout?.off("data", onData);
        child.stderr?.off("data", onData);
        serving(match[1]);
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
    } else {
      const probeUrl = options.probeUrl;
      const probe = async () => {
        while (!served && child.exitCode === null) {
          if ((await getStatus(probeUrl)) > 0) return serving(new URL(probeUrl).origin);
          await new Promise((wait) => setTimeout(wait, 100));
        }
      };
      void probe();
    }
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (!served) reject(new Error(`${name} exited (${code ?? signal}) before it served:\n${output.slice(-2000)}`));
    });
  });
}

/** Runs a child to its end and answers the last line it printed to stdout, parsed as JSON. */
export function runJsonChild<T>(name: string, command: string[], env: Record<string, string> = {}, timeoutMs = 300_000): Promise<T> {
  const child = spawn(command[0], command.slice(1), { cwd: ROOT, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`${name} exited with ${code}:\n${(stderr || stdout).slice(-2000)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${name} printed no JSON result:\n${(stderr || stdout).slice(-2000)}`));
      }
    });
  });
}

/** VmRSS and VmHWM (peak) of a process, in MiB, from /proc/<pid>/status (Linux). */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of the file (utime, stime), in clock ticks of 1/100 s.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One GET, answering its status (0 when the connection is refused). */
export function getStatus(url: string, timeoutMs = 1000): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: "GET", agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once("end", () => resolve(res.statusCode ?? 0));
    });
    req.once("error", () => resolve(0));
    req.once("timeout", () => req.destroy());
    req.end();
  });
}

/** One request with a JSON body or none, answering status and parsed body. */
export async function fetchJson(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const response = await fetch(url, {
    method: init.method ?? "GET",
    headers: { ...(init.body === undefined ? {} : { "Content-Type": "application/json" }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, text, body: text === "" ? undefined : (JSON.parse(text) as any) };
}

/** Milliseconds from spawn to the first 200 of `path`, polled every 2 ms on a port chosen beforehand. */
export async function coldStart(command: string[], env: Record<string, string>, path: string): Promise<number> {
  const port = await freePort();
  const begin = performance.now();
  const child = spawn(command[0], command.slice(1), { cwd: ROOT, env: childEnv({ ...env, PORT: String(port) }), stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    for (;;) {
      if ((await getStatus(`http://127.0.0.1:${port}${path}`, 2000)) === 200) return performance.now() - begin;
      if (child.exitCode !== null) throw new Error(`${command.join(" ")} exited with ${child.exitCode} before it answered`);
      if (performance.now() - begin > 60_000) throw new Error(`${command.join(" ")} did not answer within 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}
