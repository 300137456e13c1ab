import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../support/process.js";
import { allRecords, expectHealthy, httpRequester, noPlatformHeaders, type Requester } from "./support.js";
import { buildWorld, FS, xdmEvent } from "./world.js";

/**
 * Crash durability: the emulator ingests a stream of events on a file database and is killed with
 * SIGKILL in the middle of it. The file is sound (PRAGMA integrity_check), and after a restart on
 * the same file every acknowledged event is there exactly once, and the runs count what is stored.
 */

const ORG = "0123456789ABCDEF01234567@AdobeOrg";
const WORKERS = 8;
const KILL_AFTER = 300;

describe("SIGKILL in the middle of a stream of events", () => {
  const directory = mkdtempSync(join(tmpdir(), "aep-crash-"));
  const dbPath = join(directory, "emulator.sqlite");
  const running: RunningEmulator[] = [];

  afterAll(async () => {
    for (const each of running) if (each.child.exitCode === null && each.child.signalCode === null) await each.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it("keeps every acknowledged event once, and the database file sound", async () => {
    const first = await startEmulator({ DB_PATH: dbPath, FIXTURES: "customerio" });
    running.push(first);
    const request = httpRequester(first.url);
    const world = await buildWorld(request, { org: ORG });

    // Workers post single events and batches of three until the process is gone.
    const acknowledged = new Set<string>();
    const sent = new Set<string>();
    let next = 0;
    let killed = false;
    let exited: Promise<number | null> | undefined;
    const worker = async (slot: number) => {
      for (;;) {
        const batch = (next + slot) % 2 === 0;
        const numbers = batch ? [next++, next++, next++] : [next++];
        for (const n of numbers) sent.add(eventId(n));
        let answer: Response;
        try {
          answer = await fetch(`${first.url}/collection/${batch ? "batch/" : ""}${world.inletId}`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(batch ? { messages: numbers.map((n) => xdmEvent(n + 100, world.httpFlowId)) } : xdmEvent(numbers[0] + 100, world.httpFlowId)),
          });
        } catch {
          if (killed) return; // the connection died with the process: not acknowledged
          throw new Error("a request failed before the kill");
        }
        const body = (await answer.json().catch(() => undefined)) as { responses?: { xactionId?: string }[] } | undefined;
        if (answer.status === 200) acknowledged.add(eventId(numbers[0]));
        else if (answer.status === 207) body?.responses?.forEach((each, index) => each.xactionId && acknowledged.add(eventId(numbers[index])));
        else throw new Error(`unexpected ${answer.status}`);
        if (!killed && acknowledged.size >= KILL_AFTER) {
          killed = true;
          exited = first.stop("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, slot) => worker(slot)));
    await exited;
    expect(first.child.signalCode).toBe("SIGKILL");
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(existsSync(`${dbPath}-wal`)).toBe(true);

    // The file as the killed process left it, read-only.
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(db.pragma("foreign_key_check")).toEqual([]);
      const stored = db.prepare("SELECT count(*) AS n FROM records WHERE flow_id = ?").get(world.httpFlowId) as { n: number };
      expect(stored.n).toBeGreaterThanOrEqual(acknowledged.size);
    } finally {
      db.close();
    }

    // Restarted on the same file.
    const second = await startEmulator({ DB_PATH: dbPath, FIXTURES: "customerio" });
    running.push(second);
    const again: Requester = httpRequester(second.url);
    const records = await allRecords(again, { org: ORG }, world.httpFlowId);
    const events = records.map((record) => record.raw.body.xdmEntity._extconndev.event_id0 as string);
    const counts = new Map<string, number>();
    for (const event of events) counts.set(event, (counts.get(event) ?? 0) + 1);
    const duplicated = [...counts].filter(([, count]) => count > 1);
    expect(duplicated).toEqual([]);
    const missing = [...acknowledged].filter((event) => !counts.has(event));
    expect(missing).toEqual([]);
    // Whatever is stored was sent (the one event buildWorld sent aside), acknowledged or not.
    for (const event of events) if (event !== "event-1") expect(sent.has(event)).toBe(true);

    // A record and its run metrics are written in one transaction: they agree after the crash.
    const runs = (await again("GET", `${FS}/runs?property=flowId==${world.httpFlowId}`)).body.items;
    const counted = runs.reduce((total: number, run: any) => total + run.metrics.recordSummary.inputRecordCount, 0);
    expect(counted).toBe(records.length);

    // And the restarted emulator takes the stream up again.
    const more = await again("POST", `/collection/${world.inletId}`, { body: xdmEvent(999_999, world.httpFlowId), headers: noPlatformHeaders() });
    expect(more.status, more.text).toBe(200);
    expect(await allRecords(again, { org: ORG }, world.httpFlowId)).toHaveLength(records.length + 1);
    await expectHealthy(again);
    await second.stop();
  });
});

function eventId(n: number): string {
  return `event-${n + 100}`;
}
