import { expect } from "vitest";
import type { TestEmulator } from "../support/app.js";

/** Control-plane calls: no platform headers unless given. */
export async function control(
  emulator: TestEmulator,
  method: string,
  path: string,
  options: { body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["Content-Type"] = options.contentType ?? "application/json";
  const response = await emulator.app.request(path, { method, headers, body });
  const text = await response.text();
  let parsed: any;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** The platform's generic problem body, as every /_emulator error answers. */
export function expectControlError(response: { status: number; text: string; body: any }, status: number, detail: RegExp): void {
  expect(response.status, response.text).toBe(status);
  expect(response.body).toMatchObject({ type: "/placeholder/type/uri", status, title: expect.any(String) });
  expect(response.body.detail).toMatch(detail);
}
