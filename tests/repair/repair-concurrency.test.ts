/**
 * One transition per application, on SQLite and PostgreSQL: 200 applications each approved and
 * rejected at the same moment through the gateway — exactly one of each pair wins, the other gets
 * CONFLICT, and afterwards every application agrees with its department's record (APPROVED ⇔ the
 * record REPAIRED by it, with its commitment; REJECTED ⇔ the record ACTIVE, no commitment). A
 * review of commitments run twice at the same moment reinstates each broken one once. A
 * department that refuses the repair puts the application back to PENDING; one that does not
 * answer leaves it APPROVING, refused to a rejection, and carried on by the next approval once the
 * claim is stale (the department's route answering a repeat as done).
 */
import { REPAIR_MATERIALS } from "../../testing/repair.js";
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../shared/db.js";
import { callRepairRoute } from "../../shared/record-repair.js";
import { validateRecordInput } from "../../shared/records/validation.js";
import { addMonths, todayInChina } from "../../shared/scalars.js";
import { buildDepartmentApp } from "../../shared/subgraph.js";
import type { CreditDB } from "../../subgraphs/credit/db.js";
import { DEPARTMENT_DEFINITIONS } from "../../subgraphs/registry.js";
import { TaxViolationCategory } from "../../subgraphs/tax/tax.type.js";
import { ANALYST, startFederation, type As, type Federation } from "../../testing/federation.js";
import { startPostgres, type TestPostgres } from "../../testing/postgres.js";

const PAIRS = 200;
const today = todayInChina();
const MATERIALS = REPAIR_MATERIALS;
const APPLY = `mutation($in: ApplyForCreditRepairInput!) { applyForCreditRepair(input: $in) { id status } }`;
const APPROVE = `mutation($id: ID!) { approveCreditRepair(applicationId: $id, reason: "材料齐全") { id status commitmentId history { action status } } }`;
const REJECT = `mutation($id: ID!) { rejectCreditRepair(applicationId: $id, reason: "材料不全") { id status } }`;
const APPROVER: As = { sub: "tax-approver", scopes: ["dept:tax"] };
const REJECTER: As = { sub: "tax-rejecter", scopes: ["dept:tax"] };
// 200 pairs and their set-up are more operations in a minute than the per-token and per-address limits allow.
const UNLIMITED = { XINYI_RATE_LIMIT_PER_MINUTE: "100000", XINYI_IP_RATE_LIMIT_PER_MINUTE: "100000" };

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(work))));
  return out;
}

for (const dialect of ["sqlite", "postgres"] as const) {
  describe(`on ${dialect}`, () => {
    let postgres: TestPostgres | undefined;
    let databaseUrl: string | undefined;
    let fed: Federation;
    let orgs: string[];
    let serial = 0;
    // With pii:read: the gateway's person-ID masking takes an application id (RP-<uuid>) whose digits pass for an ID now and then.
    const applicant = (): As => ({ sub: "agent-c", scopes: ["repair:apply", "pii:read"], subjects: orgs });
    const open = <DB>(department: string) => createDatabase<DB>({ department, dataDir: fed.config.dataDir, databaseUrl }).db;

    /** Active, repairable tax records (4 months old, general), written straight into the department's database as its seeders do. */
    async function taxRecords(count: number): Promise<{ id: string; subjectId: string }[]> {
      const db = open<any>("tax");
      try {
        const rows = Array.from({ length: count }, (_, k) => {
          const { row } = validateRecordInput(
            {
              subjectId: orgs[k % orgs.length],
              documentNo: `concurrency-${randomUUID()}`,
              category: "LATE_FILING",
              severity: "GENERAL",
              amount: 100,
              description: "逾期申报",
              decidedOn: addMonths(today, -4),
            },
            Object.values(TaxViolationCategory),
          );
          // Not TAX-<uuid> as the department makes them: a uuid's run of digits can pass for a person's ID and be masked.
          return { id: `TAX-${dialect}-${++serial}-${randomUUID().slice(0, 8)}`, ...row!, updated_at: new Date().toISOString() };
        });
        for (let i = 0; i < rows.length; i += 50)
          await db
            .insertInto("tax_violations")
            .values(rows.slice(i, i + 50))
            .execute();
        return rows.map((r) => ({ id: r.id, subjectId: r.subject_id }));
      } finally {
        await db.destroy();
      }
    }

    async function apply(record: { id: string; subjectId: string }): Promise<string> {
      const { body } = await fed.query(
        APPLY,
        { in: { subjectId: record.subjectId, recordId: record.id, reason: "罚款已缴清", materials: MATERIALS, commitment: "一年内不再发生同类违法行为" } },
        applicant(),
      );
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data.applyForCreditRepair.id;
    }

    const applications = async (ids: string[]) => {
      const db = open<CreditDB>("credit");
      try {
        return await db.selectFrom("repairs").selectAll().where("id", "in", ids).execute();
      } finally {
        await db.destroy();
      }
    };
    const approvedApplications = async () => {
      const db = open<CreditDB>("credit");
      try {
        // With a commitment: the seeded history's approvals have none.
        return await db.selectFrom("repairs").selectAll().where("status", "=", "APPROVED").where("commitment_id", "is not", null).execute();
      } finally {
        await db.destroy();
      }
    };
    const taxRows = async (ids: string[]) => {
      const db = open<any>("tax");
      try {
        return (await db.selectFrom("tax_violations").selectAll().where("id", "in", ids).execute()) as {
          id: string;
          status: string;
          closure_basis: string | null;
        }[];
      } finally {
        await db.destroy();
      }
    };

    beforeAll(async () => {
      if (dialect === "postgres") {
        postgres = await startPostgres();
        databaseUrl = await postgres.createDatabase("xinyi");
      }
      fed = await startFederation({ subjects: 80, env: { ...UNLIMITED, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) } });
      const page = await fed.query(`{ subjects(first: 100, filter: { kind: ORGANIZATION }) { nodes { id } } }`, {}, ANALYST);
      orgs = page.body.data.subjects.nodes.map((n: { id: string }) => n.id).slice(0, 20);
      expect(orgs.length).toBeGreaterThan(5);
    }, 300_000);

    afterAll(async () => {
      await fed?.close();
      await postgres?.stop();
    });

    it(`${PAIRS} approvals and rejections of the same applications at the same moment: one of each wins, the other gets CONFLICT, and every record agrees with its application`, async () => {
      const records = await taxRecords(PAIRS);
      const ids = await inBatches(records, 8, apply);
      const started = Date.now();
      // Each pair sent in the same tick, half of them rejection first.
      const answers = await Promise.all(
        ids.map(async (id, k) => {
          const approve = () => fed.query(APPROVE, { id }, APPROVER);
          const reject = () => fed.query(REJECT, { id }, REJECTER);
          if (k % 2) return Promise.all([approve(), reject()]);
          const [r, a] = await Promise.all([reject(), approve()]);
          return [a, r];
        }),
      );
      const seconds = (Date.now() - started) / 1000;
      const stored = new Map((await applications(ids)).map((a) => [a.id, a]));
      const recordOf = new Map((await taxRows(records.map((r) => r.id))).map((r) => [r.id, r]));
      const db = open<CreditDB>("credit");
      const commitments = new Set((await db.selectFrom("commitments").select("id").execute()).map((c) => c.id));
      await db.destroy();
      let approved = 0;
      ids.forEach((id, k) => {
        const [approve, reject] = answers[k].map((a) => a.body);
        const winners = [approve, reject].filter((b) => !b.errors);
        expect(winners, `${id}: ${JSON.stringify([approve.errors, reject.errors])}`).toHaveLength(1);
        const loser = approve.errors ? approve : reject;
        expect(loser.errors?.[0].extensions.code, `${id}: ${JSON.stringify(loser.errors)}`).toBe("CONFLICT");
        const application = stored.get(id)!;
        const record = recordOf.get(records[k].id)!;
        if (!approve.errors) {
          approved++;
          expect(approve.data.approveCreditRepair).toMatchObject({ status: "APPROVED", commitmentId: application.commitment_id });
          expect(application.status).toBe("APPROVED");
          expect(commitments.has(application.commitment_id!)).toBe(true);
          expect({ status: record.status, basis: record.closure_basis }).toEqual({ status: "REPAIRED", basis: `信用修复申请 ${id}` });
        } else {
          expect(reject.data.rejectCreditRepair.status).toBe("REJECTED");
          expect(application.status).toBe("REJECTED");
          expect(application.commitment_id).toBeNull();
          expect(record.status, `${id} was rejected but its record is ${record.status}`).toBe("ACTIVE");
        }
      });
      // The winner is whichever arrives first: the split varies from run to run.
      console.info(`${dialect}: ${PAIRS} pairs in ${seconds.toFixed(1)} s; ${approved} approved, ${PAIRS - approved} rejected`);
    }, 300_000);

    it("two reviews at the same moment reinstate each broken commitment once", async () => {
      // The organisation with the most approvals above.
      const approved = await approvedApplications();
      const org = orgs.reduce((best, o) =>
        approved.filter((a) => a.subject_id === o).length > approved.filter((a) => a.subject_id === best).length ? o : best,
      );
      const apps = approved.filter((a) => a.subject_id === org);
      expect(apps.length).toBeGreaterThan(0);
      // A new violation of the same kind within the commitments' term breaks every one of its commitments.
      const fresh = await fed.query(
        `mutation($in: RecordTaxViolationInput!) { recordTaxViolation(input: $in) { id } }`,
        {
          in: {
            subjectId: org,
            documentNo: `concurrency-${randomUUID()}`,
            category: "LATE_FILING",
            severity: "GENERAL",
            description: "逾期申报",
            decidedOn: today,
          },
        },
        { scopes: ["dept:tax"] },
      );
      expect(fresh.body.errors, JSON.stringify(fresh.body.errors)).toBeUndefined();
      const reviews = await Promise.all([0, 1].map(() => fed.query(`mutation { reviewRepairCommitments }`, {}, { scopes: ["dept:credit"] })));
      for (const r of reviews) expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
      // Every application reinstated now (this organisation's, and any the seeded records break) is counted by exactly one review.
      const now = await applications(approved.map((a) => a.id));
      const reinstated = now.filter((a) => a.status === "REINSTATED");
      expect(reviews.reduce((n, r) => n + r.body.data.reviewRepairCommitments, 0)).toBe(reinstated.length);
      expect(reinstated.map((a) => a.id)).toEqual(expect.arrayContaining(apps.map((a) => a.id)));
      expect(now.filter((a) => a.status !== "REINSTATED").map((a) => a.status)).toEqual(now.filter((a) => a.status !== "REINSTATED").map(() => "APPROVED"));
      const records = await taxRows(reinstated.map((a) => a.record_id));
      expect(records.map((r) => r.status)).toEqual(records.map(() => "ACTIVE"));
      const taxDb = open<any>("tax");
      const changes = await taxDb
        .selectFrom("record_changes")
        .select("record_id")
        .where("action", "=", "REINSTATE")
        .where(
          "record_id",
          "in",
          reinstated.map((a) => a.record_id),
        )
        .execute();
      await taxDb.destroy();
      expect(changes).toHaveLength(reinstated.length);
    }, 120_000);

    it("a department that refuses the repair puts the application back to PENDING, to be decided again", async () => {
      const [record] = await taxRecords(1);
      const id = await apply(record);
      // Removed on a legal basis meanwhile: the department refuses to repair it.
      const closed = await fed.query(
        `mutation($id: ID!) { closeTaxViolation(id: $id, closedOn: "${today}", legalBasis: "（2026）浙0502行初9号判决撤销") { status } }`,
        { id: record.id },
        { scopes: ["dept:tax"] },
      );
      expect(closed.body.data.closeTaxViolation.status).toBe("REMOVED");
      const refused = await fed.query(APPROVE, { id }, APPROVER);
      expect(refused.body.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", department: "tax" });
      const [back] = await applications([id]);
      expect({ status: back.status, decidedBy: back.decided_by, commitment: back.commitment_id }).toEqual({
        status: "PENDING",
        decidedBy: null,
        commitment: null,
      });
      const rejected = await fed.query(REJECT, { id }, REJECTER);
      expect(rejected.body.data.rejectCreditRepair.status).toBe("REJECTED");
      const history = await fed.query(
        `query($s: ID!) { repairApplications(subjectId: $s) { id history { action status } } }`,
        { s: record.subjectId },
        applicant(),
      );
      expect(history.body.data.repairApplications.find((a: { id: string }) => a.id === id).history).toEqual([
        { action: "APPLY", status: "PENDING" },
        { action: "DECIDE", status: "APPROVING" },
        { action: "RELEASE", status: "PENDING" },
        { action: "DECIDE", status: "REJECTED" },
      ]);
      expect((await taxRows([record.id]))[0].status).toBe("REMOVED");
    });

    it("a department that does not answer leaves the application APPROVING: no rejection, and the next approval after the claim is stale finishes it once", async () => {
      const [record] = await taxRecords(1);
      const id = await apply(record);
      await fed.stop("tax");
      let tax: FastifyInstance | undefined;
      try {
        const unanswered = await fed.query(APPROVE, { id }, APPROVER);
        expect(unanswered.body.errors?.[0].extensions).toMatchObject({ code: "DOWNSTREAM_SERVICE_ERROR", department: "tax" });
        expect(unanswered.body.errors?.[0].message).toMatch(/stays APPROVING/);
        expect((await applications([id]))[0].status).toBe("APPROVING");
        expect((await fed.query(REJECT, { id }, REJECTER)).body.errors?.[0].extensions.code).toBe("CONFLICT");
        // The department is back; the first approval's claim still holds.
        tax = await buildDepartmentApp(fed.config, DEPARTMENT_DEFINITIONS.find((d) => d.name === "tax")!);
        await tax.listen({ host: "127.0.0.1", port: Number(new URL(fed.subgraphUrl("tax")).port) });
        const early = await fed.query(APPROVE, { id }, APPROVER);
        expect(early.body.errors?.[0]).toMatchObject({ extensions: { code: "CONFLICT" }, message: expect.stringMatching(/being approved/) });
        // As if the department had repaired the record and its answer were lost, and the claim's minute passed.
        await callRepairRoute(fed.config, "tax", `/records/${record.id}/repair`, { repairedOn: today, applicationId: id }, "test");
        const db = open<CreditDB>("credit");
        await db.updateTable("repairs").set({ claimed_at: "2000-01-01T00:00:00.000Z" }).where("id", "=", id).execute();
        await db.destroy();
        const retried = await fed.query(APPROVE, { id }, APPROVER);
        expect(retried.body.errors, JSON.stringify(retried.body.errors)).toBeUndefined();
        expect(retried.body.data.approveCreditRepair.history.map((h: { action: string; status: string }) => `${h.action} ${h.status}`)).toEqual([
          "APPLY PENDING",
          "DECIDE APPROVING",
          "RETRY APPROVING",
          "COMPLETE APPROVED",
        ]);
        const [row] = await taxRows([record.id]);
        expect({ status: row.status, basis: row.closure_basis }).toEqual({ status: "REPAIRED", basis: `信用修复申请 ${id}` });
        // Done once: the department wrote one repair, the credit office one commitment.
        const taxDb = open<any>("tax");
        const repairs = await taxDb.selectFrom("record_changes").select("action").where("record_id", "=", record.id).where("action", "=", "REPAIR").execute();
        await taxDb.destroy();
        expect(repairs).toHaveLength(1);
        expect((await fed.query(APPROVE, { id }, APPROVER)).body.errors?.[0].extensions.code).toBe("CONFLICT");
      } finally {
        await tax?.close();
      }
    });
  });
}
