/**
 * A field written as a field: assigning `target["__proto__"]` would set the object's prototype
 * instead, and the field (a key JSON may hold, as a client sent it) would be lost.
 */
export function setOwnField(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
