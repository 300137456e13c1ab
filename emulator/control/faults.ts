import { pathMatcher } from "./journal.js";

/**
 * Fault injection: rules that make matching requests fail, slow down, or both, like WireMock's
 * faults or LocalStack's chaos API. A rule with `count` fires for the next N matches and is then
 * removed; `probability` fires it at random.
 */
export interface FaultRule {
  id: string;
  method?: string;
  path: string;
  org?: string;
  sandbox?: string;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  latencyMs?: number;
  jitterMs?: number;
  count?: number;
  probability?: number;
  /** How many requests the rule has fired for. */
  fired: number;
}

/** `org` and `sandbox` are the request's tenant, both absent when it has none. */
export interface FaultRequest {
  method: string;
  path: string;
  org?: string;
  sandbox?: string;
}

export interface Fault {
  rule: FaultRule;
  delayMs: number;
}

export class FaultRules {
  private rules: { rule: FaultRule; matches: (path: string) => boolean }[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): FaultRule {
    this.rules.push({ rule, matches: pathMatcher(rule.path) });
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map(({ rule }) => rule);
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter(({ rule }) => rule.id !== id);
    return this.rules.length < before;
  }

  /** Removes every rule; answers how many there were. */
  clear(): number {
    const count = this.rules.length;
    this.rules = [];
    return count;
  }

  get size(): number {
    return this.rules.length;
  }

  /** Whether some rule names an org or a sandbox: only then must a request's tenant be known to match. */
  get limitedToTenant(): boolean {
    return this.rules.some(({ rule }) => isLimitedToTenant(rule));
  }

  /** The first rule that fires for this request, counted as fired; rules run out after `count`. */
  take(request: FaultRequest): Fault | undefined {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (!applies(rule, request) || !entry.matches(request.path)) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      rule.fired += 1;
      if (rule.count !== undefined && rule.fired >= rule.count) this.remove(rule.id);
      const jitter = rule.jitterMs ? Math.round(this.random() * rule.jitterMs) : 0;
      return { rule, delayMs: (rule.latencyMs ?? 0) + jitter };
    }
    return undefined;
  }
}

function applies(rule: FaultRule, request: FaultRequest): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== request.method.toUpperCase()) return false;
  if (rule.org !== undefined && rule.org !== request.org) return false;
  if (rule.sandbox !== undefined && rule.sandbox !== request.sandbox) return false;
  return true;
}

function isLimitedToTenant(rule: FaultRule): boolean {
  return rule.org !== undefined || rule.sandbox !== undefined;
}
