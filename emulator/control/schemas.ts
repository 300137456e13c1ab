import { z } from "@hono/zod-openapi";

/** The control plane's error body: the platform's generic problem body. */
export const ControlError = z
  .object({ type: z.string(), status: z.number(), title: z.string(), detail: z.string() })
  .openapi("ControlError");

export const CONTROL_TAGS = ["Emulator control plane"];

/**
 * The query of a control route whose scope it narrows (a tenant, a filter) or that changes state: a
 * parameter it does not know is a 400 and nothing is done. Ignored, a misspelt one would widen the
 * call: ?orgId= on POST /reset would empty every tenant, ?foo= on DELETE /requests clear the whole
 * journal, ?statuss=failed on the records list answer every record.
 */
export function strictQuery<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      const names = issue.keys.map((key) => JSON.stringify(key)).join(", ");
      const takes = known.length === 0 ? "none" : known.join(", ");
      return `${names} ${issue.keys.length === 1 ? "is not a parameter" : "are not parameters"} of this route, which takes ${takes}`;
    },
  });
}
