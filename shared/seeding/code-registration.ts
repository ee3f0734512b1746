/**
 * Whether a synthetic person registered for the 个人诚信码, and the 信易行 coupons a registered person
 * was handed, decided in one place because several departments follow them: the credit office
 * stores the registration, the incentives ledger has benefits only for registered persons, the
 * transport bureau the coupons' uses. Proportions from the 2024 article (seed
 * 003_3aeb2ca00b8dbf9f.txt): 30万 code users in a city of 3.4 M is about 10 % of adult residents.
 */
import { addDays, createRng } from "./random.js";
import type { SyntheticSubject } from "./seeder.js";

export interface DemoCodeRegistration {
  /** ISO timestamps. */
  registeredAt: string;
  revokedAt: string | null;
  channel: string;
}

/** Share of adult residents registered (article: 30万 of about 3 M adults). */
const REGISTRATION_SHARE = 0.1;
const CHANNELS = ["浙里办", "湖州城市大脑", "信用湖州"] as const;

/** Whether a person (by ID number) is 18 or older on `asOf`. */
export const isAdult = (personId: string, asOf: string) => {
  const born = `${personId.slice(6, 10)}-${personId.slice(10, 12)}-${personId.slice(12, 14)}`;
  return `${Number(born.slice(0, 4)) + 18}${born.slice(4)}` <= asOf;
};

/** The person's demo registration, or null (organisations, minors, the ≈ 90 % who did not register). */
export function demoCodeRegistration(subject: SyntheticSubject, asOf: string): DemoCodeRegistration | null {
  if (subject.kind !== "PERSON" || !isAdult(subject.id, asOf)) return null;
  const rng = createRng(`code:${subject.id}`);
  if (!rng.chance(REGISTRATION_SHARE)) return null;
  const registeredOn = addDays(asOf, -rng.int(1, 700));
  const revokedOn = rng.chance(0.03) ? addDays(registeredOn, rng.int(10, 400)) : null;
  return {
    registeredAt: `${registeredOn}T${String(rng.int(8, 21)).padStart(2, "0")}:${String(rng.int(0, 59)).padStart(2, "0")}:00.000Z`,
    revokedAt: revokedOn && revokedOn <= asOf ? `${revokedOn}T12:00:00.000Z` : null,
    channel: rng.pick(CHANNELS),
  };
}

/**
 * One 信易行 coupon of a registered person: issued, and used (or not) while the registration lasts.
 * The incentives ledger records its ISSUE and USE, the transport bureau the ride or parking it paid
 * for: both read this one function, so the two departments agree.
 */
export interface DemoCoupon {
  issuedOn: string;
  usedOn: string | null;
  /** Where it was used (the transport bureau's 信易行 scenario). */
  scenario: string;
  discountFen: number;
}

/**
 * Registered persons handed coupons, 1–2 each, 91 % used: 0.11 issued and 0.10 used per registration,
 * the article's 3.3万张 and 3万余人次 for 30余万 users (seed 003). Amounts (ours) average ≈ 5.3 yuan,
 * the article's 15.61万元 for 3万余人次 ≈ 5.2.
 */
const COUPON_HOLDER_SHARE = 0.08;
const COUPON_USED_SHARE = 0.91;
const COUPON_SCENARIOS: readonly (readonly [{ scenario: string; fen: readonly [number, number] }, number])[] = [
  [{ scenario: "公交", fen: [250, 650] }, 5],
  [{ scenario: "停车", fen: [500, 1_000] }, 3],
  [{ scenario: "出租车", fen: [500, 1_000] }, 2],
  [{ scenario: "公共自行车", fen: [100, 300] }, 2],
];

/** The person's demo 信易行 coupons (none without a registration). */
export function demoCoupons(subject: SyntheticSubject, asOf: string): DemoCoupon[] {
  const code = demoCodeRegistration(subject, asOf);
  if (!code) return [];
  const rng = createRng(`coupons:${subject.id}`);
  if (!rng.chance(COUPON_HOLDER_SHARE)) return [];
  const from = code.registeredAt.slice(0, 10);
  const to = code.revokedAt?.slice(0, 10) ?? asOf;
  const daysTo = (day: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(day)) / 86_400_000));
  return Array.from({ length: rng.int(1, 2) }, () => {
    const issuedOn = addDays(from, rng.int(0, daysTo(from)));
    const usedOn = rng.chance(COUPON_USED_SHARE) ? addDays(issuedOn, Math.min(rng.int(0, 20), daysTo(issuedOn))) : null;
    const { scenario, fen } = rng.weighted(COUPON_SCENARIOS);
    return { issuedOn, usedOn, scenario, discountFen: rng.int(fen[0], fen[1]) };
  });
}
