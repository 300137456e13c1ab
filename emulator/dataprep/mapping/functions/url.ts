import { EvaluationError } from "../errors.js";
import { isNil, requireString, setOwn, type JsonObject } from "../values.js";
import { def, type FunctionTable } from "./registry.js";

interface UrlParts {
  scheme?: string;
  authority?: string;
  path: string;
  query?: string;
  fragment?: string;
}

/** RFC 3986 appendix B; text with characters java.net.URI rejects (spaces, quotes...) is not a URL. */
const URI = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;
const ILLEGAL = /[\s"<>\\^`{|}]/;

function parseUrl(value: unknown): UrlParts | undefined {
  if (isNil(value)) return undefined;
  const text = requireString(value, "URL");
  if (text === "" || ILLEGAL.test(text)) return undefined;
  const m = URI.exec(text);
  if (!m) return undefined;
  return { scheme: m[1], authority: m[2], path: m[3], query: m[4], fragment: m[5] };
}

function hostAndPort(authority: string | undefined): { host?: string; port?: number } {
  if (authority === undefined) return {};
  const withoutUser = authority.slice(authority.lastIndexOf("@") + 1);
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(withoutUser);
  if (!m) return {};
  return { host: m[1] || undefined, port: m[2] ? Number(m[2]) : undefined };
}

const DEFAULT_PORTS: Record<string, number> = {
  http: 80, https: 443, ws: 80, wss: 443, ftp: 21, ftps: 990, sftp: 22, ssh: 22, scp: 22,
  telnet: 23, smtp: 25, dns: 53, gopher: 70, pop3: 110, nntp: 119, imap: 143, ldap: 389,
  ldaps: 636, rtsp: 554, mysql: 3306, postgresql: 5432, redis: 6379, mongodb: 27017,
};

function protocol(args: unknown[]): unknown {
  return parseUrl(args[0])?.scheme ?? null;
}

function host(args: unknown[]): unknown {
  return hostAndPort(parseUrl(args[0])?.authority).host ?? null;
}

function port(args: unknown[]): unknown {
  const url = parseUrl(args[0]);
  if (!url) return null;
  const explicit = hostAndPort(url.authority).port;
  if (explicit !== undefined) return explicit;
  return DEFAULT_PORTS[url.scheme?.toLowerCase() ?? ""] ?? null;
}

/** With FULL_PATH false only the last path segment is returned. */
function path(args: unknown[]): unknown {
  const url = parseUrl(args[0]);
  if (!url) return null;
  if (isNil(args[1]) || args[1] === true || args[1] === "true") return url.path;
  return url.path.slice(url.path.lastIndexOf("/") + 1);
}

/** Query parameters as an object; ANCHOR says what happens to the #fragment. */
function queryString(args: unknown[]): unknown {
  const url = parseUrl(args[0]);
  if (!url) return null;
  const anchor = isNil(args[1]) ? "retain" : requireString(args[1], "anchor").toLowerCase();
  if (anchor !== "retain" && anchor !== "remove" && anchor !== "append") {
    throw new EvaluationError(`get_url_query_str anchor must be "retain", "remove" or "append", got '${anchor}'`);
  }
  const result: JsonObject = {};
  const pairs = url.query ? url.query.split("&").filter((p) => p !== "") : [];
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    const key = decodeLenient(eq < 0 ? pair : pair.slice(0, eq));
    setOwn(result, key, eq < 0 ? null : decodeLenient(pair.slice(eq + 1)));
  }
  if (url.fragment === undefined) return result;
  if (anchor === "append") setOwn(result, "_anchor_", url.fragment);
  if (anchor === "retain" && pairs.length > 0) {
    const lastKey = Object.keys(result).pop() as string;
    setOwn(result, lastKey, `${result[lastKey] ?? ""}#${url.fragment}`);
  }
  return result;
}

function decodeLenient(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Percent-encodes every reserved character of the docs' appendix, space as %20. */
function encoded(args: unknown[]): unknown {
  if (isNil(args[0])) return null;
  return encodeURIComponent(requireString(args[0], "URL")).replace(
    /[!'()*~]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decoded(args: unknown[]): unknown {
  if (isNil(args[0])) return null;
  const text = requireString(args[0], "URL");
  try {
    return decodeURIComponent(text);
  } catch {
    throw new EvaluationError(`'${text}' contains an invalid percent-encoding`);
  }
}

export const urlFunctions: FunctionTable = {
  get_url_protocol: def(1, 1, protocol),
  get_url_host: def(1, 1, host),
  get_url_port: def(1, 1, port),
  get_url_path: def(1, 2, path),
  get_url_query_str: def(1, 2, queryString),
  get_url_encoded: def(1, 1, encoded),
  get_url_decoded: def(1, 1, decoded),
};
