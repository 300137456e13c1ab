import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Hono } from "hono";
import type { AppEnv } from "../platform/context.js";

/**
 * GET /docs: Swagger UI for /openapi.json, served from the swagger-ui-dist package so the page
 * works offline (no CDN). Our own index page and initializer replace the package's (which point at
 * the petstore); the online spec validator is turned off.
 */
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "index.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "oauth2-redirect.html": "text/html; charset=utf-8",
  "oauth2-redirect.js": "text/javascript; charset=utf-8",
  "favicon-16x16.png": "image/png",
  "favicon-32x32.png": "image/png",
};

export const DOCS_INDEX = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>AEP Flow Service emulator API</title>
    <link rel="stylesheet" type="text/css" href="/docs/swagger-ui.css" />
    <link rel="stylesheet" type="text/css" href="/docs/index.css" />
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32" />
    <link rel="icon" type="image/png" href="/docs/favicon-16x16.png" sizes="16x16" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="/docs/swagger-initializer.js" charset="UTF-8"></script>
  </body>
</html>
`;

export const DOCS_INITIALIZER = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
`;

let assetFolder: string | undefined;

function assetPath(name: string): string {
  assetFolder ??= dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  return join(assetFolder, name);
}

const cache = new Map<string, Uint8Array<ArrayBuffer>>();

function asset(name: string): Uint8Array<ArrayBuffer> {
  let bytes = cache.get(name);
  if (bytes === undefined) {
    bytes = new Uint8Array(readFileSync(assetPath(name)));
    cache.set(name, bytes);
  }
  return bytes;
}

export function docsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });
  app.get("/", (c) => c.html(DOCS_INDEX));
  app.get("/index.html", (c) => c.html(DOCS_INDEX));
  app.get("/swagger-initializer.js", (c) => c.body(DOCS_INITIALIZER, 200, { "Content-Type": "text/javascript; charset=utf-8" }));
  app.get("/:asset", (c, next) => {
    const name = c.req.param("asset");
    const contentType = ASSETS[name];
    if (contentType === undefined) return next();
    return c.body(asset(name), 200, { "Content-Type": contentType, "Cache-Control": "public, max-age=3600" });
  });
  return app;
}
