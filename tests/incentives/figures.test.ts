/**
 * The dashboard's figures beside the 2024 article's, like for like (issue 24, item 7): after writes
 * that tell the definitions apart — a person's refundable deposit waived, an organisation's use, a
 * reversal, a ledger entry from before the programme started, a revoked registration, reports
 * issued — each like-for-like figure the gateway serves equals the same definition counted with SQL
 * in the department databases this test started, for three filters; and the definition it must
 * not drift to (deposits counted, organisations counted, revoked registrations counted, every
 * subject's repairs, a department per certificate) gives another number here. The dashboard's
 * published figures each name fields its queries select and this test checks.
 */
import fs from "node:fs";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../shared/db.js";
import { todayInChina } from "../../shared/scalars.js";
import type { CreditDB } from "../../subgraphs/credit/db.js";
import { DEFAULT_CERTIFICATION_RULES_FILE } from "../../subgraphs/credit/reports/certification-rules.js";
import type { IncentivesDB } from "../../subgraphs/incentives/db.js";
import { ANALYST, type As, type Federation, startFederation } from "../../testing/federation.js";
import { presentedCode, viaChannel } from "../../testing/presentation.js";
import { DASHBOARD_CREDIT, DASHBOARD_LEDGER } from "../../web/src/operations.js";
import { PUBLISHED_FIGURES } from "../../web/src/published-figures.js";
import { catalogueWith } from "../programme/test-catalogue.js";

const RULES = JSON.parse(fs.readFileSync(DEFAULT_CERTIFICATION_RULES_FILE, "utf8"));
const METRICS: As = { sub: "dashboard", scopes: ["metrics:read"] };
const PARTNER: As = {
  sub: "partner-figures",
  scopes: ["eligibility:check", "incentive:redeem"],
  offers: ["test-fee-discount", "test-deposit"],
  purpose: "测试",
};
const CHANNEL: As = { sub: "channel-zlb", scopes: ["code:register"] };
const REDEEM = `mutation($input: RedeemIncentiveInput!) { redeemIncentive(input: $input) { id } }`;
/** The like-for-like fields and, beside each, the field of the other definition the panel shows below it. */
const FIGURES = `personBenefitUses benefitUses personFeesWaived amountWaived registeredPersons codeRegistrations marketSubjectRepairs creditRepairsCompleted
  reportsIssued domainCertificatesReplaced certificatesReplaced certificatesPerReport reportsByYear { key reports domainCertificates }`;

let fed: Federation;
let ledger: Kysely<IncentivesDB>;
let credit: Kysely<CreditDB>;
let district: string;

async function ok<T = any>(query: string, variables: Record<string, unknown>, as: As): Promise<T> {
  const { body } = await fed.query(query, variables, as);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

async function subjects(kind: "PERSON" | "ORGANIZATION", n: number): Promise<{ id: string; district: string; organizationType: string | null }[]> {
  const data = await ok(
    `query($kind: SubjectKind) { subjects(first: 100, filter: { kind: $kind }) { nodes { id district organizationType creditCode { status } listEntries { color status } } } }`,
    { kind },
    ANALYST,
  );
  const free = data.subjects.nodes.filter(
    (s: any) => s.creditCode.status === "NONE" && !s.listEntries.some((e: any) => e.color === "BLACK" && e.status === "ACTIVE"),
  );
  expect(free.length).toBeGreaterThanOrEqual(n);
  return free.slice(0, n);
}

/** A redemption for an organisation (its USCC) or a person (a code they present). */
const redeem = (named: { subjectId: string } | { presentation: string }, offerId: string, amount: number, key: string) =>
  ok<{ redeemIncentive: { id: string } }>(REDEEM, { input: { ...named, offerId, amount, channel: "测试", idempotencyKey: key } }, PARTNER);
const presented = async (personId: string) => ({ presentation: await presentedCode(viaChannel(fed), personId) });

beforeAll(async () => {
  fed = await startFederation({
    subjects: 300,
    env: {
      XINYI_INCENTIVE_CATALOGUE: catalogueWith([
        { id: "test-fee-discount", kind: "DISCOUNT", subjectKinds: ["PERSON", "ORGANIZATION"] },
        { id: "test-deposit", kind: "DEPOSIT_WAIVER", subjectKinds: ["PERSON"] },
      ]),
      XINYI_RATE_LIMIT_PER_MINUTE: "100000",
      XINYI_IP_RATE_LIMIT_PER_MINUTE: "100000",
    },
  });
  ledger = createDatabase<IncentivesDB>({ department: "incentives", dataDir: fed.config.dataDir }).db;
  credit = createDatabase<CreditDB>({ department: "credit", dataDir: fed.config.dataDir }).db;
  const persons = await subjects("PERSON", 3);
  const [org] = await subjects("ORGANIZATION", 1);
  district = persons[0].district;
  for (const p of persons)
    await ok(
      `mutation($id: ID!) { registerCreditCode(input: { subjectId: $id, channel: "浙里办", consents: [INCENTIVE_CHECK, INCENTIVE_REDEEM] }) { status } }`,
      { id: p.id },
      CHANNEL,
    );
  await ok(`mutation($id: ID!) { revokeCreditCode(subjectId: $id, reason: "本人申请注销") { status } }`, { id: persons[2].id }, CHANNEL);
  await redeem(await presented(persons[0].id), "test-fee-discount", 30, "figures-1");
  await redeem(await presented(persons[1].id), "test-deposit", 500, "figures-2");
  await redeem({ subjectId: org.id }, "test-fee-discount", 40, "figures-3");
  const reversed = await redeem(await presented(persons[0].id), "test-fee-discount", 20, "figures-4");
  await ok(`mutation($id: ID!) { reverseRedemption(redemptionId: $id, reason: "录入错误") { id } }`, { id: reversed.redeemIncentive.id }, PARTNER);
  // An entry dated before the programme went live (as an import of old data could hold): not the article's scope.
  const early = await ledger.selectFrom("redemptions").selectAll().where("idempotency_key", "=", "figures-1").executeTakeFirstOrThrow();
  await ledger
    .insertInto("redemptions")
    .values({ ...early, id: "figures-early", idempotency_key: "figures-early", redeemed_at: "2020-06-01T02:00:00.000Z", redeemed_on: "2020-06-01" })
    .execute();
  const [reported] = await subjects("ORGANIZATION", 1);
  const issuer: As = { sub: "issuer-figures", scopes: ["report:issue"] };
  for (const purpose of ["投标", "上市"])
    await ok(`mutation($id: ID!, $p: String!) { issueCreditReport(subjectId: $id, purpose: $p) { number } }`, { id: reported.id, p: purpose }, issuer);
}, 240_000);

afterAll(async () => {
  await ledger?.destroy();
  await credit?.destroy();
  await fed?.close();
});

/** Each figure counted with SQL in the department databases, as its definition says. */
async function direct(f: { district?: string; from?: string; to?: string }) {
  const end = f.to ?? todayInChina();
  const since = f.from && f.from > "2021-03-01" ? f.from : "2021-03-01";
  const inDistrict = f.district ? sql`and district = ${f.district}` : sql``;
  const persons = await sql<{ uses: number; fees: number; deposits: number; orgUses: number }>`
    select coalesce(sum(case when subject_kind = 'PERSON' then sign end), 0) as uses,
           coalesce(sum(case when subject_kind = 'PERSON' and offer_kind in ('DISCOUNT', 'COUPON') then amount_fen end), 0) as fees,
           coalesce(sum(case when subject_kind = 'PERSON' and offer_kind = 'DEPOSIT_WAIVER' then amount_fen end), 0) as deposits,
           coalesce(sum(case when subject_kind = 'ORGANIZATION' then sign end), 0) as "orgUses"
    from redemptions where action = 'USE' and redeemed_on >= ${since} and redeemed_on <= ${end} ${inDistrict}`.execute(ledger);
  const sDistrict = f.district ? sql`and s.district = ${f.district}` : sql``;
  const held = await sql<{ n: number; revoked: number }>`
    select count(distinct case when r.revoked_at is null or substr(r.revoked_at, 1, 10) > ${end} then r.subject_id end) as n,
           count(distinct case when r.revoked_at is not null and substr(r.revoked_at, 1, 10) <= ${end} then r.subject_id end) as revoked
    from code_registrations r join subjects s on s.id = r.subject_id
    where s.kind = 'PERSON' and substr(r.registered_at, 1, 10) <= ${end} ${sDistrict}`.execute(credit);
  const repairs = await sql<{ market: number; all: number }>`
    select count(case when s.organization_type in ('ENTERPRISE', 'INDIVIDUAL_BUSINESS', 'FARMERS_COOPERATIVE') then 1 end) as market, count(*) as "all"
    from repairs r join subjects s on s.id = r.subject_id
    where r.status = 'APPROVED' and r.decided_on <= ${end} and r.decided_on >= ${f.from ?? "0000"} ${sDistrict}`.execute(credit);
  const reports = await sql<{ year: string; n: number; departments: number }>`
    select substr(r.issued_at, 1, 4) as year, count(*) as n, sum(r.departments) as departments
    from credit_reports r join subjects s on s.id = r.subject_id
    where r.issued_at >= ${f.from ?? "0000"} and substr(r.issued_at, 1, 10) <= ${end} ${sDistrict} group by year order by year`.execute(credit);
  const p = persons.rows[0];
  const years = reports.rows.map((r) => ({ key: r.year, reports: Number(r.n), domainCertificates: Number(r.n) * RULES.certificates.domainsPerReport }));
  return {
    figures: {
      personBenefitUses: Number(p.uses),
      personFeesWaived: Number(p.fees) / 100,
      registeredPersons: Number(held.rows[0].n),
      marketSubjectRepairs: Number(repairs.rows[0].market),
      reportsByYear: years,
      domainCertificatesReplaced: years.reduce((s, y) => s + y.domainCertificates, 0),
    },
    // What each figure would be had its definition drifted.
    drifted: {
      personBenefitUses: Number(p.uses) + Number(p.orgUses),
      personFeesWaived: (Number(p.fees) + Number(p.deposits)) / 100,
      registeredPersons: Number(held.rows[0].n) + Number(held.rows[0].revoked),
      marketSubjectRepairs: Number(repairs.rows[0].all),
      domainCertificatesReplaced: reports.rows.reduce((s, r) => s + Number(r.departments), 0),
    },
  };
}

describe("the dashboard's figures beside the article's", () => {
  it("equal their definitions counted with SQL in the department databases, and not the definitions they must not drift to", async () => {
    const today = todayInChina();
    const filters = [{}, { district, from: "2020-01-01", to: today }, { from: "2025-01-01", to: "2026-11-30" }];
    for (const f of filters) {
      const m = (await ok(`query($f: ProgrammeMetricsFilter) { programmeMetrics(filter: $f) { ${FIGURES} } }`, { f }, METRICS)).programmeMetrics;
      const { figures, drifted } = await direct(f);
      expect(m, JSON.stringify(f)).toMatchObject(figures);
      expect(m.certificatesPerReport).toBe(RULES.certificates.domainsPerReport);
      if (f === filters[0] || f === filters[1]) {
        // These writes fall in the first two filters: each drifted definition counts something else there.
        for (const [field, value] of Object.entries(drifted)) expect(m[field], `${field} ${JSON.stringify(f)}`).not.toBe(value);
      }
    }
    // The filter's `from` before the programme's start counts from the start: the 2020 entry is not in.
    const early = await ok(
      `{ a: programmeMetrics(filter: { from: "2020-01-01" }) { personBenefitUses } b: programmeMetrics { personBenefitUses } }`,
      {},
      METRICS,
    );
    expect(early.a.personBenefitUses).toBe(early.b.personBenefitUses);
    const withEarly = await sql<{ n: number }>`select count(*) as n from redemptions where redeemed_on < '2021-03-01' and subject_kind = 'PERSON'`.execute(
      ledger,
    );
    expect(Number(withEarly.rows[0].n)).toBeGreaterThan(0);
  });

  it("are what the dashboard shows: every published figure names fields its queries select, each checked above", () => {
    const checked = FIGURES.split(/[\s{}]+/);
    const selected = `${DASHBOARD_LEDGER} ${DASHBOARD_CREDIT}`;
    for (const p of PUBLISHED_FIGURES) {
      expect(p.asOf.length, p.panel).toBeGreaterThan(0);
      expect(p.scope.length, p.panel).toBeGreaterThan(0);
      for (const field of p.ours) expect(selected, `${p.panel}: ${field}`).toMatch(new RegExp(`\\b${field}\\b`));
    }
    const likeForLike = PUBLISHED_FIGURES.filter((p) => p.panel !== "coupons").flatMap((p) => p.ours);
    for (const field of likeForLike) expect(checked, field).toContain(field);
  });
});
