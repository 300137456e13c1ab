import type { Context } from "hono";

/**
 * An `x-` request header (`x-api-key`, `x-gw-ims-org-id`, `x-sandbox-name`, ...), as
 * `c.req.header(name)` answers it: the values of a repeated header joined with ", ", without the
 * whitespace around them. Served by @hono/node-server it is a property of the headers Node has already
 * parsed, where `c.req.header` would check the name with a regular expression, lower-case it and
 * normalise the value again on every read (four or five per platform request).
 * Node joins repeated `x-` headers as the Fetch API does (it keeps only the first of a few standard
 * ones, such as Authorization, which is why this is for `x-` names only). `name` is lower case.
 */
export function customHeader(c: Context, name: `x-${string}`): string | undefined {
  const headers = (c.env as { incoming?: { headers?: Record<string, string | string[] | undefined> } } | undefined)?.incoming?.headers;
  if (headers === undefined) return c.req.header(name);
  const value = headers[name];
  return typeof value === "string" ? value : undefined;
}

/** An OpenAPI header parameter, as a route's `parameters` lists it (a type, not an interface: OpenAPI's allows `x-` keys). */
export type HeaderParameter = {
  name: string;
  in: "header";
  required: false;
  description: string;
  schema: { type: "string" };
};

/**
 * An optional request header, documented in the route's OpenAPI `parameters` instead of its
 * `request.headers`, for a header the handler reads itself (`c.req.header(name)`). Hono's header
 * validator copies every request header into a Fetch API Headers object (undici checks each name
 * and value) before it reads one: about 20 µs of a PATCH, for a value that is any string.
 */
export function optionalHeader(name: string, description: string): HeaderParameter {
  return { name, in: "header", required: false, description, schema: { type: "string" } };
}
