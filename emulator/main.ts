import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createApp } from "./app.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createIdSource } from "./platform/ids.js";
import { openStore } from "./store/db.js";
import { createLogger } from "./platform/log.js";

/** Start-up only: config, store, app, listen, graceful shutdown. */
function main(): void {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  const log = createLogger(config.logLevel);
  const store = openStore(config.dbPath);
  let port = config.port;
  const app = createApp({
    store,
    ids: createIdSource(config.idSeed),
    now: Date.now,
    inletBaseUrl: () => config.inletBaseUrl ?? `http://localhost:${port}`,
    apiKeys: config.apiKeys,
    orgIds: config.orgIds,
    log: log.request,
  });

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info: AddressInfo) => {
    port = info.port;
    const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
    log.ready(`aep-flow-emulator listening on http://${host}:${info.port} (database ${config.dbPath})`);
  });
  server.on("error", (error) => {
    console.error(`aep-flow-emulator could not listen on ${config.host}:${config.port}: ${error.message}`);
    store.close();
    process.exit(1);
  });

  const shutdown = (signal: string) => {
    log.info(`received ${signal}, shutting down`);
    server.close(() => {
      store.close();
      process.exit(0);
    });
    setTimeout(() => {
      store.close();
      process.exit(0);
    }, 2000).unref();
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main();
