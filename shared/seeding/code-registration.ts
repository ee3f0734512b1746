/**
 * Whether a synthetic person registered for the 个人诚信码, decided in one place because two
 * departments follow it: the credit office stores the registration, the incentives ledger has
 * benefits only for registered persons. Proportions from the 2024 article (seed
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
