/**
 * 信易+ incentives through the real federation: consent, partners' yes/no checks and redemptions
 * (idempotent, quota-bounded, also concurrently and on PostgreSQL), what a partner can never see,
 * programme metrics against a direct count of the ledger, and an outage leaving offers UNKNOWN.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../shared/db.js";
import { computeUsccCheck } from "../../shared/ids.js";
import { ANALYST, closeAll, startFederation, type As, type Federation } from "../../testing/federation.js";
import { presentedCode, presentedCodes, viaChannel } from "../../testing/presentation.js";
import { databaseOn, type TestPostgres } from "../../testing/postgres.js";
import { DEFAULT_CATALOGUE_FILE } from "../../subgraphs/incentives/catalogue.js";
import type { IncentivesDB, RedemptionRow } from "../../subgraphs/incentives/db.js";

const QUOTA_OFFER = "test-quota-coupon";
/** The shipped catalogue plus an offer with a quota of 50, open to any registered person or organisation. */
function testCatalogue(): string {
  const catalogue = JSON.parse(fs.readFileSync(DEFAULT_CATALOGUE_FILE, "utf8"));
  catalogue.offers.push({
    id: QUOTA_OFFER,
    scenario: "XING",
    name: "测试限额券",
    en: "Test coupon with a quota",
    benefit: "测试",
    kind: "COUPON",
    valueFen: 500,
    quota: { count: 50, period: "TOTAL" },
    perSubject: null,
    amountFen: { min: 100, max: 500 },
    rules: { subjectKinds: ["PERSON", "ORGANIZATION"], requiredLists: [], excludedLists: [], facts: [], consent: true },
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-catalogue-")), "catalogue.json");
  fs.writeFileSync(file, JSON.stringify(catalogue));
  return file;
}

const ENV = { XINYI_INCENTIVE_CATALOGUE: testCatalogue(), XINYI_RATE_LIMIT_PER_MINUTE: "100000", XINYI_IP_RATE_LIMIT_PER_MINUTE: "100000" };
const CHANNEL: As = { sub: "channel-zlb", scopes: ["code:register"] };
const partner = (offers: string[], purpose = "借阅登记"): As => ({
  sub: "partner-library",
  scopes: ["eligibility:check", "incentive:redeem"],
  offers,
  purpose,
});
const METRICS: As = { sub: "dashboard", scopes: ["metrics:read"] };

const CHECK = `query($id: ID!, $offer: ID!) { checkEligibility(subjectId: $id, offerId: $offer) { checkId offerId eligible checkedAt } }`;
/** A person is checked by the code they present. */
const CHECK_PRESENTED = `query($p: String!, $offer: ID!) { checkEligibility(presentation: $p, offerId: $offer) { checkId offerId eligible checkedAt } }`;
const REDEEM = `mutation($input: RedeemIncentiveInput!) { redeemIncentive(input: $input) { id offerId amount replayed action } }`;
const REGISTER = `mutation($id: ID!) { registerCreditCode(input: { subjectId: $id, channel: "浙里办", consents: [INCENTIVE_CHECK, INCENTIVE_REDEEM] }) { status } }`;
const REVOKE = `mutation($id: ID!) { revokeCreditCode(subjectId: $id, reason: "本人申请注销") { status revokedAt } }`;
const ELIGIBLE = `query($id: ID!) { subject(id: $id) { creditCode { status } evaluation { complete level codeColor }
  eligibleIncentives(includeIneligible: true) { offer { id rules { minLevel minColour } } status missingDepartments conditions { condition outcome department zh } } } }`;

function ledgerOf(fed: Federation) {
  return createDatabase<IncentivesDB>({
    department: "incentives",
    dataDir: fed.config.dataDir,
    databaseUrl: fed.config.departments.incentives.databaseUrl,
  }).db;
}

/** Subjects of a kind, unregistered: clean of black lists (so the test offers are theirs to use). */
async function subjectsOf(fed: Federation, kind: "PERSON" | "ORGANIZATION", n: number): Promise<string[]> {
  const page = await fed.query(
    `query($kind: SubjectKind) { subjects(first: 100, filter: { kind: $kind }) { nodes { id creditCode { status } listEntries { list color status } } } }`,
    { kind },
    ANALYST,
  );
  return page.body.data.subjects.nodes
    .filter((s: any) => s.creditCode.status === "NONE" && !s.listEntries.some((e: any) => e.color === "BLACK" && e.status === "ACTIVE"))
    .slice(0, n)
    .map((s: any) => s.id);
}

for (const dialect of ["sqlite", "postgres"] as const) {
  describe(`redemptions on ${dialect}`, () => {
    let fed: Federation;
    let postgres: TestPostgres | undefined;
    let ledger: Kysely<IncentivesDB>;
    beforeAll(async () => {
      const db = await databaseOn(dialect, "incentives");
      postgres = db.postgres;
      fed = await startFederation({ subjects: 200, env: { ...ENV, ...db.env } });
      ledger = ledgerOf(fed);
    }, 180_000);
    afterAll(() => closeAll(ledger, fed, postgres));

    it("writes one entry for the same idempotency key sent 20 times at once", async () => {
      const [person] = await subjectsOf(fed, "PERSON", 1);
      await fed.query(REGISTER, { id: person }, CHANNEL);
      // One code shown, the partner's request retried 20 times at once: one use of the code, one entry.
      const presentation = await presentedCode(viaChannel(fed), person);
      const input = { presentation, offerId: QUOTA_OFFER, amount: 5, channel: "公交刷卡", idempotencyKey: `same-key-${dialect}` };
      const answers = await Promise.all(Array.from({ length: 20 }, () => fed.query(REDEEM, { input }, partner([QUOTA_OFFER]))));
      for (const a of answers) expect(a.body.errors, JSON.stringify(a.body)).toBeUndefined();
      expect(new Set(answers.map((a) => a.body.data.redeemIncentive.id)).size).toBe(1);
      expect(answers.filter((a) => !a.body.data.redeemIncentive.replayed)).toHaveLength(1);
      const rows = await ledger.selectFrom("redemptions").selectAll().where("idempotency_key", "=", input.idempotencyKey).execute();
      expect(rows).toHaveLength(1);
      // The same key for a different redemption is a conflict, not a silent replay.
      const other = await fed.query(REDEEM, { input: { ...input, amount: 4 } }, partner([QUOTA_OFFER]));
      expect(other.body.errors?.[0].extensions.code).toBe("CONFLICT");
      // A coupon records at most its face value.
      const tooMuch = await fed.query(REDEEM, { input: { ...input, amount: 6, idempotencyKey: `too-much-${dialect}` } }, partner([QUOTA_OFFER]));
      expect(tooMuch.body.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    }, 60_000);

    it("lets exactly 50 of 200 concurrent redemptions through a quota of 50, the rest QUOTA_EXHAUSTED, sums matching", async () => {
      const people = await subjectsOf(fed, "PERSON", 4);
      for (const id of people) await fed.query(REGISTER, { id }, CHANNEL);
      // 200 redemptions, each with its own presented code (50 a person).
      const codes = (await Promise.all(people.map((id) => presentedCodes(viaChannel(fed), id, 50)))).flat();
      const before = await ledger
        .selectFrom("redemptions")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("offer_id", "=", QUOTA_OFFER)
        .executeTakeFirst();
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          fed.query(
            REDEEM,
            { input: { presentation: codes[i], offerId: QUOTA_OFFER, amount: 5, channel: "公交刷卡", idempotencyKey: `quota-${dialect}-${i}` } },
            partner([QUOTA_OFFER]),
          ),
        ),
      );
      const ok = answers.filter((a) => a.body.data?.redeemIncentive);
      const refused = answers.filter((a) => a.body.errors?.[0]?.extensions?.code === "QUOTA_EXHAUSTED");
      expect(ok.length + Number(before?.n ?? 0)).toBe(50);
      const others = answers.filter((a) => !a.body.data?.redeemIncentive && a.body.errors?.[0]?.extensions?.code !== "QUOTA_EXHAUSTED");
      expect(refused.length, JSON.stringify(others.slice(0, 3).map((a) => a.body))).toBe(200 - ok.length);
      const rows = await ledger.selectFrom("redemptions").selectAll().where("offer_id", "=", QUOTA_OFFER).execute();
      expect(rows).toHaveLength(50);
      expect(rows.reduce((s, r) => s + Number(r.amount_fen), 0)).toBe(50 * 500);
      const quota = await ledger.selectFrom("quota_use").selectAll().where("offer_id", "=", QUOTA_OFFER).executeTakeFirstOrThrow();
      expect([Number(quota.used_count), Number(quota.used_fen)]).toEqual([50, 50 * 500]);
      // A reversal appends a correcting entry and gives one back to the quota.
      const reversed = await fed.query(
        `mutation($id: ID!) { reverseRedemption(redemptionId: $id, reason: "刷卡重复") { id amount reverses } }`,
        { id: ok[0].body.data.redeemIncentive.id },
        partner([QUOTA_OFFER]),
      );
      expect(reversed.body.data.reverseRedemption).toMatchObject({ amount: -5, reverses: ok[0].body.data.redeemIncentive.id });
      const again = await fed.query(
        REDEEM,
        {
          input: {
            presentation: await presentedCode(viaChannel(fed), people[0]),
            offerId: QUOTA_OFFER,
            amount: 5,
            channel: "公交刷卡",
            idempotencyKey: `quota-${dialect}-after`,
          },
        },
        partner([QUOTA_OFFER]),
      );
      expect(again.body.data?.redeemIncentive, JSON.stringify(again.body)).toBeTruthy();
      expect(await ledger.selectFrom("redemptions").selectAll().where("offer_id", "=", QUOTA_OFFER).execute()).toHaveLength(52);
      // The ledger is append-only in the database itself.
      await expect(ledger.deleteFrom("redemptions").where("offer_id", "=", QUOTA_OFFER).execute()).rejects.toThrow(/append-only/);
    }, 120_000);
  });
}

describe("consent, partners and metrics", () => {
  let fed: Federation;
  let ledger: Kysely<IncentivesDB>;
  beforeAll(async () => {
    fed = await startFederation({ subjects: 300, env: ENV });
    ledger = ledgerOf(fed);
  }, 180_000);
  afterAll(async () => {
    await ledger?.destroy();
    await fed?.close();
  });

  it("serves the catalogue: the twelve scenarios and OTHER, the 35 annex projects each running an offer", async () => {
    const { body } = await fed.query(
      `{ incentiveCatalogue { version scenarios { code name } offers { id scenario } projects { number scenario label offerIds } } }`,
    );
    const c = body.data.incentiveCatalogue;
    expect(c.scenarios.map((s: any) => s.name).slice(0, 12)).toEqual([
      "信易批",
      "信易贷",
      "信易租",
      "信易行",
      "信易游",
      "信易医",
      "信易购",
      "信易住",
      "信易招",
      "信易阅",
      "信易管",
      "信易评",
    ]);
    expect(c.projects).toHaveLength(35);
    const offers = new Set(c.offers.map((o: any) => o.id));
    for (const p of c.projects) expect(p.offerIds.length > 0 && p.offerIds.every((id: string) => offers.has(id))).toBe(true);
  });

  it("answers a partner only for registered persons: none (no code to show), registered, revoked (codes shown before answer no)", async () => {
    const [person] = await subjectsOf(fed, "PERSON", 1);
    const channel = viaChannel(fed);
    const ask = (p: string) => fed.query(CHECK_PRESENTED, { p, offer: QUOTA_OFFER }, partner([QUOTA_OFFER]));
    const redeem = (presentation: string, key: string) =>
      fed.query(REDEEM, { input: { presentation, offerId: QUOTA_OFFER, amount: 5, channel: "公交", idempotencyKey: key } }, partner([QUOTA_OFFER]));
    // Unregistered: the app has no code to show.
    const none = await fed.query(`mutation($id: ID!) { issueCodePresentation(subjectId: $id) { token } }`, { id: person }, CHANNEL);
    expect(none.body.errors?.[0].extensions.code).toBe("CONFLICT");
    expect((await fed.query(REGISTER, { id: person }, CHANNEL)).body.data.registerCreditCode.status).toBe("ACTIVE");
    const [shown, shownForRedeem, heldBack, heldBackForRedeem] = await presentedCodes(channel, person, 4);
    expect((await ask(shown)).body.data.checkEligibility.eligible).toBe(true);
    // Revoked: a code shown before the revocation, still within its 5 minutes, answers no and records nothing.
    expect((await fed.query(REVOKE, { id: person }, CHANNEL)).body.data.revokeCreditCode.status).toBe("REVOKED");
    expect((await ask(heldBack)).body.data.checkEligibility.eligible).toBe(false);
    expect((await redeem(heldBackForRedeem, "revoked-1")).body.errors?.[0].extensions.code).toBe("NOT_ELIGIBLE");
    expect((await redeem(shownForRedeem, "revoked-2")).body.errors?.[0].extensions.code).toBe("NOT_ELIGIBLE");
    expect(await ledger.selectFrom("redemptions").selectAll().where("subject_id", "=", person).execute()).toEqual([]);
    // Consent to checks only: a partner may ask, but may not record a benefit for the person.
    const [checksOnly] = (await subjectsOf(fed, "PERSON", 3)).filter((id) => id !== person);
    await fed.query(
      `mutation($id: ID!) { registerCreditCode(input: { subjectId: $id, channel: "浙里办", consents: [INCENTIVE_CHECK] }) { status } }`,
      { id: checksOnly },
      CHANNEL,
    );
    const [checkCode, redeemCode] = await presentedCodes(channel, checksOnly, 2);
    expect((await ask(checkCode)).body.data.checkEligibility.eligible).toBe(true);
    expect((await redeem(redeemCode, "checks-only-1")).body.errors?.[0].extensions.code).toBe("NOT_ELIGIBLE");
    // A refused redemption did not spend the code: once the person consents to records, the same code redeems.
    await fed.query(REVOKE, { id: checksOnly }, CHANNEL);
    await fed.query(REGISTER, { id: checksOnly }, CHANNEL);
    const second = await redeem(redeemCode, "checks-only-2");
    expect(second.body.errors, JSON.stringify(second.body)).toBeUndefined();
    // Registration and revocation are audited with before and after.
    const audit = await fed.query(
      `query($id: ID!) { auditLog(subjectId: $id, first: 20) { nodes { caller fields outcome changes { action } } } }`,
      { id: person },
      {
        scopes: ["audit:read"],
      },
    );
    const writes = audit.body.data.auditLog.nodes.filter((n: any) => n.outcome === "OK" && n.changes.length > 0).map((n: any) => n.changes[0].action);
    expect(writes.sort()).toEqual(["REGISTER", "REVOKE"]);
    // The partner's presented checks are audited under the person (the service's reads for the partner).
    expect(audit.body.data.auditLog.nodes.some((n: any) => n.caller === "service:incentives")).toBe(true);
  });

  it("gives an unknown organisation and an ineligible one the same no; the service's reads are audited as acting for the partner", async () => {
    const [org] = await subjectsOf(fed, "ORGANIZATION", 1);
    const unknown = `913305020000000${"00"}`; // a valid USCC of Wuxing, not in the directory
    const answers = [];
    for (const id of [`${unknown}${computeUsccCheck(unknown)}`, org])
      answers.push((await fed.query(CHECK, { id, offer: "yue-deposit-free" }, partner(["yue-deposit-free"]))).body);
    const shape = (b: any) => ({ keys: Object.keys(b), eligible: b.data.checkEligibility.eligible, errors: b.errors ?? null });
    expect(shape(answers[0])).toEqual(shape(answers[1]));
    expect(answers[0].data.checkEligibility.eligible).toBe(false);
    const audit = await fed.query(`{ auditLog(caller: "service:incentives", first: 50) { nodes { caller actingFor purpose subjectIds } } }`, undefined, {
      scopes: ["audit:read", "pii:read"],
    });
    const reads = audit.body.data.auditLog.nodes;
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((n: any) => n.actingFor === "partner-library" && n.purpose.includes("借阅登记"))).toBe(true);
  });

  it("never shows a partner records, score, level or colour: in data, errors or extensions", async () => {
    const org = (await subjectsOf(fed, "ORGANIZATION", 1))[0];
    const [person] = await subjectsOf(fed, "PERSON", 1);
    await fed.query(REGISTER, { id: person }, CHANNEL);
    const [shown, another] = await presentedCodes(viaChannel(fed), person, 2);
    const offers = ["yue-deposit-free", "zhao-bid-bonus", QUOTA_OFFER];
    const bodies = [
      (await fed.query(CHECK_PRESENTED, { p: shown, offer: "yue-deposit-free" }, partner(offers))).body,
      (await fed.query(CHECK, { id: org, offer: "zhao-bid-bonus" }, partner(offers))).body,
      (await fed.query(CHECK, { id: org, offer: "yue-deposit-free" }, partner(offers))).body, // ineligible: wrong kind
      (await fed.query(CHECK_PRESENTED, { p: another, offer: "guan-fewer-inspections" }, partner(offers))).body, // not bound
      (await fed.query(CHECK, { id: "330502199001011235", offer: "yue-deposit-free" }, partner(offers))).body, // a person by ID (bad checksum)
      (
        await fed.query(
          REDEEM,
          { input: { subjectId: org, offerId: "yue-deposit-free", amount: 1, channel: "x", idempotencyKey: "leak-test-1" } },
          partner(offers),
        )
      ).body,
      // What a partner token asks beyond its yes/no is refused.
      (await fed.query(`query($id: ID!) { subject(id: $id) { evaluation { level score } eligibleIncentives { status } } }`, { id: org }, partner(offers))).body,
    ];
    const text = JSON.stringify(bodies);
    // Scope names in a refusal are not data: look for values and keys of the profile.
    expect(text).not.toMatch(
      /EXCELLENT|GOOD|FAIR|POOR|BLUE|GREEN|YELLOW|"RED"|"score"|"level"|codeColor|conditions|listEntries|"tax"|"health"|district|WUXING|NANXUN|DEQING|CHANGXING|ANJI/,
    );
    expect(bodies[3].errors?.[0].extensions.code).toBe("FORBIDDEN");
    expect(bodies[4].errors?.[0].extensions.code).toBe("PRESENTATION_REQUIRED");
    expect(bodies[6].data?.subject ?? null).toBeNull();
  });

  it("counts programmeMetrics exactly as the ledger says, for three filters", async () => {
    const rows: RedemptionRow[] = await ledger.selectFrom("redemptions").selectAll().execute();
    // The seeded ledger of 300 subjects at the article's rates (issue 24: persons' uses ≈ 1/6 per registration).
    expect(rows.length).toBeGreaterThan(10);
    const reversed = new Set(rows.filter((r) => r.reverses).map((r) => r.reverses));
    const direct = (keep: (r: RedemptionRow) => boolean) => {
      const mine = rows.filter(keep);
      const uses = mine.filter((r) => r.action === "USE");
      const sum = (list: RedemptionRow[], f: (r: RedemptionRow) => number) => list.reduce((s, r) => s + f(r), 0);
      return {
        benefitUses: sum(uses, (r) => r.sign),
        beneficiaries: new Set(uses.filter((r) => r.sign === 1 && !reversed.has(r.id)).map((r) => r.subject_id)).size,
        amountWaived:
          sum(
            uses.filter((r) => ["DISCOUNT", "COUPON", "DEPOSIT_WAIVER"].includes(r.offer_kind)),
            (r) => Number(r.amount_fen),
          ) / 100,
        couponsIssued: sum(
          mine.filter((r) => r.action === "ISSUE" && r.offer_kind === "COUPON"),
          (r) => r.sign,
        ),
        loansGranted: sum(
          uses.filter((r) => r.offer_kind === "LOAN"),
          (r) => r.sign,
        ),
      };
    };
    const filters = [
      { filter: {}, keep: () => true },
      {
        filter: { district: "WUXING", from: "2025-06-01", to: "2026-10-31" },
        keep: (r: RedemptionRow) => r.district === "WUXING" && r.redeemed_on >= "2025-06-01" && r.redeemed_on <= "2026-10-31",
      },
      { filter: { scenario: "XING" }, keep: (r: RedemptionRow) => r.scenario === "XING" },
    ];
    for (const { filter, keep } of filters) {
      const { body } = await fed.query(
        `query($f: ProgrammeMetricsFilter) { programmeMetrics(filter: $f) { benefitUses beneficiaries amountWaived couponsIssued loansGranted byScenario { key uses } } }`,
        { f: filter },
        METRICS,
      );
      const m = body.data.programmeMetrics;
      expect({ ...m, byScenario: undefined }, JSON.stringify(filter)).toEqual({ ...direct(keep), byScenario: undefined });
      expect(m.byScenario.reduce((s: number, g: any) => s + g.uses, 0)).toBe(m.benefitUses);
    }
    const bad = await fed.query(`{ programmeMetrics(filter: { from: "2026-05-01", to: "2026-01-01" }) { benefitUses } }`, undefined, METRICS);
    expect(bad.body.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("leaves level-dependent offers UNKNOWN when a department is down, names it, and grants nothing", async () => {
    const org = (await subjectsOf(fed, "ORGANIZATION", 1))[0];
    await fed.stop("market");
    const { body } = await fed.query(ELIGIBLE, { id: org }, ANALYST);
    const offers = body.data.subject.eligibleIncentives;
    const leveled = offers.filter((e: any) => e.offer.rules.minLevel);
    expect(body.data.subject.evaluation.complete).toBe(false);
    expect(leveled.length).toBeGreaterThan(0);
    for (const e of leveled) {
      expect(["UNKNOWN", "NOT_ELIGIBLE"]).toContain(e.status);
      if (e.status === "UNKNOWN") expect(e.missingDepartments).toContain("market");
    }
    expect(leveled.some((e: any) => e.status === "UNKNOWN")).toBe(true);
    const check = await fed.query(CHECK, { id: org, offer: "guan-fewer-inspections" }, partner(["guan-fewer-inspections"]));
    expect(check.body.data.checkEligibility.eligible).toBe(false);
    const redeem = await fed.query(
      REDEEM,
      { input: { subjectId: org, offerId: "guan-fewer-inspections", amount: 0, channel: "检查计划", idempotencyKey: "outage-1" } },
      partner(["guan-fewer-inspections"]),
    );
    expect(redeem.body.errors?.[0].extensions.code).toBe("NOT_ELIGIBLE");
    expect(await ledger.selectFrom("redemptions").selectAll().where("idempotency_key", "=", "outage-1").execute()).toEqual([]);
  });
});
