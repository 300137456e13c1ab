import { createRequire } from "node:module";
import { isNil, requireString } from "../values.js";
import { def, type FunctionDef, type FunctionTable } from "./registry.js";

interface UAResult {
  browser: { name?: string; version?: string; major?: string };
  os: { name?: string; version?: string };
  device: { type?: string; vendor?: string; model?: string };
}

// ua-parser-js 1.x is CommonJS without type declarations. Loaded on first use: few mapping sets
// call a ua_ function, and loading it adds tens of ms to every start.
let parseUserAgent: ((ua: string) => UAResult) | undefined;

const cache = new Map<string, UAResult>();

function parsed(ua: string): UAResult {
  const hit = cache.get(ua);
  if (hit) return hit;
  parseUserAgent ??= createRequire(import.meta.url)("ua-parser-js") as (ua: string) => UAResult;
  const result = parseUserAgent(ua);
  if (cache.size > 1000) cache.clear();
  cache.set(ua, result);
  return result;
}

/** Adobe reports "Safari" where ua-parser-js says "Mobile Safari" (likewise Chrome, Firefox). */
function agentName(result: UAResult): string | undefined {
  return result.browser.name?.replace(/^Mobile /, "");
}

function major(version: string | undefined): string | undefined {
  return version?.split(/[._]/)[0];
}

function joined(...parts: (string | undefined)[]): string | null {
  return parts.every((p) => p) ? parts.join(" ") : null;
}

const DESKTOP_OS = /^(Windows|Mac OS|macOS|Linux|Ubuntu|Debian|Fedora|Chrom(e|ium) OS|FreeBSD|OpenBSD|Solaris|Mint|Arch|CentOS|Gentoo|Red Hat|SUSE)/i;
const ROBOT = /bot|crawl|spider|slurp|facebookexternalhit|headless/i;

/** Device classes named as in the docs' appendix ("Phone", "Tablet", "Desktop"...). */
function deviceClass(result: UAResult, ua: string): string {
  if (ROBOT.test(ua)) return "Robot";
  switch (result.device.type) {
    case "mobile":
      return "Phone";
    case "tablet":
      return "Tablet";
    case "smarttv":
      return "TV";
    case "console":
      return "Game Console";
    case "wearable":
      return "Watch";
    case "xr":
      return "Virtual Reality";
    case "embedded":
      return "Mobile";
  }
  return result.os.name && DESKTOP_OS.test(result.os.name) ? "Desktop" : "Unknown";
}

function uaFunction(extract: (result: UAResult, ua: string) => string | null | undefined): FunctionDef {
  return def(1, 1, (args) => {
    if (isNil(args[0])) return null;
    const ua = requireString(args[0], "user agent");
    return extract(parsed(ua), ua) ?? null;
  });
}

export const userAgentFunctions: FunctionTable = {
  ua_os_name: uaFunction((r) => r.os.name),
  // The docs' example answers "iOS 5": the name with the major version.
  ua_os_version_major: uaFunction((r) => joined(r.os.name, major(r.os.version))),
  ua_os_version: uaFunction((r) => r.os.version),
  ua_os_name_version: uaFunction((r) => joined(r.os.name, r.os.version)),
  ua_agent_version: uaFunction((r) => r.browser.version),
  // The docs' example answers "Safari 5": the name with the major version.
  ua_agent_version_major: uaFunction((r) => joined(agentName(r), r.browser.major)),
  ua_agent_name: uaFunction((r) => agentName(r)),
  ua_device_class: uaFunction((r, ua) => deviceClass(r, ua)),
};
