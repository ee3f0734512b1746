/**
 * The gateway's side of the audit log: it appends entries (the audit subgraph serves them to
 * auditors), carries in department changes whose outcome entry never came, and logs refused tokens.
 */
import type { FastifyBaseLogger } from "fastify";
import { newAuditEntryId } from "../../../shared/audit-store/audit-store.js";
import { migrations as auditMigrations } from "../../../shared/audit-store/migrations.js";
import type { AuditDB } from "../../../shared/audit-store/tables.js";
import type { Config } from "../../../shared/config.js";
import { createDatabase, migrateToLatest } from "../../../shared/db.js";
import { RECORD_DEPARTMENTS } from "../../../shared/departments.js";
import { type AuditWriter, createAuditWriter } from "./audit-writer.js";
import { createChangeDrainer } from "./change-drainer.js";

/** Opens (and migrates) the audit store; `ours`: the record departments' changes are drained into it. */
export async function openAuditLog(config: Config, ours: boolean) {
  const { db } = createDatabase<AuditDB>({ department: "audit", dataDir: config.dataDir, databaseUrl: config.departments.audit.databaseUrl });
  await migrateToLatest(db, auditMigrations);
  const write = createAuditWriter(db);
  // Department changes whose outcome entry never came (and imports) reach the log all the same.
  const drainer = ours
    ? createChangeDrainer({
        db,
        departments: RECORD_DEPARTMENTS.map((name) => ({ name, url: config.departments[name].url })),
        secret: config.gatewaySecret,
        settleMs: config.auditDrain.settleMs,
      })
    : undefined;
  /** One drain of every record department; a department not read is logged and tried next time. */
  const drain = (log: FastifyBaseLogger) =>
    drainer?.run().then((report) => {
      for (const [name, reason] of Object.entries(report.failed)) log.warn({ department: name, reason }, "audit drain: department not read");
    });
  return { db, write, drainer, drain };
}

/** A refused token is audited too: who tried, from where, and why it failed (no claim of it is trusted). */
export function auditRefusedToken(write: AuditWriter, reason: string, clientIp: string | undefined) {
  const at = new Date();
  return write({
    id: newAuditEntryId(at),
    at,
    sub: "(invalid token)",
    scopes: [],
    purpose: reason,
    clientIp,
    operationType: "authentication",
    fields: [],
    subjectIds: [],
    outcome: "REFUSED",
    errorCodes: ["UNAUTHENTICATED"],
  });
}
