/**
 * Redemption rules per offer (security issue 22, low: "no per-person cap on redemptions, amount 0
 * accepted"): the catalogue caps the redemptions one subject may have per period (`perSubject`) and
 * bounds one redemption's amount (`amountFen`), both validated at start-up; the cap is a counter
 * taken in the quota's transaction, so one subject's concurrent redemptions cannot pass it together
 * (SQLite and PostgreSQL); a reversal gives one back.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../shared/db.js";
import { activeCatalogue, DEFAULT_CATALOGUE_FILE, validateCatalogue } from "../../subgraphs/incentives/catalogue.js";
import type { IncentivesDB } from "../../subgraphs/incentives/db.js";
import { ANALYST, closeAll, startFederation, type As, type Federation } from "../../testing/federation.js";
import { databaseOn, type TestPostgres } from "../../testing/postgres.js";

const CAPPED = "test-capped-discount";
const SERVICE = "test-open-service";
const CAP = 3;
const shipped = () => JSON.parse(fs.readFileSync(DEFAULT_CATALOGUE_FILE, "utf8"));
const rules = { subjectKinds: ["ORGANIZATION"], requiredLists: [], excludedLists: [], facts: [], consent: false };

/** The shipped catalogue plus a discount any organisation may have three times a month, and a service with no cap. */
function testCatalogue(): string {
  const catalogue = shipped();
  catalogue.offers.push(
    {
      id: CAPPED,
      scenario: "ZU",
      name: "测试限次折扣",
      en: "Test discount with a cap per subject",
      benefit: "测试",
      kind: "DISCOUNT",
      valueFen: 500,
      quota: null,
      perSubject: { count: CAP, period: "MONTH" },
      amountFen: { min: 100, max: 5000 },
      rules,
    },
    {
      id: SERVICE,
      scenario: "GUAN",
      name: "测试服务",
      en: "Test service",
      benefit: "测试",
      kind: "SERVICE",
      valueFen: null,
      quota: null,
      perSubject: null,
      amountFen: { min: 0, max: 0 },
      rules,
    },
  );
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-catalogue-")), "catalogue.json");
  fs.writeFileSync(file, JSON.stringify(catalogue));
  return file;
}

const ENV = { XINYI_INCENTIVE_CATALOGUE: testCatalogue(), XINYI_RATE_LIMIT_PER_MINUTE: "100000", XINYI_IP_RATE_LIMIT_PER_MINUTE: "100000" };
const PARTNER: As = { sub: "partner-office", scopes: ["eligibility:check", "incentive:redeem"], offers: [CAPPED, SERVICE], purpose: "租赁优惠" };
const REDEEM = `mutation($input: RedeemIncentiveInput!) { redeemIncentive(input: $input) { id amount } }`;
const REVERSE = `mutation($id: ID!) { reverseRedemption(redemptionId: $id, reason: "重复登记") { id } }`;
const CHECK = `query($id: ID!, $offer: ID!) { checkEligibility(subjectId: $id, offerId: $offer) { eligible } }`;

describe("the catalogue's redemption rules, validated at start-up", () => {
  const withOffer = (change: (offer: any) => void, index = 0) => {
    const catalogue = shipped();
    change(catalogue.offers[index]);
    return validateCatalogue(catalogue);
  };
  const indexOf = (kind: string) => shipped().offers.findIndex((o: any) => o.kind === kind);

  it("the shipped catalogue gives every offer a cap per subject and money offers a minimum above 0", () => {
    const catalogue = activeCatalogue();
    for (const offer of catalogue.offers) {
      expect(offer.perSubject, offer.id).not.toBeNull();
      if (offer.kind === "SERVICE") expect(offer.amountFen, offer.id).toEqual({ min: 0, max: 0 });
      else expect(offer.amountFen.min, offer.id).toBeGreaterThan(0);
      if (offer.kind === "COUPON") expect(offer.amountFen.max, offer.id).toBe(offer.valueFen);
    }
    expect(catalogue.provenance).toMatch(/perSubject.*amountFen.*ours/);
  });

  it.each([
    [
      "a money offer with a minimum of 0",
      (o: any): void => {
        o.amountFen.min = 0;
      },
      indexOf("LOAN"),
      /amountFen needs 1 ≤ min ≤ max/,
    ],
    [
      "a minimum over the maximum",
      (o: any): void => {
        o.amountFen = { min: 900, max: 800 };
      },
      indexOf("DISCOUNT"),
      /amountFen needs 1 ≤ min ≤ max/,
    ],
    [
      "a service that records money",
      (o: any): void => {
        o.amountFen.max = 100;
      },
      indexOf("SERVICE"),
      /a SERVICE records no amount/,
    ],
    [
      "a coupon over its face value",
      (o: any): void => {
        o.amountFen.max = o.valueFen + 1;
      },
      indexOf("COUPON"),
      /at most its face value/,
    ],
    [
      "no amount rules",
      (o: any): void => {
        delete o.amountFen;
      },
      0,
      /amountFen/,
    ],
    [
      "no word on a cap per subject",
      (o: any): void => {
        delete o.perSubject;
      },
      0,
      /perSubject/,
    ],
    [
      "a cap of 0",
      (o: any): void => {
        o.perSubject = { count: 0, period: "MONTH" };
      },
      0,
      /offers\.0\.perSubject/,
    ],
    [
      "a cap per day (not a period we count)",
      (o: any): void => {
        o.perSubject = { count: 1, period: "DAY" };
      },
      0,
      /offers\.0\.perSubject/,
    ],
    [
      "a cap over the quota's count",
      (o: any): void => {
        o.perSubject = { count: o.quota.count + 1, period: "MONTH" };
      },
      indexOf("COUPON"),
      /over the quota's count/,
    ],
  ] as const)("refuses %s", (_label, change, index, problem) => {
    expect(withOffer(change, index).join("\n")).toMatch(problem);
  });
});

for (const dialect of ["sqlite", "postgres"] as const) {
  describe(`redemptions on ${dialect}`, () => {
    let fed: Federation;
    let postgres: TestPostgres | undefined;
    let ledger: Kysely<IncentivesDB>;
    let orgs: string[];
    const redeem = (subjectId: string, amount: number, key: string, offerId = CAPPED) =>
      fed.query(REDEEM, { input: { subjectId, offerId, amount, channel: "前台", idempotencyKey: `${dialect}-${key}` } }, PARTNER);
    const entriesOf = (subjectId: string) =>
      ledger.selectFrom("redemptions").selectAll().where("subject_id", "=", subjectId).where("offer_id", "=", CAPPED).execute();

    beforeAll(async () => {
      const db = await databaseOn(dialect, "limits");
      postgres = db.postgres;
      fed = await startFederation({ subjects: 80, env: { ...ENV, ...db.env } });
      ledger = createDatabase<IncentivesDB>({
        department: "incentives",
        dataDir: fed.config.dataDir,
        databaseUrl: fed.config.departments.incentives.databaseUrl,
      }).db;
      const page = await fed.query(`{ subjects(first: 40, filter: { kind: ORGANIZATION }) { nodes { id } } }`, {}, ANALYST);
      orgs = [];
      for (const { id } of page.body.data.subjects.nodes) {
        if ((await fed.query(CHECK, { id, offer: CAPPED }, PARTNER)).body.data?.checkEligibility?.eligible) orgs.push(id);
        if (orgs.length === 4) break;
      }
      expect(orgs).toHaveLength(4);
    }, 240_000);
    afterAll(() => closeAll(ledger, fed, postgres));

    it("refuses an amount outside the offer's rules — 0, negative, below the minimum, over the maximum — and writes nothing", async () => {
      const [org] = orgs;
      for (const [amount, message] of [
        [0, "at least 1 yuan"],
        [0.99, "at least 1 yuan"],
        [-5, "0 or more"],
        [50.01, "at most 50 yuan"],
      ] as const) {
        const { body } = await redeem(org, amount, `amount-${String(amount).replace(/\W/g, "_")}`);
        expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body)).toBe("BAD_USER_INPUT");
        expect(body.errors?.[0].extensions.problems).toEqual([{ field: "input.amount", message: expect.stringContaining(message) }]);
      }
      expect(await entriesOf(org)).toHaveLength(0);
      // A service records no amount: 0 is its one valid amount.
      expect((await redeem(org, 0, "service-0", SERVICE)).body.data?.redeemIncentive).toMatchObject({ amount: 0 });
      expect((await redeem(org, 1, "service-1", SERVICE)).body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const within = await redeem(org, 1, "amount-within");
      expect(within.body.errors, JSON.stringify(within.body)).toBeUndefined();
      const reversed = await fed.query(REVERSE, { id: within.body.data.redeemIncentive.id }, PARTNER);
      expect(reversed.body.errors, JSON.stringify(reversed.body)).toBeUndefined();
    });

    it(`lets one subject's 20 concurrent redemptions through its cap of ${CAP} exactly, the rest SUBJECT_LIMIT_REACHED; others unaffected`, async () => {
      const [, org, other] = orgs;
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => redeem(org, 20, `burst-${i}`)));
      const ok = answers.filter((a) => a.body.data?.redeemIncentive);
      const refused = answers.filter((a) => a.body.errors?.[0]?.extensions?.code === "SUBJECT_LIMIT_REACHED");
      expect(ok).toHaveLength(CAP);
      expect(refused, JSON.stringify(answers.find((a) => !a.body.data?.redeemIncentive && !refused.includes(a))?.body)).toHaveLength(20 - CAP);
      expect(refused[0].body.errors?.[0].extensions.subjectLimit).toMatchObject({ offerId: CAPPED, count: CAP });
      expect(await entriesOf(org)).toHaveLength(CAP);
      const use = await ledger.selectFrom("subject_use").selectAll().where("subject_id", "=", org).executeTakeFirstOrThrow();
      expect(Number(use.used_count)).toBe(CAP);
      // The cap is one subject's: another still has all of it.
      const others = await Promise.all(Array.from({ length: CAP }, (_, i) => redeem(other, 20, `other-${i}`)));
      for (const a of others) expect(a.body.errors, JSON.stringify(a.body)).toBeUndefined();
      // A reversal gives one back, once.
      await fed.query(REVERSE, { id: ok[0].body.data.redeemIncentive.id }, PARTNER);
      const again = await Promise.all([redeem(org, 20, "after-reversal-1"), redeem(org, 20, "after-reversal-2")]);
      expect(again.filter((a) => a.body.data?.redeemIncentive)).toHaveLength(1);
      expect(again.filter((a) => a.body.errors?.[0]?.extensions?.code === "SUBJECT_LIMIT_REACHED")).toHaveLength(1);
      // A repeated key is still its first answer, not a refusal, even at the cap.
      const repeat = await redeem(org, 20, "burst-0");
      const first = answers[0].body.data?.redeemIncentive;
      if (first) expect(repeat.body.data?.redeemIncentive.id).toBe(first.id);
    }, 120_000);

    it("counts the ledger's earlier entries of the period: a subject that used the offer before the counter existed has less left", async () => {
      const [, , , org] = orgs;
      const seeded = { ...(await entriesOf(orgs[2]))[0] };
      const day = new Date().toISOString();
      await ledger
        .insertInto("redemptions")
        .values(
          Array.from({ length: CAP - 1 }, (_, i) => ({
            ...seeded,
            id: `RD-imported-${dialect}-${i}`,
            idempotency_key: `imported-${i}`,
            subject_id: org,
            redeemed_at: day,
          })),
        )
        .execute();
      const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => redeem(org, 20, `imported-after-${i}`)));
      expect(answers.filter((a) => a.body.data?.redeemIncentive)).toHaveLength(1);
      expect(await entriesOf(org)).toHaveLength(CAP);
    });
  });
}
