/**
 * One error table: every code a refusal carries is in it, with its HTTP status and meaning; the
 * gateway's table extends the kernel's and defines no code twice (shared/errors.ts,
 * gateway/src/errors.ts). Codes the servers themselves make (GraphQL parse and validation, the
 * runtime's operation resolution) are theirs, not ours.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GatewayErrors } from "../../gateway/src/errors.js";
import { extendErrors, KERNEL_ERRORS } from "../../shared/errors.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "test" || entry.name === "node_modules" ? [] : sources(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

/** Codes written as literals where a refusal or an error is made. */
const CODE_LITERAL =
  /(?:code: "|ErrorCodes\.|errorBody\("|createErrorResponse\("|createGatewayError\("|refusal\("|refuse\(reply, ")([A-Z][A-Z_]{3,})|"([A-Z][A-Z_]{3,})" satisfies GatewayErrorCode/g;

describe("the error table", () => {
  it("gives every code an HTTP status and a meaning", () => {
    const codes = Object.entries(GatewayErrors);
    expect(codes.length).toBeGreaterThan(Object.keys(KERNEL_ERRORS).length);
    for (const [code, { status, meaning }] of codes) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      expect(meaning.length, code).toBeGreaterThan(10);
    }
  });

  it("is extended by the gateway without defining a kernel code again", () => {
    for (const [code, definition] of Object.entries(KERNEL_ERRORS)) expect(GatewayErrors[code as keyof typeof GatewayErrors], code).toBe(definition);
    expect(() => extendErrors(KERNEL_ERRORS, { FORBIDDEN: { status: 200, meaning: "again" } } as never)).toThrow("FORBIDDEN is defined twice");
  });

  it("holds every code the kernel, the departments and the gateway answer with", () => {
    const used = new Set<string>();
    for (const file of ["shared", "subgraphs", "gateway/src"].flatMap((dir) => sources(path.join(ROOT, dir)))) {
      for (const match of fs.readFileSync(file, "utf8").matchAll(CODE_LITERAL)) used.add(match[1] ?? match[2]);
    }
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((code) => !Object.hasOwn(GatewayErrors, code)).sort()).toEqual([]);
  });
});
