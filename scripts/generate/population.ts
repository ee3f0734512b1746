/**
 * The synthetic Huzhou population: valid 居民身份证号码 and 统一社会信用代码 with the real district
 * codes, names, and a latent risk per subject that every department's records follow, so the
 * departments agree (a dishonest debtor tends to have arrears too).
 */
import { HUZHOU_DISTRICTS } from "../../shared/divisions.js";
import { computePersonCheck, computeUsccCheck, type OrgType } from "../../shared/ids.js";
import { generateOrganizationName, generatePersonName, INDUSTRIES } from "./names.js";
import { addDays, createRng, hashSeed } from "../../shared/seeding/random.js";
import type { SyntheticSubject } from "../../shared/seeding/seeder.js";

export interface PopulationOptions {
  /** Number of subjects. */
  count: number;
  /** Seed text; the same seed and count give the same population. */
  seed: string;
  /** The date the data describes. */
  asOf: string;
}

/** Share of organisations among subjects (the demo over-represents them: they carry most records). */
const ORGANIZATION_SHARE = 0.25;
const ORG_TYPES: readonly (readonly [{ prefix: string; type: OrgType }, number])[] = [
  [{ prefix: "91", type: "ENTERPRISE" }, 70],
  [{ prefix: "92", type: "INDIVIDUAL_BUSINESS" }, 18],
  [{ prefix: "93", type: "FARMERS_COOPERATIVE" }, 4],
  [{ prefix: "12", type: "PUBLIC_INSTITUTION" }, 5],
  [{ prefix: "51", type: "SOCIAL_ORGANIZATION" }, 3],
];
// District weights roughly follow population: 吴兴 (incl. the city centre) and 长兴 largest.
const DISTRICT_WEIGHTS = [28, 18, 17, 22, 15];
const ZONES = [
  ["SOUTH_TAIHU_NEW_AREA", 5],
  ["HUZHOU_DEVELOPMENT_ZONE", 3],
  ["TAIHU_RESORT", 1],
  [null, 91],
] as const;

/** GB 11714 organisation code (positions 9–17 of a USCC): 8 digits and a check character. */
function generateOrganizationCode(serial: number): string {
  const body = String(serial).padStart(8, "0");
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  const check = 11 - (sum % 11);
  return body + (check === 10 ? "X" : check === 11 ? "0" : String(check));
}

/*
 * Unique ids without remembering them (memory stays constant at city scale): subject number i is
 * spread over a slot space by a multiplicative bijection (the multiplier is prime to the space's
 * size), and the slot is written into the id's free digits.
 */
const SPREAD = 2_654_435_761;
const spread = (i: number, size: number): number => Number((BigInt(i) * BigInt(SPREAD)) % BigInt(size));
/** Birth days × 3-digit sequence numbers: 24,000 days (ages ≈ 19–85) × 1,000. */
const PERSON_SLOTS = 24_000 * 1_000;
/** 8-digit organisation code bodies. */
const ORGANIZATION_SLOTS = 100_000_000;

function generatePersonId(i: number, asOf: string, districtCode: string): string {
  const slot = spread(i, PERSON_SLOTS);
  const birth = addDays(`${Number(asOf.slice(0, 4)) - 85}-01-01`, Math.floor(slot / 1_000));
  const first17 = `${districtCode}${birth.replace(/-/g, "")}${String(slot % 1_000).padStart(3, "0")}`;
  return first17 + computePersonCheck(first17);
}

function generateUscc(i: number, prefix: string, districtCode: string): string {
  const first17 = `${prefix}${districtCode}${generateOrganizationCode(spread(i, ORGANIZATION_SLOTS))}`;
  return first17 + computeUsccCheck(first17);
}

/** Yields the population one subject at a time; memory stays constant whatever the count. */
export function* generatePopulation(options: PopulationOptions): Generator<SyntheticSubject> {
  if (options.count > Math.min(PERSON_SLOTS, ORGANIZATION_SLOTS / 2))
    throw new Error(`at most ${PERSON_SLOTS} subjects can be generated, asked for ${options.count}`);
  const rng = createRng(`population:${options.seed}`);
  // Another seed, other ids: the seed shifts where in the slot space the numbering starts.
  const offset = hashSeed(options.seed) % (ORGANIZATION_SLOTS / 2);
  for (let i = 0; i < options.count; i++) {
    const district = HUZHOU_DISTRICTS[rng.weighted(DISTRICT_WEIGHTS.map((w, k) => [k, w] as const))];
    const functionalZone = rng.weighted(ZONES);
    const risk = rng.next() ** 2.5;
    if (rng.chance(ORGANIZATION_SHARE)) {
      const { prefix, type } = rng.weighted(ORG_TYPES);
      const industry = rng.weighted(INDUSTRIES.map((x) => [x, x.weight] as const));
      const id = generateUscc(i + offset, prefix, district.code);
      yield {
        id,
        kind: "ORGANIZATION",
        organizationType: type,
        name: generateOrganizationName(rng, type, district.name, rng.pick(industry.stems), i),
        district: district.key,
        functionalZone,
        industry: type === "PUBLIC_INSTITUTION" || type === "SOCIAL_ORGANIZATION" ? null : industry.name,
        registeredOn: addDays(options.asOf, -rng.int(200, 9000)),
        risk,
      };
    } else {
      yield {
        id: generatePersonId((i + offset) % PERSON_SLOTS, options.asOf, district.code),
        kind: "PERSON",
        organizationType: null,
        name: generatePersonName(rng),
        district: district.key,
        functionalZone,
        industry: null,
        registeredOn: addDays(options.asOf, -rng.int(30, 3000)),
        risk,
      };
    }
  }
}
