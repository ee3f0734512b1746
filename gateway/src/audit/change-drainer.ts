/**
 * The outbox drainer: every department change reaches the audit log, once. A write's change row is
 * committed in the department with the write (`record_changes`), and normally reaches the log with
 * its operation's outcome entry (use-audit.ts). When that entry never comes — the gateway died or
 * lost the department's answer after the department committed — or there was no operation at all
 * (`npm run import`), the drainer reads the department's `record_changes` and writes what the log
 * lacks under an entry of its own (drained-changes.ts). The audit store keeps each (department,
 * change id) once, whoever brings it first.
 *
 * It reads through each department's signed `/record-changes` route (readRecordChanges), as the drainer's service
 * identity, never the department's database: in production each department's database belongs to
 * its own role, and the gateway holds only the audit store's.
 *
 * Changes are read by their time (`at`, written just before the department's commit), so a change
 * is only taken once it is `settleMs` old (an operation in flight still brings its own), and each
 * run reads again from `OVERLAP_MS` before where the last stopped: a transaction that committed up
 * to that long after its rows' time (a large import) is still read. What was read before is known
 * to the store and skipped.
 */
import type { Kysely } from "kysely";
import {
  appendDrainedChanges,
  appendDrainMark,
  type DepartmentChange,
  loadDrainMark,
  loadKnownChangeIds,
} from "../../../shared/audit-store/drained-changes.js";
import type { AuditDB } from "../../../shared/audit-store/tables.js";
import { AUDIT_DRAIN_SERVICE, type ChangePosition, RECORD_CHANGES_PAGE, readRecordChanges } from "../../../shared/record-changes-route.js";

/** How far back each run reads again: longer than any write transaction is expected to run. */
const OVERLAP_MS = 10 * 60_000;

export interface ChangeDrainerOptions {
  /** The audit store. */
  db: Kysely<AuditDB>;
  /** The record departments and their GraphQL URLs (the route is beside `/graphql`). */
  departments: { name: string; url: string }[];
  /** The gateway secret, to sign the calls. */
  secret: string;
  /** How old a change must be before the drainer takes it. */
  settleMs: number;
  /** Longest wait for a department's page. @default 10000 */
  timeoutMs?: number;
}

export interface DrainReport {
  /** Changes written to the log, per department. */
  drained: Record<string, number>;
  /** Departments that could not be read this run (tried again next run). */
  failed: Record<string, string>;
}

export interface ChangeDrainer {
  /** One pass over every department; never runs two passes at once (a second call waits for the first's end, then runs). */
  run(): Promise<DrainReport>;
  /** Resolves when no pass is running (for shutdown). */
  idle(): Promise<void>;
}

export function createChangeDrainer(options: ChangeDrainerOptions): ChangeDrainer {
  const through = new Map<string, string>();
  const page = (department: string, url: string, after: ChangePosition, until: string): Promise<DepartmentChange[]> =>
    readRecordChanges(AUDIT_DRAIN_SERVICE, { name: department, url }, options.secret, after, until, options.timeoutMs);
  const drainDepartment = async (department: string, url: string): Promise<number> => {
    const mark = through.get(department) ?? (await loadDrainMark(options.db, department));
    const until = new Date(Date.now() - options.settleMs).toISOString();
    let after = { at: mark ? new Date(Date.parse(mark) - OVERLAP_MS).toISOString() : "", id: "" };
    let [seen, drained] = [0, 0];
    for (;;) {
      const changes = await page(department, url, after, until);
      seen += changes.length;
      const known = await loadKnownChangeIds(
        options.db,
        department,
        changes.map((c) => c.changeId),
      );
      drained += await appendDrainedChanges(
        options.db,
        department,
        changes.filter((c) => !known.has(c.changeId)),
      );
      if (changes.length < RECORD_CHANGES_PAGE) break;
      const last = changes[changes.length - 1];
      after = { at: last.at, id: last.changeId };
    }
    // A mark only where there was something to check: a restart reads from the last one.
    if (seen > 0 && (!mark || until > mark)) await appendDrainMark(options.db, department, until);
    if (!mark || until > mark) through.set(department, until);
    return drained;
  };
  let running: Promise<unknown> = Promise.resolve();
  return {
    run() {
      const pass = running.then(async () => {
        const report: DrainReport = { drained: {}, failed: {} };
        for (const { name, url } of options.departments) {
          try {
            report.drained[name] = await drainDepartment(name, url);
          } catch (error) {
            report.failed[name] = error instanceof Error ? error.message : String(error);
          }
        }
        return report;
      });
      running = pass.catch(() => undefined);
      return pass;
    },
    async idle() {
      await running;
    },
  };
}
