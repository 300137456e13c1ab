import fc from "fast-check";

/**
 * fast-check generators for hostile input: text (injection attempts, unicode, lone surrogates,
 * huge runs), URL path segments (encoded, or raw malformed escapes), query strings (the filter
 * grammar, numbers of every shape), header values and request bodies.
 */

/** FC_SEED=<n> replays a failure fast-check reported; FC_RUNS_FACTOR=<n> fuzzes n times longer than npm test does. */
export const runs = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns: Math.max(1, Math.round(numRuns * Number(process.env.FC_RUNS_FACTOR ?? 1))),
  ...(process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) }),
});

export const INJECTIONS = [
  "' OR '1'='1",
  "' OR 1=1 --",
  "\"; DROP TABLE entities; --",
  "1); DELETE FROM records; --",
  "$.doc",
  "json_extract(doc, '$')",
  "../../etc/passwd",
  "..\\..\\windows",
  "${jndi:ldap://127.0.0.1/x}",
  "{{7*7}}",
  "<script>alert(1)</script>",
  "__proto__",
  "constructor",
  "prototype",
  "null",
  "undefined",
  "NaN",
  "\u0000",
  "\u202e\u0644\u0627",
  "\u200b\ufeff",
  "🙂👨‍👩‍👧",
  "%00",
  "*",
  "?",
  "#",
  "[]",
  "a[]",
  "~",
];

/** Lone surrogates become U+FFFD, so the text can be URL-encoded (bodies keep them). */
export function wellFormed(text: string): string {
  return Array.from(text, (char) => (char.length === 1 && char >= "\ud800" && char <= "\udfff" ? "\ufffd" : char)).join("");
}

export const enc = (text: string) => encodeURIComponent(wellFormed(text));

export const nastyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ maxLength: 30, unit: "binary" }),
  fc.string({ maxLength: 12, unit: "grapheme" }),
  fc.constantFrom(...INJECTIONS),
  fc.integer().map(String),
  fc.constantFrom(100, 1000, 5000).map((n) => "x".repeat(n)),
);

/** One URL path segment, ready to put in a path. Never `.`/`..` (URLs resolve those). */
export const pathSegment: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 4, arbitrary: nastyText.map(enc) },
    { weight: 1, arbitrary: fc.constantFrom("%", "%E0%A4%A", "%00", "%2F", "..%2F..", "%C0%AF", "%FF", "%uD800", "%%", "a%2Fb", "%20", "+") },
  )
  .filter((segment) => segment !== "" && !/^(\.|%2e){1,2}$/i.test(segment));

export const numberish: fc.Arbitrary<string> = fc.oneof(
  fc.integer().map(String),
  fc.bigInt().map(String),
  fc.double().map(String),
  fc.constantFrom("-1", "0", "1", "99", "100", "101", "499", "500", "501", "999", "1000", "1001", "100000", "2147483648", "9007199254740993",
    "99999999999999999999", "1e3", "0x10", "1.5", " 5", "5 ", "+5", "-0", "NaN", "Infinity", "", "٣", "1_000"),
);

export const FILTER_FIELDS = [
  "name", "id", "state", "createdAt", "updatedAt", "flowSpec.id", "connectionSpec.id", "sourceConnectionIds[]", "targetConnectionIds[]",
  "transformations[].params.mappingId", "params.dataSetId", "auth.params.inletId", "inheritedAttributes.sourceConnections[].baseConnection.id",
  "flowId", "metrics.recordSummary.inputRecordCount", "__proto__", "$", "a.b.c.d", "a[].b[].c[].d[].e[]", "name[]", "", ".", "..", "a..b",
];

export const filter: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FILTER_FIELDS) }, { weight: 1, arbitrary: nastyText }),
    fc.constantFrom("==", "=", "!=", ">", ">=", "<", "<=", "~", "=~", "!", "<>", "===", "=>", ""),
    fc.array(
      fc.oneof(
        fc.constantFrom('"quoted"', "'single'", '"unterminated', "a,b", "true", "false", "null", "-1", "1.5", "1e400", '","', ",", "enabled", "draft"),
        nastyText,
        numberish,
      ),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([field, operator, values]) => `${field}${operator}${values.join(",")}`);

const QUERY_KEYS = [
  "property", "orderby", "orderBy", "limit", "start", "count", "continuationToken", "mode", "op", "subOp", "version", "expandSchema", "name",
  "properties", "if-match", "x-adobe-flow-id", "syncValidation", "requestDataSource", "after", "flowId", "status", "format", "org", "sandbox",
];

const queryValue: fc.Arbitrary<string> = fc.oneof(
  numberish,
  nastyText,
  filter,
  fc.constantFrom("true", "false", "TRUE", "enable", "disable", "publish", "draft", "APPLY", "PROGRESS", "asc:created", "desc:name", "+name", "-createdDate",
    "eyJmIjpbXSwibyI6bnVsbCwibCI6MSwiayI6W251bGwsMV19", "bnVsbA", "!!!"),
);

/** A query string (without `?`): known and unknown parameters, encoded, or raw oddities. */
export const queryString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), nastyText), queryValue), { maxLength: 4 })
      .map((pairs) => pairs.map(([key, value]) => `${enc(key)}=${enc(value)}`).join("&")) },
  { weight: 1, arbitrary: fc.constantFrom("&&&", "=", "==", "limit", "limit=", "limit=%", "property=%ZZ", "a=%E0%A4%A", "count=true&limit=5", "limit=1&limit=2", "?", "%") },
);

/** A header value a client can send: Latin-1, no control characters. */
export const headerValue: fc.Arbitrary<string> = fc.string({
  maxLength: 40,
  unit: fc.integer({ min: 0x20, max: 0xff }).filter((code) => code !== 0x7f && (code < 0x80 || code > 0x9f)).map((code) => String.fromCharCode(code)),
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
export const jwt = (claims: unknown) => `${b64({ alg: "none" })}.${b64(claims)}.sig`;

/** Header sets, mostly valid, some missing, malformed or odd. */
export function headerSet(orgs: string[]): fc.Arbitrary<Record<string, string | undefined>> {
  const usual = <T>(value: T, odd: fc.Arbitrary<T | undefined>) => fc.oneof({ weight: 6, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: odd });
  return fc.record({
    Authorization: usual(
      "Bearer test-token",
      fc.oneof(
        fc.constantFrom(undefined, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer lower", "Token x", "Bearer a.b.c", "Bearer ...",
          `Bearer ${jwt({ user_id: { nested: true }, client_id: 42 })}`, `Bearer ${jwt(null)}`, `Bearer ${jwt("text")}`, `Bearer ${"t".repeat(10000)}`),
        headerValue.map((value) => `Bearer ${value}`),
        headerValue,
      ),
    ),
    "x-api-key": usual("test-client", fc.oneof(fc.constantFrom(undefined, "", "   "), headerValue)),
    "x-gw-ims-org-id": usual(orgs[0], fc.oneof(fc.constantFrom(undefined, "", "   ", ...orgs), headerValue)),
    "x-sandbox-name": usual(undefined as string | undefined, fc.oneof(fc.constantFrom("prod", "dev", "", " ", "PROD"), headerValue)),
    Accept: usual(undefined as string | undefined, fc.oneof(
      fc.constantFrom("application/vnd.adobe.xed+json; version=1", "application/vnd.adobe.xed-full+json; version=1", "application/vnd.adobe.xed-id+json",
        "application/vnd.adobe.xed+json", "application/vnd.adobe.xed-full-notext+json; version=1", "application/vnd.adobe.xed+json; version=999",
        "application/vnd.adobe.xed+json; version=%%", "*/*", "text/html", "application/xml", ""),
      headerValue,
    )),
    "Content-Type": usual(undefined as string | undefined, fc.oneof(
      fc.constantFrom("application/json", "application/json; charset=utf-16", "application/vnd.adobe.xed+json", "text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/yaml", "application/jsonx", "json", "", "application/x-jackson-smile"),
      headerValue,
    )),
    "If-Match": usual(undefined as string | undefined, fc.oneof(fc.constantFrom("*", '""', "W/", 'W/"x"', "null"), headerValue)),
    "x-request-id": usual(undefined as string | undefined, headerValue),
  }, { requiredKeys: [] });
}

/** Raw bodies that are not what any route wants. */
export const RAW_BODIES = [
  "", " ", "\n", "{", "}", "[", "]", "null", "true", "0", "-1", '"x"', "[]", "{}", "[{}]", "[null]", "\ufeff{}", '{"a":1}{}', "{'a':1}",
  "NaN", "1e999", '{"a":1e999}', '{"a":-0}', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}',
  '[{"op":"add","path":"/__proto__/polluted","value":true}]', "\u0000", "<xml/>", "a=1&b=2", '{"a":"\\ud800"}', '{"a":"\\u0000"}',
  '{"a":"\\uZZZZ"}', '{"a":1,"a":2}', `[${'"x",'.repeat(5000)}"x"]`, `{${Array.from({ length: 2000 }, (_, i) => `"k${i}":${i}`).join(",")}}`,
];

/** JSON nested `depth` levels deep (arrays or objects). */
export function nested(depth: number, kind: "array" | "object"): string {
  return kind === "array" ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth - 1)}{}${"}".repeat(depth - 1)}`;
}

export const jsonValue = fc.jsonValue({ maxDepth: 4, stringUnit: "binary" });

/** Every JSON pointer into a value, as path arrays (the root included). */
function pathsOf(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...at, index], out));
  else if (value !== null && typeof value === "object") for (const [key, item] of Object.entries(value)) pathsOf(item, [...at, key], out);
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown {
  if (path.length === 0) return remove ? undefined : value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

/** A valid body with one field replaced by a random value (or removed), serialised. */
export function mutated(valid: unknown): fc.Arbitrary<string> {
  const paths = pathsOf(valid);
  return fc
    .tuple(fc.nat(paths.length - 1), fc.oneof(jsonValue, fc.constantFrom(...INJECTIONS), fc.constantFrom(-1, 1e308, 2 ** 53 + 1, "", [], {})), fc.boolean())
    .map(([index, value, remove]) => JSON.stringify(setAt(valid, paths[index], value, remove && paths[index].length > 0)) ?? "");
}

/** Bodies for a write route: mutations of its valid body, random JSON, raw oddities, deep nesting. */
export function body(valid: unknown): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: valid === undefined ? jsonValue.map((value) => JSON.stringify(value)) : mutated(valid) },
    { weight: 2, arbitrary: jsonValue.map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_BODIES) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(999, 1000, 1001, 20_000), fc.constantFrom<"array" | "object">("array", "object")).map(([depth, kind]) => nested(depth, kind)) },
  );
}
