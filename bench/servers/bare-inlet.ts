import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { openStore } from "../../emulator/store/db.js";

/**
 * Baseline: the least an inlet that answers after its COMMIT does, on Hono, on this machine. Each
 * message is read and parsed, written as one row of the emulator's own records table (the
 * message as sent, and serialised once more where the emulator keeps the mapped record) through
 * the emulator's store and its group commit (the writes of one event-loop turn commit together),
 * and answered with the documented body once committed. No gateway, journal, validation, mapping
 * or run metrics.
 */
const dbPath = process.env.DB_PATH;
if (dbPath === undefined) throw new Error("bare-inlet: set DB_PATH");
const store = openStore(dbPath);
const insert = store.db.prepare(
  "INSERT INTO records (org, sandbox, dataset_id, flow_id, inlet_id, xaction_id, received_ms, status, record, raw, errors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
);
let xactions = 0;

const app = new Hono();
app.post("/collection/:inletId", async (c) => {
  const receivedMs = Date.now();
  const sent = await c.req.text();
  const message = JSON.parse(sent) as unknown;
  const inletId = c.req.param("inletId");
  const flowId = c.req.query("x-adobe-flow-id") ?? "";
  const xactionId = `${receivedMs}:${xactions++}`;
  await store.grouped(() =>
    insert.run("bench", "prod", "dataset", flowId, inletId, xactionId, receivedMs, "ingested", JSON.stringify(message), sent, "[]"),
  );
  return c.json({ inletId, xactionId, receivedTimeMs: receivedMs, syncValidation: { skipped: true } });
});

const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: Number(process.env.PORT ?? 0) }, (info) => {
  console.log(`bare inlet listening on http://127.0.0.1:${info.port}`);
});
process.once("SIGTERM", () => {
  server.close(() => {
    store.close();
    process.exit(0);
  });
});
