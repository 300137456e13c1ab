import { describe, expect, it } from "vitest";
import { createTestEmulator } from "../support/app.js";

describe("GET /openapi.json", () => {
  it("documents every Flow Service route and the control plane, generated from the route definitions", async () => {
    const emulator = createTestEmulator();
    const response = await emulator.app.request("/openapi.json");
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe("3.1.0");
    const expected: [string, string][] = [
      ["/_emulator/health", "get"],
      ["/_emulator/reset", "post"],
      ["/data/foundation/flowservice/connectionSpecs", "get"],
      ["/data/foundation/flowservice/connectionSpecs/{id}", "get"],
      ["/data/foundation/flowservice/flowSpecs", "get"],
      ["/data/foundation/flowservice/flowSpecs/{id}", "get"],
      ["/data/foundation/flowservice/connections/{id}/test", "get"],
      ["/data/foundation/flowservice/runs", "get"],
      ["/data/foundation/flowservice/runs", "post"],
      ["/data/foundation/flowservice/runs/{id}", "get"],
    ];
    for (const collection of ["connections", "sourceConnections", "targetConnections", "flows"]) {
      const base = `/data/foundation/flowservice/${collection}`;
      expected.push([base, "get"], [base, "post"], [`${base}/{id}`, "get"], [`${base}/{id}`, "patch"], [`${base}/{id}`, "delete"]);
      expected.push([`${base}/{id}/action`, "post"]);
    }
    for (const [path, method] of expected) {
      expect(document.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
    }
    emulator.close();
  });

  it("documents every control-plane route the app serves, as the app's own router lists them (the Inspector's page and files aside)", async () => {
    const emulator = createTestEmulator();
    const document = (await (await emulator.app.request("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    // The Inspector (README, "Inspector"): its page, static files and the two JSON files only the
    // page reads. A web page for people, not an operation of the API, so not in the document.
    const inspector = ["/_emulator/ui", "/_emulator/ui/index.html", "/_emulator/ui/assets/*", "/_emulator/ui/fixtures/events", "/_emulator/ui/fixtures/sets"];
    const served = emulator.app.routes
      .filter((route) => route.method !== "ALL" && route.path.startsWith("/_emulator/") && !inspector.includes(route.path))
      .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, "{$1}")}`);
    const operations = [...new Set(served)].sort();
    // Every route the README's control-plane table names, at least.
    expect(operations).toEqual(
      expect.arrayContaining([
        "get /_emulator/health",
        "get /_emulator/ready",
        "post /_emulator/reset",
        "post /_emulator/seed",
        "get /_emulator/seed",
        "get /_emulator/export",
        "get /_emulator/requests",
        "delete /_emulator/requests",
        "post /_emulator/faults",
        "get /_emulator/faults",
        "delete /_emulator/faults",
        "delete /_emulator/faults/{id}",
        "post /_emulator/provider-states",
        "get /_emulator/provider-states",
        "get /_emulator/datasets/{datasetId}/records",
        "get /_emulator/tenants",
      ]),
    );
    const undocumented = operations.filter((operation) => {
      const [method, path] = operation.split(" ");
      return document.paths[path]?.[method] === undefined;
    });
    expect(undocumented).toEqual([]);
    // The routes left out are the Inspector's, as served (a stale list would hide nothing real).
    expect(emulator.app.routes.map((route) => route.path)).toEqual(expect.arrayContaining(inspector));
    emulator.close();
  });

  it("documents the headers a route reads itself: If-Match on updates and actions, Accept on Schema Registry reads", async () => {
    const emulator = createTestEmulator();
    const document = (await (await emulator.app.request("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[] }>>;
    };
    const headersOf = (path: string, method: string) =>
      (document.paths[path]?.[method]?.parameters ?? []).filter((parameter) => parameter.in === "header").map(({ name, required }) => ({ name, required }));
    for (const collection of ["connections", "sourceConnections", "targetConnections", "flows"]) {
      const base = `/data/foundation/flowservice/${collection}`;
      expect(headersOf(`${base}/{id}`, "patch"), collection).toEqual([{ name: "if-match", required: false }]);
      expect(headersOf(`${base}/{id}/action`, "post"), collection).toEqual([{ name: "if-match", required: false }]);
    }
    for (const path of ["/{container}/schemas", "/{container}/schemas/{id}", "/{container}/fieldgroups/{id}"]) {
      expect(headersOf(`/data/foundation/schemaregistry${path}`, "get"), path).toEqual([{ name: "accept", required: false }]);
    }
    emulator.close();
  });
});
