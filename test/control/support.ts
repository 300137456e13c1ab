import { expect } from "vitest";
import { readAnswer, type TestEmulator } from "../support/app.js";

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
  return readAnswer(await emulator.app.request(path, { method, headers, body }));
}

/** The platform's generic problem body, as every /_emulator error answers. */
export function expectControlError(response: { status: number; text: string; body: any }, status: number, detail: RegExp): void {
  expect(response.status, response.text).toBe(status);
  expect(response.body).toMatchObject({ type: "/placeholder/type/uri", status, title: expect.any(String) });
  expect(response.body.detail).toMatch(detail);
}
