import autocannon, { type Request, type Result } from "autocannon";
import { cpuSecondsOf } from "./children.js";

/**
 * Load from autocannon, in this (the parent) process; the server runs in a child. Every HTTP row
 * uses the same number of connections so that ratios between rows compare like with like.
 */
export const CONNECTIONS = 10;

export interface LoadPlan {
  url: string;
  /** Seconds; ignored when `amount` is set. */
  duration: number;
  /** Stop after this many requests instead. */
  amount?: number;
  connections?: number;
  /** The same request sequence on every connection. */
  requests?: Request[];
  /**
   * A request sequence per connection (connection i gets `perConnection(i)`), for state a
   * connection owns, such as the etag of its own flow. Each connection is then its own autocannon
   * instance (autocannon resets a connection's context every time it loops over its requests).
   */
  perConnection?: (index: number) => Request[];
  /** The server's pid: its CPU time during the run is measured too. */
  pid?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  /** Server CPU (user + system) per request, in microseconds, when the pid was given. */
  cpuUsPerRequest?: number;
  statusCodes: Record<string, number>;
}

export async function load(plan: LoadPlan): Promise<LoadResult> {
  const connections = plan.connections ?? CONNECTIONS;
  const common = { url: plan.url, duration: plan.duration, amount: plan.amount, timeout: 30, skipAggregateResult: true };
  const instances =
    plan.perConnection === undefined
      ? [autocannon({ ...common, connections, requests: plan.requests })]
      : Array.from({ length: connections }, (_, index) =>
          autocannon({
            ...common,
            connections: 1,
            amount: plan.amount === undefined ? undefined : Math.ceil(plan.amount / connections),
            requests: plan.perConnection?.(index),
          }),
        );
  const cpuBefore = plan.pid === undefined ? 0 : cpuSecondsOf(plan.pid);
  const started = performance.now();
  const results: Result[] = await Promise.all(instances.map((instance) => Promise.resolve(instance)));
  const seconds = (performance.now() - started) / 1000;
  const cpu = plan.pid === undefined ? undefined : cpuSecondsOf(plan.pid) - cpuBefore;
  const merged = autocannon.aggregateResult(results, { url: plan.url, connections });
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(merged.statusCodeStats)) statusCodes[code] = count;
  const requests = merged.requests.total;
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50: merged.latency.p50,
    p99: merged.latency.p99,
    errors: merged.errors + merged.timeouts + merged.non2xx,
    statusCodes,
    cpuUsPerRequest: cpu === undefined || requests === 0 ? undefined : (cpu * 1e6) / requests,
  };
}
