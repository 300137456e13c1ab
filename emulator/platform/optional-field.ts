import { z } from "@hono/zod-openapi";

/**
 * An optional, typed field of a request body that also takes `null`, read as the field being
 * absent: Adobe's services are Java and read bodies with Jackson, which leaves a typed field that
 * is sent as null unset. .NET (Newtonsoft's default) and Python clients send such nulls.
 *
 * A codec, so each direction has its own shape:
 * - decoding (a request body, `c.req.valid`): `null` or absent, answered as undefined, so nothing
 *   stores or echoes it. /openapi.json documents this side: optional and nullable.
 * - encoding (the document a service stores, as a PATCH makes it: Flow Service checks it with
 *   `safeEncode`): a value or absent, never `null`, so a JSON Patch that writes null there is
 *   refused as it always was.
 *
 * Opaque maps stored as sent (auth.params, a transformation's params), JSON Patch values and XDM
 * documents keep their nulls: they do not use this.
 */
export function optionalField<T extends z.ZodType>(schema: T) {
  // The fields this wraps have no transforms: what they read (output) is what they take (input).
  return z.codec(schema.nullish(), schema.optional(), {
    decode: (value) => (value ?? undefined) as z.input<T> | undefined,
    encode: (value) => value as z.output<T> | undefined,
  });
}
