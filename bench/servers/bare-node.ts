import { createServer } from "node:http";

/** Baseline: the limit of Node's own HTTP server on this machine, answering a small JSON body. */
const body = JSON.stringify({ items: [{ id: "5c2b3f5e-6d2b-4a57-9f0e-6a1d2b0c3d4e", state: "enabled" }] });

const server = createServer((req, res) => {
  req.resume();
  req.once("end", () => {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  console.log(`bare node:http listening on http://127.0.0.1:${port}`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
