/**
 * 信用修复 as a process through the real federation: minimum periods per rule class (refused a day
 * before with the earliest date, accepted on the day), penalties that cannot be repaired early,
 * materials checked before anything is stored, review by the owning department (approval restores
 * the level while asOf before it still shows the penalty; rejection changes nothing), audits with
 * before/after, reinstatement on a broken commitment, and close… as legal removal only.
 */
import { REPAIR_MATERIALS } from "../../testing/repair.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../shared/db.js";
import { addMonths, todayInChina } from "../../shared/scalars.js";
import type { CreditDB } from "../../subgraphs/credit/db.js";
import { addDays } from "../../shared/seeding/random.js";
import { ANALYST, startFederation, type As, type Federation } from "../../testing/federation.js";

let fed: Federation;
let org: string;
const today = todayInChina();
const MATERIALS = REPAIR_MATERIALS;
const APPLY = `mutation($in: ApplyForCreditRepairInput!) { applyForCreditRepair(input: $in) { id status department category materials { type sha256 size } history { action status } } }`;
const applicant = (): As => ({ sub: "agent-1", scopes: ["repair:apply"], subjects: [org] });
const apply = (recordId: string, extra: Record<string, unknown> = {}, as: As = applicant()) =>
  fed.query(
    APPLY,
    { in: { subjectId: org, recordId, reason: "罚款已缴清，已整改", materials: MATERIALS, commitment: "一年内不再发生同类违法行为", ...extra } },
    as,
  );

let serial = 0;
async function record(department: "tax" | "transport" | "market", category: string, severity: string, decidedOn: string): Promise<string> {
  const documentNo = `repair-test-${++serial}`;
  const input = { subjectId: org, documentNo, category, severity, description: "测试记录", decidedOn, amount: 100 };
  const [mutation, type, scope] = {
    tax: ["recordTaxViolation", "RecordTaxViolationInput", "dept:tax"],
    transport: ["recordTransportRecord", "RecordTransportRecordInput", "dept:transport"],
    market: ["recordMarketRecord", "RecordMarketRecordInput", "dept:market"],
  }[department];
  const { body } = await fed.query(`mutation($in: ${type}!) { ${mutation}(input: $in) { id } }`, { in: input }, { scopes: [scope] });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data[mutation].id;
}

const EVALUATION = `query($id: ID!, $asOf: Date) { subject(id: $id) { evaluation(asOf: $asOf) { score level reasons { recordId } } tax { violations { id status closedOn closureBasis } } } }`;
const evaluation = async (asOf?: string) => (await fed.query(EVALUATION, { id: org, asOf }, ANALYST)).body.data.subject;

beforeAll(async () => {
  fed = await startFederation({ subjects: 200 });
  const page = await fed.query(
    `{ subjects(first: 100, filter: { kind: ORGANIZATION }) { nodes { id listEntries { color } tax { violations { status } } transport { records { status } } market { records { status } } } } }`,
    {},
    ANALYST,
  );
  org = page.body.data.subjects.nodes.find(
    (n: any) =>
      !n.listEntries.some((e: any) => e.color === "BLACK") &&
      [n.tax.violations, n.transport.records, n.market.records].every((rs: any[]) => rs.every((r) => r.status !== "ACTIVE")),
  ).id;
}, 180_000);

afterAll(async () => fed?.close());

describe("the minimum period, per rule class", () => {
  it.each([
    ["general (3 months)", "tax", "LATE_FILING", "GENERAL", 3],
    ["work safety (1 year)", "transport", "OPERATING_VIOLATION", "SERIOUS", 12],
  ] as const)("%s: a day early is refused with the earliest date; on the day it is accepted", async (_label, department, category, severity, months) => {
    // The first decision date whose minimum period has not yet run (month ends clamp: 08-31 + 3 months is 11-30).
    let early = addMonths(today, -months);
    while (addMonths(early, months) <= today) early = addDays(early, 1);
    const tooEarly = await apply(await record(department, category, severity, early));
    expect(tooEarly.body.errors?.[0].extensions).toMatchObject({ code: "REPAIR_TOO_EARLY", earliestDate: addMonths(early, months) });
    expect(tooEarly.body.errors?.[0].extensions.rule?.length).toBeGreaterThan(5);
    const onTime = await apply(await record(department, category, severity, addMonths(today, -months)));
    expect(onTime.body.errors, JSON.stringify(onTime.body.errors)).toBeUndefined();
    expect(onTime.body.data.applyForCreditRepair).toMatchObject({ status: "PENDING", department, category, history: [{ action: "APPLY", status: "PENDING" }] });
    expect(onTime.body.data.applyForCreditRepair.materials).toHaveLength(4);
  });

  it("refuses a heavy market penalty whatever its date", async () => {
    const heavy = await apply(await record("market", "ADMINISTRATIVE_PENALTY", "SERIOUS", addMonths(today, -30)));
    expect(heavy.body.errors?.[0].extensions.code).toBe("REPAIR_NOT_ALLOWED");
    expect(heavy.body.errors?.[0].message).toContain("45号");
  });

  it("takes applications only from a token acting for the subject", async () => {
    const id = await record("tax", "LATE_FILING", "GENERAL", addMonths(today, -4));
    const stranger = await apply(id, {}, { sub: "agent-2", scopes: ["repair:apply"], subjects: ["91110000802100433B"] });
    expect(stranger.body.errors?.[0].extensions.code).toBe("FORBIDDEN");
  });
});

describe("materials", () => {
  it("over the size limit or of a refused type get a coded error naming them, and nothing is stored", async () => {
    const id = await record("tax", "LATE_FILING", "GENERAL", addMonths(today, -5));
    const before = (await fed.query(`query($id: ID!) { repairApplications(subjectId: $id) { id } }`, { id: org }, applicant())).body.data.repairApplications
      .length;
    // The rules' 10 MiB (a phone photo) goes through POST /repair-materials (materials-upload.test.ts); base64 stays inside GraphQL's 64 KiB body.
    const big = await apply(id, { materials: [...MATERIALS.slice(1), { ...MATERIALS[0], contentBase64: Buffer.alloc(60_000, 1).toString("base64") }] });
    expect([big.status, big.body.errors?.[0].extensions.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    const exe = await apply(id, { materials: [...MATERIALS.slice(1), { ...MATERIALS[0], fileName: "receipt.exe", mimeType: "application/x-msdownload" }] });
    expect(exe.body.errors?.[0].extensions.problems?.map((p: any) => p.field)).toContain("materials[3].mimeType");
    const missing = await apply(id, { materials: MATERIALS.slice(0, 2) });
    expect(missing.body.errors?.[0].message).toMatch(/missing COMMITMENT_LETTER, IDENTITY_PAPERS/);
    const after = (await fed.query(`query($id: ID!) { repairApplications(subjectId: $id) { id } }`, { id: org }, applicant())).body.data.repairApplications
      .length;
    expect(after).toBe(before);
  });
});

describe("review by the owning department", () => {
  let taxRecord: string;
  let application: string;

  it("approval repairs the record on the approval date: the level is restored, asOf before it still shows the penalty; audited with before/after", async () => {
    taxRecord = await record("tax", "TAX_EVASION", "SERIOUS", addMonths(today, -6));
    const withPenalty = await evaluation();
    expect(withPenalty.evaluation.reasons.some((r: any) => r.recordId === taxRecord)).toBe(true);
    application = (await apply(taxRecord)).body.data.applyForCreditRepair.id;
    // Another department cannot decide it.
    const wrong = await fed.query(
      `mutation($id: ID!) { approveCreditRepair(applicationId: $id, reason: "x") { status } }`,
      { id: application },
      { scopes: ["dept:transport"] },
    );
    expect(wrong.body.errors?.[0].extensions.code).toBe("FORBIDDEN");
    const approved = await fed.query(
      `mutation($id: ID!) { approveCreditRepair(applicationId: $id, reason: "材料齐全，已整改") { status decidedOn commitmentId history { action status } } }`,
      { id: application },
      { sub: "tax-reviewer", scopes: ["dept:tax"] },
    );
    expect(approved.body.errors, JSON.stringify(approved.body.errors)).toBeUndefined();
    expect(approved.body.data.approveCreditRepair).toMatchObject({
      status: "APPROVED",
      decidedOn: today,
      history: [{ action: "APPLY" }, { action: "DECIDE", status: "APPROVING" }, { action: "COMPLETE", status: "APPROVED" }],
    });
    const now = await evaluation();
    expect(now.tax.violations.find((v: any) => v.id === taxRecord)).toMatchObject({
      status: "REPAIRED",
      closedOn: today,
      closureBasis: `信用修复申请 ${application}`,
    });
    expect(now.evaluation.reasons.some((r: any) => r.recordId === taxRecord)).toBe(false);
    expect(now.evaluation.score).toBeGreaterThan(withPenalty.evaluation.score);
    const yesterday = await evaluation(addDays(today, -1));
    expect(yesterday.evaluation.reasons.some((r: any) => r.recordId === taxRecord)).toBe(true);
    // The audit entry of the approval holds the department's repair and the decision, before and after.
    const audit = await fed.query(
      `query($id: ID!) { auditLog(recordId: $id, first: 5) { nodes { caller fields changes { department action before after } } } }`,
      { id: taxRecord },
      { scopes: ["audit:read"] },
    );
    const entry = audit.body.data.auditLog.nodes.find((n: any) => n.fields.includes("approveCreditRepair"));
    expect(entry.caller).toBe("tax-reviewer");
    const repair = entry.changes.find((c: any) => c.action === "REPAIR");
    expect([JSON.parse(repair.before).status, JSON.parse(repair.after).status]).toEqual(["ACTIVE", "REPAIRED"]);
    expect(entry.changes.map((c: any) => c.action)).toEqual(expect.arrayContaining(["DECIDE", "COMPLETE", "RECORD"]));
  });

  it("rejection leaves the record and the evaluation as they were, with its reason; audited", async () => {
    const id = await record("transport", "FARE_EVASION", "GENERAL", addMonths(today, -4));
    const app = (await apply(id)).body.data.applyForCreditRepair.id;
    const before = await evaluation();
    const rejected = await fed.query(
      `mutation($id: ID!) { rejectCreditRepair(applicationId: $id, reason: "罚款未缴清") { status decisionReason } }`,
      { id: app },
      { scopes: ["dept:transport"] },
    );
    expect(rejected.body.data.rejectCreditRepair).toEqual({ status: "REJECTED", decisionReason: "罚款未缴清" });
    const after = await evaluation();
    expect(after.evaluation.score).toBe(before.evaluation.score);
    const audit = await fed.query(
      `query($id: ID!) { auditLog(recordId: $id, first: 5) { nodes { fields changes { action } } } }`,
      { id: app },
      { scopes: ["audit:read"] },
    );
    expect(audit.body.data.auditLog.nodes.flatMap((n: any) => n.changes.map((c: any) => c.action))).toEqual(expect.arrayContaining(["APPLY", "DECIDE"]));
  });

  it("a new violation of the same kind within the commitment's term reinstates the repaired record", async () => {
    await record("tax", "TAX_EVASION", "SERIOUS", today);
    const reviewed = await fed.query(`mutation { reviewRepairCommitments }`, {}, { scopes: ["dept:credit"] });
    expect(reviewed.body.data.reviewRepairCommitments).toBe(1);
    const now = await evaluation();
    expect(now.tax.violations.find((v: any) => v.id === taxRecord)).toMatchObject({ status: "ACTIVE", closedOn: null });
    expect(now.evaluation.reasons.some((r: any) => r.recordId === taxRecord)).toBe(true);
    const apps = await fed.query(
      `query($id: ID!) { repairApplications(subjectId: $id) { id status decisionReason commitmentId history { action status } } }`,
      { id: org },
      applicant(),
    );
    const reinstated = apps.body.data.repairApplications.find((a: any) => a.id === application);
    expect(reinstated.status).toBe("REINSTATED");
    expect(reinstated.decisionReason).toContain("违反信用修复承诺");
    expect(reinstated.history.map((h: any) => `${h.action} ${h.status}`)).toEqual([
      "APPLY PENDING",
      "DECIDE APPROVING",
      "COMPLETE APPROVED",
      "REINSTATE REINSTATING",
      "COMPLETE REINSTATED",
    ]);
    // Its repair commitment is BREACHED on the review's day, with the reason as evidence, and counts at once; audited before/after.
    const commitments = await fed.query(
      `query($id: ID!) { subject(id: $id) { commitments { id source department matter fulfilment resolvedOn evidence } } }`,
      { id: org },
      ANALYST,
    );
    expect(commitments.body.data.subject.commitments.find((c: any) => c.id === reinstated.commitmentId)).toEqual({
      id: reinstated.commitmentId,
      source: "REPAIR",
      department: "tax",
      // Its matter in words a person reads: the department's title and the category's label, not codes.
      matter: "信用修复承诺（市税务局 偷逃税款）：一年内不再发生同类违法行为",
      fulfilment: "BREACHED",
      resolvedOn: today,
      evidence: reinstated.decisionReason,
    });
    expect(now.evaluation.reasons.some((r: any) => r.recordId === reinstated.commitmentId)).toBe(true);
    const audit = await fed.query(
      `query($id: ID!) { auditLog(recordId: $id, first: 5) { nodes { changes { recordId action before after } } } }`,
      { id: reinstated.commitmentId },
      { scopes: ["audit:read", "pii:read"] },
    );
    const breach = audit.body.data.auditLog.nodes
      .flatMap((n: any) => n.changes)
      .find((c: any) => c.recordId === reinstated.commitmentId && c.action === "DECIDE");
    expect([JSON.parse(breach.before).fulfilment, JSON.parse(breach.after).fulfilment]).toEqual(["PENDING", "BREACHED"]);
    // Once is enough: a second review finds nothing more.
    expect((await fed.query(`mutation { reviewRepairCommitments }`, {}, { scopes: ["dept:credit"] })).body.data.reviewRepairCommitments).toBe(0);
  });
});

describe("the dashboard's counters", () => {
  it("count applications, approvals, rejections, reinstatements and days to a decision, by department and month", async () => {
    const { db } = createDatabase<CreditDB>({ department: "credit", dataDir: fed.config.dataDir });
    try {
      const rows = await db.selectFrom("repairs").selectAll().execute();
      const { body } = await fed.query(
        `{ programmeMetrics { repairApplications { applications approvals rejections reinstatements medianDaysToDecision } repairsByDepartment { key applications } repairsByMonth { key applications } } }`,
        {},
        { scopes: ["metrics:read"] },
      );
      const m = body.data.programmeMetrics;
      expect(m.repairApplications).toMatchObject({
        applications: rows.length,
        approvals: rows.filter((r) => r.status === "APPROVED" || r.status === "REINSTATED").length,
        rejections: rows.filter((r) => r.status === "REJECTED").length,
        reinstatements: 1,
      });
      expect(m.repairApplications.rejections).toBeGreaterThan(0);
      expect(m.repairApplications.medianDaysToDecision).toBeGreaterThanOrEqual(0);
      for (const group of [m.repairsByDepartment, m.repairsByMonth]) expect(group.reduce((n: number, g: any) => n + g.applications, 0)).toBe(rows.length);
      expect(m.repairsByDepartment.find((g: any) => g.key === "tax").applications).toBe(rows.filter((r) => r.department === "tax").length);
    } finally {
      await db.destroy();
    }
  });
});

describe("close… is legal removal only", () => {
  it("is refused without a legal basis, and with one removes the record without calling it a repair", async () => {
    const id = await record("tax", "LATE_PAYMENT", "GENERAL", addMonths(today, -2));
    const without = await fed.query(`mutation($id: ID!) { closeTaxViolation(id: $id, closedOn: "${today}") { status } }`, { id }, { scopes: ["dept:tax"] });
    expect(without.body.errors?.[0].message).toMatch(/legalBasis/);
    const blank = await fed.query(
      `mutation($id: ID!) { closeTaxViolation(id: $id, closedOn: "${today}", legalBasis: "  ") { status } }`,
      { id },
      { scopes: ["dept:tax"] },
    );
    expect(blank.body.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    const removed = await fed.query(
      `mutation($id: ID!) { closeTaxViolation(id: $id, closedOn: "${today}", legalBasis: "（2026）浙0502行初1号判决撤销") { status closureBasis } }`,
      { id },
      { scopes: ["dept:tax"] },
    );
    expect(removed.body.data.closeTaxViolation).toEqual({ status: "REMOVED", closureBasis: "（2026）浙0502行初1号判决撤销" });
  });
});
