/**
 * The demo ledger: benefits used by registered persons and by organisations, coupons issued and
 * used, a few reversals. Proportions from the 2024 article (seed 003_3aeb2ca00b8dbf9f.txt): benefit
 * uses about a sixth of registrations (5万余人次 for 30万 users), 信易行 coupons for about a tenth
 * of them (3.3万张) worth about 5 yuan each (15.61万元 for 3万余人次). Organisations' uses and every
 * amount are ours. Deterministic per subject, like every department's generator.
 */
import { demoCodeRegistration } from "../../shared/seeding/code-registration.js";
import { addDays, createRng, type Rng } from "../../shared/seeding/random.js";
import { type DepartmentSeeder, opaqueId, type SyntheticSubject } from "../../shared/seeding/seeder.js";
import { activeCatalogue, type Offer, quotaPeriodOf } from "./catalogue.js";
import type { RedemptionRow } from "./db.js";
import { migrations } from "./migrations/index.js";

/** Registered persons with a benefit use (≈ 1.5 each: a sixth of registrations). */
const PERSON_USE_SHARE = 1 / 9;
/** Registered persons handed 信易行 coupons. */
const COUPON_SHARE = 0.1;
/** Organisations with a benefit use in the window (ours). */
const ORGANIZATION_USE_SHARE = 0.12;
const REVERSAL_SHARE = 0.02;
const COUPON_OFFER = "xing-bus-coupon";

/** A plausible amount of one use, in fen (ours): around the offer's value. */
function amountOf(offer: Offer, rng: Rng): number {
  const value = offer.valueFen ?? 0;
  if (offer.kind === "LOAN") return Math.round((value * (0.4 + rng.next())) / 1_000_000) * 1_000_000;
  if (offer.kind === "DISCOUNT") return Math.round((value * (0.5 + rng.next())) / 100) * 100;
  return value;
}

/** Uses so far in this seeding run, by subject kind: scenarios are taken in turn, so each gets its share. */
const turns = { PERSON: 0, ORGANIZATION: 0 };

function generateLedger(subject: SyntheticSubject, asOf: string): RedemptionRow[] {
  const catalogue = activeCatalogue();
  const rng = createRng(`incentives:${subject.id}`);
  const rows: RedemptionRow[] = [];
  let from = addDays(asOf, -700);
  let to = asOf;
  if (subject.kind === "PERSON") {
    const code = demoCodeRegistration(subject, asOf);
    if (!code) return rows;
    from = code.registeredAt.slice(0, 10);
    to = code.revokedAt?.slice(0, 10) ?? asOf;
  }
  const span = Math.max(0, (Date.parse(to) - Date.parse(from)) / 86_400_000);
  const dayIn = () => addDays(from, rng.int(0, span));
  const add = (offer: Offer, action: "ISSUE" | "USE", day: string) => {
    const row: RedemptionRow = {
      id: opaqueId("RD", subject.id, rows.length + 1),
      partner: `demo:${offer.scenario.toLowerCase()}`,
      idempotency_key: `demo-${subject.id.slice(-6)}-${rows.length + 1}`,
      offer_id: offer.id,
      scenario: offer.scenario,
      offer_kind: offer.kind,
      subject_id: subject.id,
      subject_kind: subject.kind,
      district: subject.district,
      action,
      sign: 1,
      amount_fen: action === "USE" ? amountOf(offer, rng) : 0,
      channel: rng.pick(["窗口", "浙里办", "合作方APP", "自助终端"]),
      reverses: null,
      reason: null,
      quota_period: offer.quota ? quotaPeriodOf(offer.quota.period, day) : null,
      redeemed_at: `${day}T${String(rng.int(1, 13)).padStart(2, "0")}:${String(rng.int(0, 59)).padStart(2, "0")}:00.000Z`,
      redeemed_on: day,
    };
    rows.push(row);
    if (action === "USE" && rng.chance(REVERSAL_SHARE)) {
      const on = day < to ? addDays(day, 1) : day;
      rows.push({
        ...row,
        id: opaqueId("RV", subject.id, rows.length + 1),
        idempotency_key: `reversal:${row.id}`,
        sign: -1,
        amount_fen: -row.amount_fen,
        reverses: row.id,
        reason: "合作方更正",
        redeemed_at: `${on}T14:00:00.000Z`,
        redeemed_on: on,
      });
    }
  };
  const offers = catalogue.offers.filter((o) => o.rules.subjectKinds.includes(subject.kind) && o.id !== COUPON_OFFER);
  // Scenarios in turn, then an offer of it: every scenario gets its share of uses.
  const scenarios = [...new Set(offers.map((o) => o.scenario))];
  const uses = rng.chance(subject.kind === "PERSON" ? PERSON_USE_SHARE : ORGANIZATION_USE_SHARE) ? rng.int(1, 2) : 0;
  for (let k = 0; k < uses; k++) {
    const scenario = scenarios[turns[subject.kind]++ % scenarios.length];
    add(rng.pick(offers.filter((o) => o.scenario === scenario)), "USE", dayIn());
  }
  const coupon = catalogue.offers.find((o) => o.id === COUPON_OFFER);
  if (coupon && subject.kind === "PERSON" && rng.chance(COUPON_SHARE)) {
    for (let k = rng.int(1, 2); k > 0; k--) {
      const issued = dayIn();
      add(coupon, "ISSUE", issued);
      if (rng.chance(0.9)) add(coupon, "USE", addDays(issued, Math.min(rng.int(0, 20), Math.max(0, (Date.parse(to) - Date.parse(issued)) / 86_400_000))));
    }
  }
  return rows;
}

export const incentivesSeeder: DepartmentSeeder = {
  name: "incentives",
  migrations,
  generate: (subject, asOf) => ({ rows: { redemptions: generateLedger(subject, asOf) } }),
  start() {
    turns.PERSON = 0;
    turns.ORGANIZATION = 0;
  },
};
