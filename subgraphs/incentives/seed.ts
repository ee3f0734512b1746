/**
 * The demo ledger: benefits used by registered persons and by organisations, coupons issued and
 * used, a few reversals. Proportions from the 2024 article (seed 003_3aeb2ca00b8dbf9f.txt), read as
 * its 普惠 counting every scenario of the 个人诚信码, 信易行 among them: persons' uses about a sixth of
 * registrations (5万余人次 for 30余万 users), of which 信易行 coupons 0.10 (3万余人次, the coupons
 * themselves in shared/seeding/code-registration.ts, shared with the transport bureau) and the other
 * scenarios ≈ 0.06. Organisations' uses, every amount and the offer mix are ours. Deterministic per
 * subject, like every department's generator.
 */
import { demoCodeRegistration, demoCoupons } from "../../shared/seeding/code-registration.js";
import { addDays, createRng, type Rng } from "../../shared/seeding/random.js";
import { type DepartmentSeeder, opaqueId, type SyntheticSubject } from "../../shared/seeding/seeder.js";
import { activeCatalogue, type Offer, quotaPeriodOf } from "./catalogue.js";
import type { RedemptionRow } from "./db.js";
import { migrations } from "./migrations/index.js";

/** Registered persons with a use of a scenario other than 信易行's coupons (1–2 each: ≈ 0.06 per registration, with the coupons ≈ 1/6). */
const PERSON_USE_SHARE = 0.042;
/** Organisations with a benefit use in the window (ours). */
const ORGANIZATION_USE_SHARE = 0.12;
const REVERSAL_SHARE = 0.02;
const COUPON_OFFER = "xing-bus-coupon";
/** Ours: where a scenario offers persons a discount (减免费用), this many times as likely as each of its other offers. */
const DISCOUNT_WEIGHT = 3;

/** A plausible amount of one use, in fen (ours): around the offer's value. */
function amountOf(offer: Offer, rng: Rng): number {
  const value = offer.valueFen ?? 0;
  if (offer.kind === "LOAN") return Math.round((value * (0.4 + rng.next())) / 1_000_000) * 1_000_000;
  if (offer.kind === "DISCOUNT") return Math.round((value * (0.5 + rng.next())) / 100) * 100;
  return value;
}

/** Each kind's offers (the coupon apart) and their scenarios in turn, those only persons are offered first: organisations' uses cover the rest. */
const choicesOf = (catalogue: ReturnType<typeof activeCatalogue>, kind: SyntheticSubject["kind"]) => {
  const offers = catalogue.offers.filter((o) => o.rules.subjectKinds.includes(kind) && o.id !== COUPON_OFFER);
  const onlyForPersons = (scenario: string) => catalogue.offers.every((o) => o.scenario !== scenario || o.rules.subjectKinds.join() === "PERSON");
  const scenarios = [...new Set(offers.map((o) => o.scenario))].sort((a, b) => Number(onlyForPersons(b)) - Number(onlyForPersons(a)));
  return { offers, scenarios };
};
const choices = new WeakMap<object, Partial<Record<SyntheticSubject["kind"], ReturnType<typeof choicesOf>>>>();

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
  const add = (offer: Offer, action: "ISSUE" | "USE", day: string, amountFen = amountOf(offer, rng)) => {
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
      amount_fen: action === "USE" ? amountFen : 0,
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
  // Scenarios in turn (so even the 2,000-subject demo uses each), then an offer of it.
  const byKind = choices.get(catalogue) ?? {};
  choices.set(catalogue, byKind);
  const chosen = byKind[subject.kind] ?? choicesOf(catalogue, subject.kind);
  byKind[subject.kind] = chosen;
  const { offers, scenarios } = chosen;
  const uses = rng.chance(subject.kind === "PERSON" ? PERSON_USE_SHARE : ORGANIZATION_USE_SHARE) ? rng.int(1, 2) : 0;
  for (let k = 0; k < uses; k++) {
    const scenario = scenarios[turns[subject.kind]++ % scenarios.length];
    const weight = (o: Offer) => (subject.kind === "PERSON" && o.kind === "DISCOUNT" ? DISCOUNT_WEIGHT : 1);
    add(rng.weighted(offers.filter((o) => o.scenario === scenario).map((o) => [o, weight(o)] as const)), "USE", dayIn());
  }
  const coupon = catalogue.offers.find((o) => o.id === COUPON_OFFER);
  if (coupon && subject.kind === "PERSON") {
    for (const c of demoCoupons(subject, asOf)) {
      add(coupon, "ISSUE", c.issuedOn);
      if (c.usedOn) add(coupon, "USE", c.usedOn, c.discountFen);
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
