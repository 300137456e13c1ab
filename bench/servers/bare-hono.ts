import { serve } from "@hono/node-server";
import { Hono } from "hono";

/** Baseline: the limit of our framework (Hono on @hono/node-server) on this machine, answering a small JSON body. */
const app = new Hono();
app.get("*", (c) => c.json({ items: [{ id: "5c2b3f5e-6d2b-4a57-9f0e-6a1d2b0c3d4e", state: "enabled" }] }));

const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: Number(process.env.PORT ?? 0) }, (info) => {
  console.log(`bare hono listening on http://127.0.0.1:${info.port}`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
