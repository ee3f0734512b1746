/**
 * Publicity and repair as dated rule sets, through the real federation (issue 24, item 1): a record's
 * rule set follows its decision date and every record shows its source; a GENERAL penalty 400 days
 * old is ACTIVE under Order No. 58 (3 years) and counts in the evaluation, one of 2021 followed 527号;
 * special equipment waits a year; Order No. 45's low fine ends after 3 months and its early-stop
 * conditions are checked on application, each refusal naming its condition; the 经营异常名录 is a
 * list: it does not expire, is not repaired, and is removed by the market department (audited),
 * after which it no longer counts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMonths, todayInChina } from "../../shared/scalars.js";
import { addDays } from "../../shared/seeding/random.js";
import { REPAIR_MATERIALS } from "../../testing/repair.js";
import { ANALYST, type As, type Federation, startFederation } from "../../testing/federation.js";

let fed: Federation;
let orgs: string[];
const today = todayInChina();
const RULE = "publicityRule { ruleSet document article inForceFrom ours }";

beforeAll(async () => {
  fed = await startFederation({ subjects: 120 });
  const page = await fed.query(
    `{ subjects(first: 100, filter: { kind: ORGANIZATION }) { nodes { id tax { violations { status } } transport { records { status } } market { records { id } } } } }`,
    {},
    ANALYST,
  );
  // Organisations with no market record at all (no earlier penalty, no listing) and nothing active elsewhere.
  orgs = page.body.data.subjects.nodes
    .filter((n: any) => n.market.records.length === 0 && [n.tax.violations, n.transport.records].every((rs: any[]) => rs.every((r) => r.status !== "ACTIVE")))
    .map((n: any) => n.id);
  expect(orgs.length).toBeGreaterThanOrEqual(2);
}, 180_000);

afterAll(async () => fed?.close());

let serial = 0;
const MUTATIONS = {
  tax: ["recordTaxViolation", "RecordTaxViolationInput", "TaxViolation"],
  market: ["recordMarketRecord", "RecordMarketRecordInput", "MarketRecord"],
} as const;

async function record(subjectId: string, department: "tax" | "market", fields: Record<string, unknown>) {
  const [mutation, type] = MUTATIONS[department];
  const input = { subjectId, documentNo: `rule-sets-${++serial}`, severity: "GENERAL", description: "测试记录", amount: 50_000, ...fields };
  const { body } = await fed.query(
    `mutation($in: ${type}!) { ${mutation}(input: $in) { id status decidedOn publicityEndsOn ${RULE} } }`,
    { in: input },
    { scopes: [`dept:${department}`] },
  );
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data[mutation];
}

const applicant = (org: string): As => ({ sub: "agent-rules", scopes: ["repair:apply"], subjects: [org] });
const apply = (org: string, recordId: string, declared: Record<string, unknown> = {}) =>
  fed.query(
    `mutation($in: ApplyForCreditRepairInput!) { applyForCreditRepair(input: $in) { id status } }`,
    { in: { subjectId: org, recordId, reason: "罚款已缴清，已整改", materials: REPAIR_MATERIALS, commitment: "一年内不再发生同类违法行为", ...declared } },
    applicant(org),
  );
const refusal = (answer: { body: { errors?: { extensions: Record<string, unknown> }[] } }) => answer.body.errors?.[0]?.extensions;
const reasons = async (org: string) =>
  (
    await fed.query(`query($id: ID!) { subject(id: $id) { evaluation { reasons { recordId } } } }`, { id: org }, ANALYST)
  ).body.data.subject.evaluation.reasons.map((r: { recordId: string }) => r.recordId);

describe("a record's rule set follows its decision date", () => {
  it("a GENERAL penalty decided 400 days ago is ACTIVE until decision + 3 years (Order No. 58) and counts; one of 2021 followed 527号 (1 year); both show their source", async () => {
    const decided = addDays(today, -400);
    const recent = await record(orgs[0], "tax", { category: "LATE_FILING", decidedOn: decided });
    expect(recent).toMatchObject({ status: "ACTIVE", publicityEndsOn: addMonths(decided, 36) });
    expect(recent.publicityRule).toMatchObject({ ruleSet: "NDRC-58-2023", document: "国家发展改革委令第58号", inForceFrom: "2023-05-01" });
    expect(recent.publicityRule.ours).toMatch(/article was not read/);
    const old = await record(orgs[0], "tax", { category: "LATE_FILING", decidedOn: "2021-06-15" });
    expect(old).toMatchObject({ status: "EXPIRED", publicityEndsOn: "2022-06-15" });
    expect(old.publicityRule).toMatchObject({ ruleSet: "NDRC-527-2019", document: "发改办财金〔2019〕527号", inForceFrom: "2019-07-01" });
    // The evaluation reads the status: the 400-day-old penalty counts, the expired one does not.
    const counted = await reasons(orgs[0]);
    expect(counted).toContain(recent.id);
    expect(counted).not.toContain(old.id);
  });

  it("a market penalty with only a low fine ends after 3 months (Order No. 45 Art. 13, the limit ours); repairRules lists the sets", async () => {
    const decided = addMonths(today, -4);
    const low = await record(orgs[1], "market", { category: "ADMINISTRATIVE_PENALTY", decidedOn: decided, amount: 500 });
    expect(low).toMatchObject({ status: "EXPIRED", publicityEndsOn: addMonths(decided, 3) });
    expect(low.publicityRule).toMatchObject({ ruleSet: "SAMR-45-2021", inForceFrom: "2021-09-01" });
    expect(low.publicityRule.article).toContain("第十三条");
    expect(low.publicityRule.ours).toMatch(/low fine/);
    const rules = await fed.query(
      `{ repairRules { ruleSets { source { ruleSet } effectiveFrom effectiveTo list lowFine { maxYuanOrganization } conditions } } }`,
    );
    const sets = rules.body.data.repairRules.ruleSets;
    expect(sets.map((s: any) => s.source.ruleSet)).toEqual(["CN-2017-INTERIM", "NDRC-527-2019", "NDRC-58-2023", "SAMR-45-2021", "ABNORMAL-OPERATIONS-LIST"]);
    expect(sets[3]).toMatchObject({
      effectiveFrom: "2021-09-01",
      effectiveTo: null,
      lowFine: { maxYuanOrganization: 3000 },
      conditions: expect.arrayContaining(["NOT_ON_LISTS"]),
    });
  });

  it("special equipment waits 1 year: refused at 11 months with the earliest date, where an ordinary market penalty of that day (3 years' publicity) is past its minimum", async () => {
    const decided = addMonths(today, -11);
    const special = await record(orgs[1], "market", { category: "SPECIAL_EQUIPMENT", decidedOn: decided });
    const both = { penaltyFulfilled: true, harmRemoved: true };
    expect(refusal(await apply(orgs[1], special.id, both))).toMatchObject({ code: "REPAIR_TOO_EARLY", earliestDate: addMonths(decided, 12) });
    const ordinary = await record(orgs[1], "market", { category: "ADMINISTRATIVE_PENALTY", decidedOn: decided });
    expect(ordinary).toMatchObject({ status: "ACTIVE", publicityEndsOn: addMonths(decided, 36) });
    // Past its 3 months: what stops it is a condition (the low-fine penalty of 4 months ago came later), not the period.
    expect(refusal(await apply(orgs[1], ordinary.id, both))).toMatchObject({ code: "REPAIR_CONDITION_UNMET", condition: "NO_REPEAT_OFFENCE" });
  });
});

describe("Order No. 45's conditions and the 经营异常名录", () => {
  let earlier: string;
  let penalty: string;
  let listing: string;
  let oldListing: string;

  it("refuses an early stop naming each unmet condition: not fulfilled, harm not removed, a later penalty, on a list", async () => {
    const org = orgs[0];
    earlier = (await record(org, "market", { category: "ADMINISTRATIVE_PENALTY", decidedOn: addMonths(today, -10) })).id;
    penalty = (await record(org, "market", { category: "ADMINISTRATIVE_PENALTY", decidedOn: addMonths(today, -8) })).id;
    expect(refusal(await apply(org, penalty))).toMatchObject({ code: "REPAIR_CONDITION_UNMET", condition: "PENALTY_FULFILLED" });
    expect(refusal(await apply(org, penalty, { penaltyFulfilled: true }))).toMatchObject({ code: "REPAIR_CONDITION_UNMET", condition: "HARM_REMOVED" });
    const both = { penaltyFulfilled: true, harmRemoved: true };
    expect(refusal(await apply(org, earlier, both))).toMatchObject({ code: "REPAIR_CONDITION_UNMET", condition: "NO_REPEAT_OFFENCE" });
    const listed = await record(org, "market", {
      category: "ABNORMAL_OPERATIONS",
      abnormalCause: "NO_ANNUAL_REPORT",
      decidedOn: addMonths(today, -2),
      amount: null,
    });
    listing = listed.id;
    expect(refusal(await apply(org, penalty, both))).toMatchObject({ code: "REPAIR_CONDITION_UNMET", condition: "NOT_ON_LISTS" });
  });

  it("a listing does not expire and is not repaired: years on the list it is ACTIVE until removed; repair points to removal", async () => {
    const org = orgs[0];
    const old = await record(org, "market", { category: "ABNORMAL_OPERATIONS", abnormalCause: "UNREACHABLE", decidedOn: "2021-03-01", amount: null });
    oldListing = old.id;
    expect(old).toMatchObject({ status: "ACTIVE", publicityEndsOn: "9999-12-31", publicityRule: { ruleSet: "ABNORMAL-OPERATIONS-LIST" } });
    expect(refusal(await apply(org, listing))).toMatchObject({ code: "LISTING_NOT_REPAIRABLE", removal: "removeFromAbnormalOperations" });
    const profile = await fed.query(
      `query($id: ID!) { subject(id: $id) { market { onAbnormalOperationsList records { id listedDays } } } }`,
      { id: org },
      ANALYST,
    );
    expect(profile.body.data.subject.market.onAbnormalOperationsList).toBe(true);
    expect(profile.body.data.subject.market.records.find((r: any) => r.id === oldListing).listedDays).toBeGreaterThan(3 * 365);
    expect(await reasons(org)).toEqual(expect.arrayContaining([listing, oldListing]));
  });

  it("the market department removes a listing once its cause is fixed (audited, before and after); it no longer counts and the penalty may then be repaired", async () => {
    const org = orgs[0];
    const REMOVE = `mutation($id: ID!, $on: Date!) { removeFromAbnormalOperations(id: $id, causeFixedOn: $on, basis: "已补报年度报告") { id status closedOn causeFixedOn publicityEndsOn closureBasis } }`;
    const forbidden = await fed.query(REMOVE, { id: listing, on: addDays(today, -3) }, { scopes: ["dept:tax"] });
    expect(refusal(forbidden)?.code).toBe("FORBIDDEN");
    expect(refusal(await fed.query(REMOVE, { id: penalty, on: addDays(today, -3) }, { scopes: ["dept:market"] }))?.code).toBe("CONFLICT");
    const removed = await fed.query(REMOVE, { id: listing, on: addDays(today, -3) }, { scopes: ["dept:market"], sub: "market-clerk" });
    expect(removed.body.errors, JSON.stringify(removed.body.errors)).toBeUndefined();
    expect(removed.body.data.removeFromAbnormalOperations).toMatchObject({
      status: "REMOVED",
      closedOn: today,
      causeFixedOn: addDays(today, -3),
      publicityEndsOn: today,
    });
    expect(removed.body.data.removeFromAbnormalOperations.closureBasis).toContain("已补报年度报告");
    await fed.query(REMOVE, { id: oldListing, on: addDays(today, -1) }, { scopes: ["dept:market"] });
    const audit = await fed.query(
      `query($id: ID!) { auditLog(recordId: $id, first: 5) { nodes { caller fields changes { action before after } } } }`,
      { id: listing },
      { scopes: ["audit:read"] },
    );
    const entry = audit.body.data.auditLog.nodes.find((n: any) => n.fields.includes("removeFromAbnormalOperations"));
    expect(entry.caller).toBe("market-clerk");
    expect([JSON.parse(entry.changes[0].before).status, JSON.parse(entry.changes[0].after).status]).toEqual(["ACTIVE", "REMOVED"]);
    expect(entry.changes[0].action).toBe("DELIST");
    const counted = await reasons(org);
    expect(counted).not.toContain(listing);
    expect(counted).not.toContain(oldListing);
    const accepted = await apply(org, penalty, { penaltyFulfilled: true, harmRemoved: true });
    expect(accepted.body.errors, JSON.stringify(accepted.body.errors)).toBeUndefined();
    expect(accepted.body.data.applyForCreditRepair.status).toBe("PENDING");
  });
});
