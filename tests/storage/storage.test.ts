/**
 * The same migrations and queries on both databases: the whole federation is seeded and served
 * once on SQLite files and once on a real PostgreSQL server (one schema per department), and must
 * answer identically; writes, imports and the audit log's append-only rule hold on both.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../shared/db.js";
import { createDirectoryClient } from "../../shared/directory.js";
import { appendAuditEntries, newAuditEntryId } from "../../shared/audit-store/audit-store.js";
import type { AuditDB } from "../../shared/audit-store/tables.js";
import { importRecords } from "../../scripts/import/import-records.js";
import { taxDepartment } from "../../subgraphs/tax/app.js";
import { ANALYST, owingOrganisation, startFederation, type Federation } from "../../testing/federation.js";
import { startPostgres, type TestPostgres } from "../../testing/postgres.js";

const PROFILE = `query($id: ID!) { subject(id: $id) { id name kind district phone listEntries { list status } commitments { fulfilment }
  tax { latestRating { year level score } ratings { year level } arrears { id amount outstanding } violations { id documentNo severity status publicityEndsOn } } } }`;
const answers: Record<string, unknown[]> = {};
let postgres: TestPostgres | undefined;

afterAll(async () => {
  await postgres?.stop();
});

for (const dialect of ["sqlite", "postgres"] as const) {
  describe(`on ${dialect}`, () => {
    let fed: Federation;
    let databaseUrl: string | undefined;

    it("seeds and serves the federation", async () => {
      if (dialect === "postgres") {
        postgres = await startPostgres();
        databaseUrl = await postgres.createDatabase("xinyi");
      }
      fed = await startFederation({ subjects: 150, env: databaseUrl ? { DATABASE_URL: databaseUrl } : {} });
      const page = await fed.query(`{ subjects(first: 100) { totalCount nodes { id } } }`, undefined, ANALYST);
      expect(page.body.data.subjects.totalCount).toBe(150);
      answers[dialect] = [];
      for (const { id } of page.body.data.subjects.nodes.slice(0, 40)) answers[dialect].push((await fed.query(PROFILE, { id }, ANALYST)).body);
    });

    it("records, corrects and closes a record, and settles arrears, in transactions", async () => {
      const owing = await owingOrganisation(fed, 0);
      const { arrears } = owing;
      const input = {
        subjectId: owing.id,
        documentNo: `storage-${dialect}`,
        category: "LATE_PAYMENT",
        severity: "GENERAL",
        amount: 12.5,
        description: "逾期缴纳",
        decidedOn: "2026-05-01",
      };
      const recorded = await fed.query(`mutation($input: RecordTaxViolationInput!) { recordTaxViolation(input: $input) { id amount } }`, { input }, ANALYST);
      expect(recorded.body.data.recordTaxViolation.amount).toBe(12.5);
      const id = recorded.body.data.recordTaxViolation.id;
      const corrected = await fed.query(`mutation($id: ID!) { correctTaxViolation(id: $id, input: { amount: 20 }) { amount } }`, { id }, ANALYST);
      expect(corrected.body.data.correctTaxViolation.amount).toBe(20);
      const closed = await fed.query(
        `mutation($id: ID!) { closeTaxViolation(id: $id, closedOn: "2026-06-01", legalBasis: "（2026）浙05行终1号判决撤销原处罚决定") { status } }`,
        { id },
        ANALYST,
      );
      expect(closed.body.data.closeTaxViolation.status).toBe("REMOVED");
      const pay = `mutation($input: RecordArrearsPaymentInput!) { recordArrearsPayment(input: $input) { outstanding settledOn } }`;
      const over = await fed.query(pay, { input: { arrearsId: arrears.id, amount: arrears.outstanding + 0.01, paidOn: "2026-06-01" } }, ANALYST);
      expect(over.body.errors?.[0].extensions.code).toBe("CONFLICT");
      const paid = await fed.query(pay, { input: { arrearsId: arrears.id, amount: arrears.outstanding, paidOn: "2026-06-01" } }, ANALYST);
      expect(paid.body.data.recordArrearsPayment).toEqual({ outstanding: 0, settledOn: "2026-06-01" });
    });

    it("imports a file once, however often it is imported", async () => {
      const page = await fed.query(`{ subjects(first: 3, filter: { kind: ORGANIZATION }) { nodes { id } } }`, undefined, ANALYST);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-storage-")), "tax.ndjson");
      const rows = page.body.data.subjects.nodes.map((n: any, k: number) =>
        JSON.stringify({
          subjectId: n.id,
          documentNo: `imp-${k}`,
          category: "INVOICE_VIOLATION",
          severity: "GENERAL",
          amount: 1000,
          description: "未按规定开具发票",
          decidedOn: "2026-04-01",
        }),
      );
      fs.writeFileSync(file, `${rows.join("\n")}\n`);
      const { db } = createDatabase<any>({ department: "tax", dataDir: fed.config.dataDir, databaseUrl });
      try {
        const run = () =>
          importRecords({
            db,
            spec: taxDepartment.importSpec,
            file,
            progress: false,
            findMissingSubjects: createDirectoryClient(fed.subgraphUrl("credit"), fed.config.gatewaySecret, "tax"),
          });
        expect(await run()).toMatchObject({ written: true, inserted: 3, alreadyPresent: 0 });
        expect(await run()).toMatchObject({ written: true, inserted: 0, alreadyPresent: 3 });
      } finally {
        await db.destroy();
      }
    });

    it("filters the audit log by Beijing day in SQL: a day runs from its 00:00 to its end in UTC+8", async () => {
      const caller = `time-probe-${dialect}`;
      // Beijing 2025-03-01 23:59:59.999, 2025-03-02 00:00, 2025-03-02 23:59:59.999, 2025-03-03 00:00.
      const times = ["2025-03-01T15:59:59.999Z", "2025-03-01T16:00:00.000Z", "2025-03-02T15:59:59.999Z", "2025-03-02T16:00:00.000Z"];
      const handle = createDatabase<AuditDB>({ department: "audit", dataDir: fed.config.dataDir, databaseUrl });
      try {
        await appendAuditEntries(
          handle.db,
          times.map((t) => ({
            id: newAuditEntryId(new Date(t)),
            at: new Date(t),
            sub: caller,
            scopes: [],
            operationType: "query",
            fields: ["subject"],
            subjectIds: [],
            outcome: "OK",
            errorCodes: [],
          })),
        );
      } finally {
        await handle.close();
      }
      const LOG = `query($caller: String, $from: Date, $to: Date, $after: String) { auditLog(caller: $caller, from: $from, to: $to, first: 1, after: $after) {
        totalCount pageInfo { endCursor hasNextPage } nodes { at } } }`;
      const auditor = { scopes: ["audit:read"] };
      const pages = async (variables: Record<string, string>) => {
        const seen: string[] = [];
        let after: string | undefined;
        for (;;) {
          const { body } = await fed.query(LOG, { caller, ...variables, after }, auditor);
          expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
          seen.push(...body.data.auditLog.nodes.map((n: { at: string }) => n.at));
          if (!body.data.auditLog.pageInfo.hasNextPage) return { seen, total: body.data.auditLog.totalCount };
          after = body.data.auditLog.pageInfo.endCursor;
        }
      };
      expect(await pages({ from: "2025-03-02", to: "2025-03-02" })).toEqual({ seen: [times[2], times[1]], total: 2 });
      expect(await pages({ from: "2025-03-02" })).toEqual({ seen: [times[3], times[2], times[1]], total: 3 });
      expect(await pages({ to: "2025-03-01" })).toEqual({ seen: [times[0]], total: 1 });
      const reversed = await fed.query(LOG, { caller, from: "2025-03-03", to: "2025-03-02" }, auditor);
      expect(reversed.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ field: "from" }] });
    });

    it("keeps the audit log append-only in the database itself", async () => {
      if (dialect === "sqlite") {
        const db = new Database(path.join(fed.config.dataDir, "audit.sqlite"));
        try {
          expect(() => db.prepare("update audit_log set sub = 'x'").run()).toThrow(/append-only/);
          expect(() => db.prepare("delete from audit_log").run()).toThrow(/append-only/);
        } finally {
          db.close();
        }
      } else {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        try {
          expect(Number((await client.query("select count(*) n from audit.audit_log")).rows[0].n)).toBeGreaterThan(0);
          await expect(client.query("update audit.audit_log set sub = 'x'")).rejects.toThrow(/append-only/);
          await expect(client.query("delete from audit.audit_subjects")).rejects.toThrow(/append-only/);
          await expect(client.query("truncate audit.audit_log cascade")).rejects.toThrow(/append-only/);
        } finally {
          await client.end();
        }
      }
      await fed.close();
    });
  });
}

describe("SQLite and PostgreSQL", () => {
  it("answer the same profiles from the same seed", () => {
    expect(answers.sqlite).toHaveLength(40);
    expect(answers.postgres).toEqual(answers.sqlite);
  });
});
