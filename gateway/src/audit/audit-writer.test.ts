import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase, migrateToLatest } from "../../../shared/db.js";
import { newAuditEntryId, type AuditEntryInput } from "../../../shared/audit-store/audit-store.js";
import type { AuditDB } from "../../../shared/audit-store/tables.js";
import { migrations } from "../../../shared/audit-store/migrations.js";
import { createAuditWriter } from "./audit-writer.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-audit-writer-"));
const { db } = createDatabase<AuditDB>({ department: "audit", dataDir: dir });
await migrateToLatest(db, migrations);
afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

const entry = (sub: string, extra: Partial<AuditEntryInput> = {}): AuditEntryInput => {
  const at = new Date();
  return {
    id: newAuditEntryId(at),
    at,
    sub,
    scopes: ["profile:read"],
    operationType: "query",
    fields: ["subject"],
    subjectIds: [],
    outcome: "OK",
    errorCodes: [],
    ...extra,
  };
};

describe("the audit writer's group commit", () => {
  it("isolates an entry that cannot be written: its neighbours in the batch are committed", async () => {
    const first = entry("writer-a");
    const batch = [
      first,
      entry("writer-b"),
      { ...entry("writer-dup"), id: first.id },
      entry("writer-c", { operationName: "Q".repeat(30_000), subjectIds: ["330502199001011236", "x".repeat(40)] }),
    ];
    const write = createAuditWriter(db);
    const outcomes = await Promise.allSettled(batch.map((e) => write(e)));
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    const rows = await db.selectFrom("audit_log").select(["sub", "operation_name"]).orderBy("id").execute();
    expect(rows.map((r) => r.sub).sort()).toEqual(["writer-a", "writer-b", "writer-c"]);
    expect(rows.find((r) => r.sub === "writer-c")!.operation_name).toHaveLength(100);
    const subjects = await db.selectFrom("audit_subjects").selectAll().execute();
    expect(subjects.map((s) => s.subject_id)).toEqual(["330502199001011236"]);
  });
});
