/**
 * Group commit for the audit log: entries of operations finishing at the same time are written in
 * one transaction, and each operation still waits for its own entry to be committed before its
 * response leaves. better-sqlite3 commits synchronously, so one commit per operation would stall
 * the event loop once per request (measured: the audit cost ~20 % of gateway throughput).
 */
import type { Kysely } from "kysely";
import { appendAuditEntries, type AuditEntryInput } from "../../../subgraphs/audit/audit.repo.js";
import type { AuditDB } from "../../../subgraphs/audit/db.js";

export type AuditWriter = (entry: AuditEntryInput) => Promise<void>;

export function createAuditWriter(db: Kysely<AuditDB>): AuditWriter {
  let queue: { entry: AuditEntryInput; done: (error?: unknown) => void }[] = [];
  const flush = async () => {
    const batch = queue;
    queue = [];
    try {
      await appendAuditEntries(db, batch.map((b) => b.entry));
      for (const b of batch) b.done();
    } catch (error) {
      for (const b of batch) b.done(error);
    }
  };
  return (entry) =>
    new Promise<void>((resolve, reject) => {
      if (queue.length === 0) setImmediate(() => void flush());
      queue.push({ entry, done: (error) => (error ? reject(error) : resolve()) });
    });
}
