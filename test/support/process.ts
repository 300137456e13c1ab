import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Runs the real emulator (tsx emulator/main.ts) in a child process on a free port. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface RunningEmulator {
  child: ChildProcess;
  url: string;
  /** stdout and stderr together, in the order they arrived. */
  output: () => string;
  stdout: () => string;
  stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startEmulator(env: Record<string, string>, command: string[] = ["node", "--import", "tsx", "emulator/main.ts"]): Promise<RunningEmulator> {
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // "close" rather than "exit": by then everything the process printed has been read.
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        child,
        url: match[1],
        output: () => output,
        stdout: () => stdout,
        stderr: () => stderr,
        stop: (signal = "SIGTERM") => {
          child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}:\n${output}`));
    });
  });
}

/** Runs the emulator expecting it to exit (a bad setting); answers its exit code and output. */
export function runToExit(
  env: Record<string, string>,
  args: string[] = ["--import", "tsx", "emulator/main.ts"],
): Promise<{ code: number | null; output: string; stdout: string; stderr: string }> {
  const child = spawn("node", args, {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output, stdout, stderr });
    }),
  );
}
