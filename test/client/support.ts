import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import { AepError, createClient, type AepClient, type ClientOptions, type CreateFlowRequest, type MappingSetRequest } from "../../client/index.js";
import { ORG } from "../support/app.js";
import { customerioFlowBody, customerioSourceBody, dataLakeTargetBody, HTTP_API_FLOW_SPEC, HTTP_API_SPEC } from "../support/flowservice.js";
import { ROOT, startEmulator, type RunningEmulator } from "../support/process.js";
import { CIO_SCHEMA } from "../support/registry.js";
import { FULL, legacyTutorialBody, SUBSCRIBED, TUTORIAL_MAPPINGS } from "../dataprep/api/support.js";

/** The client against the real emulator on a real port, and helpers for the CLI and a stub server. */
export const CREDENTIALS = { accessToken: "test-token", apiKey: "test-client", orgId: ORG } as const;

export interface ClientEmulator {
  emulator: RunningEmulator;
  url: string;
  client: AepClient;
  /** A client with other options (another sandbox, other credentials, a counting fetch). */
  clientWith(options: Partial<ClientOptions>): AepClient;
}

/** The Customer.io fixture set gives every tenant the tutorial's schema and dataset (63ec807d3f5ce91bd2d06c65). */
export async function startClientEmulator(env: Record<string, string> = {}): Promise<ClientEmulator> {
  const emulator = await startEmulator({ DB_PATH: ":memory:", FIXTURES: "customerio", ...env });
  const clientWith = (options: Partial<ClientOptions>) => createClient({ baseUrl: emulator.url, ...CREDENTIALS, ...options });
  return { emulator, url: emulator.url, client: clientWith({}), clientWith };
}

/** The tutorial's flow body (without a mapping), typed for the client. */
export function flowBody(sourceId: string, targetId: string, extra: Partial<CreateFlowRequest> = {}): CreateFlowRequest {
  const { transformations: _none, ...body } = customerioFlowBody(sourceId, targetId);
  return { ...body, ...extra };
}

/** Resolves to the AepError a call rejects with (fails the test when it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<AepError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AepError);
  return error as AepError;
}

/** The Customer.io fixture set (FIXTURES=customerio): tenant extconndev, this schema and dataset. */
export const FIXTURE_SCHEMA = CIO_SCHEMA;
export const FIXTURE_DATASET = "63ec807d3f5ce91bd2d06c65";
export const XED_FULL = FULL;
export { SUBSCRIBED, TUTORIAL_MAPPINGS };

/** The tutorial's mapping set body, in its legacy form (sourceAttribute / destinationXdmPath). */
export function tutorialMappingSet(mappings = TUTORIAL_MAPPINGS): MappingSetRequest {
  return legacyTutorialBody(FIXTURE_SCHEMA, mappings);
}

/** What the tutorial's mapping makes of SUBSCRIBED. */
export const SUBSCRIBED_XDM = {
  _extconndev: { cio_id: "d9c106000001", email: "test@example.com", event_id0: SUBSCRIBED.event_id, metricx: "subscribed", object_type1: "customer", timestampx: 1613063089 },
};

/** The tutorial's dataflow into the fixture dataset, through the client: the flow id, its inletUrl and the mapping set. */
export async function customerioDataflow(client: AepClient): Promise<{ flowId: string; inletUrl: string; mappingSetId: string }> {
  const source = await client.flowService.sourceConnections.create(customerioSourceBody());
  const target = await client.flowService.targetConnections.create(dataLakeTargetBody(FIXTURE_DATASET));
  const mappingSet = await client.dataPrep.mappingSets.create(tutorialMappingSet());
  const created = await client.flowService.flows.create(
    flowBody(source.id, target.id, { transformations: [{ name: "Mapping", params: { mappingId: mappingSet.id, mappingVersion: 0 } }] }),
  );
  const flow = await client.flowService.flows.get(created.id);
  const inletUrl = flow.options?.inletUrl;
  expect(inletUrl).toMatch(/\/collection\/[0-9a-f]{64}$/);
  return { flowId: flow.id, inletUrl: inletUrl as string, mappingSetId: mappingSet.id };
}

/** An HTTP API streaming connection with these auth params, and a flow from it into the fixture dataset (no mapping): its inletUrl and the flow id. */
export async function httpApiDataflow(client: AepClient, params: Record<string, unknown>): Promise<{ inletUrl: string; flowId: string }> {
  const connection = await client.flowService.connections.create({
    name: "client inlet",
    connectionSpec: { id: HTTP_API_SPEC, version: "1.0" },
    auth: { specName: "Streaming Connection", params: { name: "client inlet", ...params } },
  });
  const inletUrl = (await client.flowService.connections.get(connection.id)).auth?.params?.inletUrl;
  expect(inletUrl).toMatch(/\/collection\/[0-9a-f]{64}$/);
  const source = await client.flowService.sourceConnections.create({ name: "source", baseConnectionId: connection.id, connectionSpec: { id: HTTP_API_SPEC, version: "1.0" } });
  const target = await client.flowService.targetConnections.create(dataLakeTargetBody(FIXTURE_DATASET));
  const flow = await client.flowService.flows.create({
    name: "HTTP API flow",
    flowSpec: { id: HTTP_API_FLOW_SPEC, version: "1.0" },
    sourceConnectionIds: [source.id],
    targetConnectionIds: [target.id],
  });
  return { inletUrl: inletUrl as string, flowId: flow.id };
}

/** A fetch that records each request's method and path (query included). */
export function countingFetch(): { fetch: typeof fetch; requests: { method: string; url: string }[] } {
  const requests: { method: string; url: string }[] = [];
  return {
    requests,
    fetch: (input, init) => {
      requests.push({ method: init?.method ?? "GET", url: String(input) });
      return fetch(input, init);
    },
  };
}

export interface StubRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
}

export interface Stub {
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 port 0 that answers each request with `answer`. */
export async function startStub(answer: (request: StubRequest, index: number, response: ServerResponse) => void): Promise<Stub> {
  const requests: StubRequest[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const recorded = { method: request.method ?? "", url: request.url ?? "", headers: request.headers, body, at: Date.now() };
      requests.push(recorded);
      answer(recorded, requests.length - 1, response);
    });
  });
  return { ...(await listenOnLoopback(server)), requests };
}

/** Starts `server` on a free loopback port; `close` ends its open connections too. */
export async function listenOnLoopback(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "Content-Type": "application/json", ...headers });
  response.end(body === undefined ? "" : JSON.stringify(body));
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** tsx's loader by path, so that a child started in another folder still finds it. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** Runs `node --import tsx client/cli/main.ts ...args` with only the given settings in its environment. */
export function runCli(args: string[], env: Record<string, string> = {}, options: { cwd?: string } = {}): Promise<CliResult> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !["AEP_BASE_URL", "ACCESS_TOKEN", "API_KEY", "IMS_ORG", "SANDBOX_NAME"].includes(name)),
  );
  const child = spawn("node", ["--import", TSX, `${ROOT}client/cli/main.ts`, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...base, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

/**
 * Runs aepflow's `run(argv, io)` in this process, with only the given settings as its environment:
 * the same code path as the bin without the cost of starting node and tsx.
 */
export async function runCliInProcess(args: string[], env: Record<string, string> = {}, options: { cwd?: string; stdin?: string } = {}): Promise<CliResult> {
  const { run } = await import("../../client/cli/main.js");
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    cwd: options.cwd ?? ROOT,
    readStdin: () => options.stdin ?? "",
  });
  return { code, stdout, stderr };
}

/** The environment aepflow reads, pointed at `url`. */
export function cliEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return { AEP_BASE_URL: url, ACCESS_TOKEN: CREDENTIALS.accessToken, API_KEY: CREDENTIALS.apiKey, IMS_ORG: CREDENTIALS.orgId, ...extra };
}
