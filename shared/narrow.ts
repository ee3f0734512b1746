/**
 * Values of unknown shape — parsed JSON, a caught error, a message from another process — read
 * without a cast: each function checks what it answers, so the type it gives is the value's own.
 *
 * Plain functions, no imports: the web app bundles them too.
 *
 * @example
 * const token = stringAt(await response.json(), "data", "issueCodePresentation", "token"); // string | undefined
 */

/** Whether a value is an object whose fields can be read by name (arrays are objects too). */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** The value at a path of field names and list indexes; undefined where the path leads nowhere. */
export function valueAt(value: unknown, ...path: (string | number)[]): unknown {
  let at = value;
  for (const key of path) {
    if (!isRecord(at)) return undefined;
    at = at[key];
  }
  return at;
}

/** The string at a path, when it is a string. */
export function stringAt(value: unknown, ...path: (string | number)[]): string | undefined {
  const at = valueAt(value, ...path);
  return typeof at === "string" ? at : undefined;
}

/** Whether a value is one of a list of literals (the list's own element type, not `string`). */
export const isOneOf = <const T>(values: readonly T[], value: unknown): value is T => values.some((v) => v === value);

/** The list at a path; empty where there is none. */
export function listAt(value: unknown, ...path: (string | number)[]): unknown[] {
  const at = valueAt(value, ...path);
  return Array.isArray(at) ? at : [];
}

/** Whether a value is one of a table's own keys (a code its labels or definitions are kept by). */
export const isKeyOf = <T extends object>(table: T, key: unknown): key is keyof T => typeof key === "string" && Object.hasOwn(table, key);
