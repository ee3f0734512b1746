/**
 * The programme metrics' roll-ups (issue 31 item 1) equal the raw count: on a seeded federation
 * (the roll-ups written by the seed through the triggers), random writes through the real API —
 * registrations and revocations, redemptions and reversals, list entries added and removed, repair
 * applications approved and rejected, reports issued — and notice rows queued and delivered as the
 * notices worker writes them; then the full `programmeMetrics` selection through the gateway
 * equals the reference count of the raw rows (metrics.repo.ts countProgrammeFromLedger,
 * programme-tables.ts countFiguresFromTables) for every filter below. A data folder written before
 * the roll-ups existed is backfilled by their migration to the same figures. SQLite and PostgreSQL.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely, Migration } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnyDatabase, createDatabase, migrateToLatest } from "../../shared/db.js";
import { metricsKey, type MetricsFilter } from "../../shared/metrics-filter.js";
import { addDays, addMonths, todayInChina } from "../../shared/scalars.js";
import type { CreditDB } from "../../subgraphs/credit/db.js";
import { migrations as creditMigrations } from "../../subgraphs/credit/migrations/index.js";
import { figuresFromRollups } from "../../subgraphs/credit/programme/programme.js";
import { countFiguresFromTables } from "../../subgraphs/credit/programme/programme-tables.js";
import type { IncentivesDB } from "../../subgraphs/incentives/db.js";
import { countProgramme, countProgrammeFromLedger } from "../../subgraphs/incentives/metrics.repo.js";
import { migrations as incentivesMigrations } from "../../subgraphs/incentives/migrations/index.js";
import { ANALYST, type As, type Federation, startFederation } from "../../testing/federation.js";
import { presentedCode, viaChannel } from "../../testing/presentation.js";
import { startPostgres, type TestPostgres } from "../../testing/postgres.js";
import { REPAIR_MATERIALS } from "../../testing/repair.js";
import { catalogueWith } from "./test-catalogue.js";

const today = todayInChina();
const OFFERS = ["test-rollup-discount", "test-rollup-coupon"];

const METRICS: As = { sub: "dashboard", scopes: ["metrics:read"] };
const CHANNEL: As = { sub: "channel-zlb", scopes: ["code:register"] };
const PARTNER: As = { sub: "partner-rollups", scopes: ["eligibility:check", "incentive:redeem"], offers: OFFERS, purpose: "测试" };
const CREDIT: As = { sub: "credit-officer", scopes: ["dept:credit"] };

/** Every field of ProgrammeMetrics both subgraphs answer (the dashboard's selection and more). */
const ALL_FIELDS = `benefitUses personBenefitUses personFeesWaived beneficiaries amountWaived depositsWaived couponsIssued couponsUsed couponValue
  loansGranted loanAmount byScenario { key uses amount } byDistrict { key uses amount } byMonth { key uses amount } topOffers { key uses amount }
  codeRegistrations activeCodeRegistrations registeredPersons marketSubjectRepairs creditRepairsCompleted
  repairApplications { key applications approvals rejections reinstatements medianDaysToDecision }
  repairsByDepartment { key applications approvals rejections reinstatements medianDaysToDecision }
  repairsByMonth { key applications approvals rejections reinstatements medianDaysToDecision }
  reportsIssued certificatesReplaced domainCertificatesReplaced certificatesPerReport
  reportsByYear { key reports certificates domainCertificates } reportsByPurpose { key reports certificates domainCertificates }
  reportsByMonth { key reports certificates domainCertificates } listEntries { list color entries }
  noticesByKind { kind family outcome notices } repairsAfterReminder`;

/** Filters whose periods start and end inside months, on month bounds, open at either end. */
const FILTERS: MetricsFilter[] = [
  {},
  { district: "WUXING" },
  { from: "2025-03-17", to: "2026-02-09" },
  { district: "ANJI", from: "2025-06-01", to: "2026-08-31" },
  { to: "2025-11-20" },
  { from: addDays(today, -45) },
  { from: "2026-01-05", to: "2026-01-27" },
  { scenario: "ZU", district: "DEQING", from: "2024-12-15" },
];

/** A deterministic pseudo-random sequence (the same writes on every run). */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/** The raw count of both subgraphs, shaped as the gateway answers. */
async function reference(ledger: Kysely<IncentivesDB>, credit: Kysely<CreditDB>, f: MetricsFilter) {
  return JSON.parse(JSON.stringify({ ...(await countProgrammeFromLedger(ledger, f)), ...(await countFiguresFromTables(credit, f)) }));
}

for (const dialect of ["sqlite", "postgres"] as const)
  describe(`programme roll-ups on ${dialect}`, () => {
    let postgres: TestPostgres | undefined;
    let fed: Federation;
    let ledger: Kysely<IncentivesDB>;
    let credit: Kysely<CreditDB>;
    const closers: (() => Promise<void>)[] = [];
    const random = rng(dialect === "sqlite" ? 31 : 28);
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];

    async function ok(query: string, variables: Record<string, unknown>, as: As) {
      const { body } = await fed.query(query, variables, as);
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data;
    }
    const open = async <DB>(department: string, databaseUrl?: string): Promise<Kysely<DB>> => {
      const handle = createDatabase<DB>({ department, dataDir: fed.config.dataDir, databaseUrl });
      closers.push(() => handle.db.destroy());
      return handle.db;
    };

    beforeAll(async () => {
      postgres = dialect === "postgres" ? await startPostgres() : undefined;
      const databaseUrl = await postgres?.createDatabase("xinyi_rollups");
      fed = await startFederation({
        subjects: 160,
        env: {
          XINYI_INCENTIVE_CATALOGUE: catalogueWith([
            { id: OFFERS[0], kind: "DISCOUNT", subjectKinds: ["PERSON", "ORGANIZATION"] },
            { id: OFFERS[1], kind: "COUPON", subjectKinds: ["PERSON", "ORGANIZATION"] },
          ]),
          XINYI_RATE_LIMIT_PER_MINUTE: "100000",
          XINYI_IP_RATE_LIMIT_PER_MINUTE: "100000",
          ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        },
      });
      ledger = await open<IncentivesDB>("incentives", fed.config.departments.incentives.databaseUrl);
      credit = await open<CreditDB>("credit", fed.config.departments.credit.databaseUrl);
    }, 240_000);

    afterAll(async () => {
      for (const close of closers) await close();
      await fed?.close();
      await postgres?.stop();
    });

    it("answers every figure from the roll-ups exactly as the raw rows count it, after random writes through the API, for eight filters", async () => {
      const page = await ok(
        `{ people: subjects(first: 100, filter: { kind: PERSON }) { nodes { id creditCode { status } } }
           firms: subjects(first: 100, filter: { kind: ORGANIZATION }) { nodes { id listEntries { color status } tax { violations { status } } } } }`,
        {},
        ANALYST,
      );
      const people: string[] = page.people.nodes
        .filter((n: any) => n.creditCode.status === "NONE")
        .map((n: any) => n.id)
        .slice(0, 12);
      const firms: string[] = page.firms.nodes
        .filter((n: any) => !n.listEntries.some((e: any) => e.color === "BLACK") && n.tax.violations.every((v: any) => v.status !== "ACTIVE"))
        .map((n: any) => n.id);
      expect(people.length).toBeGreaterThanOrEqual(8);
      expect(firms.length).toBeGreaterThanOrEqual(8);

      // Registrations, some revoked; redemptions by persons (a presented code) and firms, some reversed.
      for (const id of people)
        await ok(
          `mutation($id: ID!) { registerCreditCode(input: { subjectId: $id, channel: "浙里办", consents: [INCENTIVE_CHECK, INCENTIVE_REDEEM] }) { status } }`,
          { id },
          CHANNEL,
        );
      const redemptions: string[] = [];
      for (let i = 0; i < 24; i++) {
        const who = random() < 0.5 ? { presentation: await presentedCode(viaChannel(fed), pick(people.slice(0, 8))) } : { subjectId: pick(firms) };
        const amount = 1 + Math.floor(random() * 300);
        const input = { ...who, offerId: pick(OFFERS), amount, channel: "测试", idempotencyKey: `rollup-${dialect}-${i}` };
        redemptions.push(
          (await ok(`mutation($input: RedeemIncentiveInput!) { redeemIncentive(input: $input) { id } }`, { input }, PARTNER)).redeemIncentive.id,
        );
      }
      for (const id of redemptions.filter(() => random() < 0.3))
        await ok(`mutation($id: ID!) { reverseRedemption(redemptionId: $id, reason: "录入错误") { id } }`, { id }, PARTNER);
      for (const id of people.slice(8)) await ok(`mutation($id: ID!) { revokeCreditCode(subjectId: $id, reason: "本人申请注销") { status } }`, { id }, CHANNEL);

      // List entries, one with a term ending in the past, one removed.
      const entries: string[] = [];
      for (const [i, firm] of firms.slice(0, 4).entries()) {
        const listedOn = addDays(today, -30 - Math.floor(random() * 500));
        const input = {
          subjectId: firm,
          list: "DISHONEST_JUDGMENT_DEBTOR",
          authority: "湖州市中级人民法院",
          reason: "违反财产报告制度",
          legalBasis: "最高人民法院关于公布失信被执行人名单信息的若干规定 第一条第（四）项",
          documentNumber: `（2026）浙05执 ${i} 号`,
          listedOn,
          ...(i === 1 ? { expiresOn: addDays(listedOn, 20) } : {}),
        };
        entries.push((await ok(`mutation($in: AddListEntryInput!) { addListEntry(input: $in) { id } }`, { in: input }, CREDIT)).addListEntry.id);
      }
      await ok(
        `mutation($id: ID!, $on: Date!) { removeListEntry(id: $id, reason: LIFTED, basis: "（2026）浙05执恢12号决定书：已全部履行", on: $on) { status } }`,
        { id: entries[2], on: today },
        CREDIT,
      );

      // Repair applications: one approved, one rejected, one waiting; reports issued.
      for (const [i, firm] of firms.slice(4, 7).entries()) {
        const input = {
          subjectId: firm,
          documentNo: `rollup-${dialect}-${i}`,
          category: "TAX_EVASION",
          severity: "SERIOUS",
          description: "测试记录",
          decidedOn: addMonths(today, -6),
          amount: 100,
        };
        const recordId = (
          await ok(`mutation($in: RecordTaxViolationInput!) { recordTaxViolation(input: $in) { id } }`, { in: input }, { scopes: ["dept:tax"] })
        ).recordTaxViolation.id;
        const applied = await ok(
          `mutation($in: ApplyForCreditRepairInput!) { applyForCreditRepair(input: $in) { id } }`,
          { in: { subjectId: firm, recordId, reason: "罚款已缴清，已整改", materials: REPAIR_MATERIALS, commitment: "一年内不再发生同类违法行为" } },
          { sub: "agent-1", scopes: ["repair:apply"], subjects: [firm] },
        );
        const decide = ["approveCreditRepair", "rejectCreditRepair"][i];
        if (decide)
          await ok(
            `mutation($id: ID!) { ${decide}(applicationId: $id, reason: "审查意见") { status } }`,
            { id: applied.applyForCreditRepair.id },
            { scopes: ["dept:tax"] },
          );
      }
      for (const firm of firms.slice(0, 3))
        await ok(
          `mutation($id: ID!, $p: String!) { issueCreditReport(subjectId: $id, purpose: $p) { number } }`,
          { id: firm, p: pick(["投标", "融资"]) },
          { scopes: ["report:issue"] },
        );

      // Notices as the worker writes them: queued, then delivered or given up; a 到期提醒 before a repair.
      const repairs = await credit.selectFrom("repairs").select(["subject_id", "department", "record_id", "applied_on"]).limit(6).execute();
      for (const [i, r] of repairs.entries()) {
        const kind = pick(["PENALTY_RECORDED", "REPAIR_POSSIBLE", "PUBLICITY_ENDING"]);
        const createdAt = `${addDays(r.applied_on, -10)}T02:00:00.000Z`;
        await credit
          .insertInto("notices")
          .values({
            id: `N-rollup-${i}`,
            subject_id: r.subject_id,
            kind,
            department: r.department,
            record_id: r.record_id,
            due_on: r.applied_on,
            created_at: createdAt,
            text_zh: "测试",
            text_en: "test",
            body: "{}",
            channel: "CODE_CHANNEL",
            status: "QUEUED",
            tries: 0,
            next_attempt_at: createdAt,
            lease_owner: null,
            lease_until: null,
            last_attempt_at: null,
            last_outcome: null,
            delivered_at: null,
          })
          .execute();
        const outcome = pick(["DELIVERED", "DELIVERED", "DEAD_LETTER", "QUEUED"] as const);
        await credit
          .updateTable("notices")
          .set({ status: outcome, tries: 1, delivered_at: outcome === "DELIVERED" ? createdAt : null })
          .where("id", "=", `N-rollup-${i}`)
          .execute();
      }

      for (const f of FILTERS) {
        const answer = await ok(`query($f: ProgrammeMetricsFilter) { programmeMetrics(filter: $f) { id ${ALL_FIELDS} } }`, { f }, METRICS);
        const expected = { id: metricsKey(f), ...(await reference(ledger, credit, f)) };
        expect(answer.programmeMetrics, JSON.stringify(f)).toEqual(expected);
      }
      // The writes showed in the figures (the comparison is not of empty sets).
      const all = await reference(ledger, credit, {});
      expect(all.listEntries.length).toBeGreaterThan(0);
      expect(all.noticesByKind.length).toBeGreaterThan(0);
      expect(all.repairApplications.applications).toBeGreaterThan(0);
      expect(all.beneficiaries).toBeGreaterThan(0);
    }, 240_000);

    it("backfills a data folder written before the roll-ups: their migration fills them from the rows, to the same figures", async () => {
      const databaseUrl = await postgres?.createDatabase(`xinyi_backfill`);
      const copies: [string, AnyDatabase, Record<string, Migration>, string[]][] = [
        ["incentives", ledger, incentivesMigrations, ["redemptions"]],
        ["credit", credit, creditMigrations, ["subjects", "code_registrations", "repairs", "list_entries", "credit_reports", "notices"]],
      ];
      const targets: AnyDatabase[] = [];
      for (const [department, source, migrations, tables] of copies) {
        const { db: created, close } = createDatabase<unknown>({ department, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-backfill-")), databaseUrl });
        closers.push(close);
        const db: AnyDatabase = created;
        const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => !name.endsWith("_programme_rollups")));
        expect(Object.keys(before).length).toBe(Object.keys(migrations).length - 1);
        await migrateToLatest(db, before);
        for (const table of tables) {
          const rows = await source.selectFrom(table).selectAll().execute();
          for (let i = 0; i < rows.length; i += 200)
            await db
              .insertInto(table)
              .values(rows.slice(i, i + 200))
              .execute();
        }
        await migrateToLatest(db, migrations);
        targets.push(db);
      }
      const [backfilledLedger, backfilledCredit] = targets;
      for (const f of FILTERS) {
        const figures = figuresFromRollups(backfilledCredit, metricsKey(f));
        const credited: Record<string, unknown> = {};
        for (const key of Object.keys(figures).filter((k) => k !== "id")) credited[key] = await figures[key];
        const answer = JSON.parse(JSON.stringify({ ...(await countProgramme(backfilledLedger, f)), ...credited }));
        expect(answer, JSON.stringify(f)).toEqual(await reference(ledger, credit, f));
      }
    }, 240_000);
  });
