import { z } from "@hono/zod-openapi";

/** The control plane's error body: the platform's generic problem body. */
export const ControlError = z
  .object({ type: z.string(), status: z.number(), title: z.string(), detail: z.string() })
  .openapi("ControlError");

export const CONTROL_TAGS = ["Emulator control plane"];
