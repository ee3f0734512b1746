/**
 * The 信易+ catalogue: scenarios, the offers partners run, the rules of who may use each, and the
 * 2019 work plan's 35 annex projects. Data (catalogue/*.json), validated when it loads — every
 * problem listed at once — then frozen, like the scoring policy.
 */
import path from "node:path";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { dataFile } from "../../shared/data-file.js";
import { factNamed } from "../../shared/departments.js";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { Codes, ORGANIZATION_LEVELS, PERSON_COLOURS } from "../evaluation/policy.js";

const Text = Type.String({ minLength: 1 });

export const SCENARIO_CODES = ["PI", "DAI", "ZU", "XING", "YOU", "YI", "GOU", "ZHU", "ZHAO", "YUE", "GUAN", "PING", "OTHER"] as const;
const OFFER_KINDS = ["SERVICE", "DISCOUNT", "DEPOSIT_WAIVER", "LOAN", "COUPON"] as const;
/** Department facts a rule may demand by name; eligibility.ts reads each from the federated profile. */
const FACTS = ["TAX_LEVEL_A", "NO_ACTIVE_HEALTH_DEFAULT", "NOT_ON_TRADING_WARNING", "NO_BREACHED_COMMITMENT"] as const;
/** A fact a department publishes (shared/departments.ts `facts`), required to hold one of some codes. */
const PublishedFactRequirement = Type.Object({
  fact: Type.String({ pattern: "^[a-z]+(-[a-z]+)*\\.[A-Za-z]+$", description: "<department>.<fact>, e.g. village.householdCode" }),
  anyOf: Type.Array(Text, { minItems: 1 }),
});
const LISTS = ["DISHONEST_JUDGMENT_DEBTOR", "SERIOUS_DISHONESTY", "MORAL_MODEL", "LABOR_MODEL", "VOLUNTEER_5A", "INTEGRITY_MODEL_ENTERPRISE"] as const;

export const CatalogueSchema = Type.Object({
  version: Text,
  description: Text,
  provenance: Text,
  scenarios: Type.Array(Type.Object({ code: Codes(SCENARIO_CODES), name: Text, en: Text, summary: Text, source: Text }), { minItems: 13 }),
  offers: Type.Array(
    Type.Object({
      id: Type.String({ pattern: "^[a-z][a-z0-9-]{2,63}$" }),
      scenario: Codes(SCENARIO_CODES),
      name: Text,
      en: Text,
      benefit: Text,
      kind: Codes(OFFER_KINDS),
      /** Money value of one use in fen (coupon face value, typical amount waived, typical loan); null for services. */
      valueFen: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
      quota: Type.Union([
        Type.Object({
          count: Type.Optional(Type.Integer({ minimum: 1 })),
          budgetFen: Type.Optional(Type.Integer({ minimum: 1 })),
          period: Codes(["MONTH", "YEAR", "TOTAL"]),
        }),
        Type.Null(),
      ]),
      /** Redemptions one subject may have of the offer per period (every entry counts, ISSUE or USE; a reversal gives one back); null: no cap. */
      perSubject: Type.Union([Type.Object({ count: Type.Integer({ minimum: 1 }), period: Codes(["MONTH", "YEAR", "TOTAL"]) }), Type.Null()]),
      /** The amount one redemption may record, in fen: a service none (0–0), money at least 1 fen, a coupon at most its face value. */
      amountFen: Type.Object({ min: Type.Integer({ minimum: 0 }), max: Type.Integer({ minimum: 0 }) }),
      rules: Type.Object({
        subjectKinds: Type.Array(Codes(["PERSON", "ORGANIZATION"]), { minItems: 1 }),
        minLevel: Type.Optional(Codes(ORGANIZATION_LEVELS)),
        minColour: Type.Optional(Codes(PERSON_COLOURS)),
        requiredLists: Type.Array(Codes(LISTS)),
        excludedLists: Type.Array(Codes(LISTS)),
        facts: Type.Array(Type.Union([Codes(FACTS), PublishedFactRequirement])),
        consent: Type.Boolean(),
      }),
    }),
    { minItems: 1 },
  ),
  projects: Type.Array(
    Type.Object({
      number: Type.Integer({ minimum: 1 }),
      name: Text,
      content: Text,
      schedule: Text,
      leadUnit: Text,
      partners: Text,
      deadline: Text,
      scenario: Codes(SCENARIO_CODES),
      label: Type.Optional(Text),
      offers: Type.Array(Text, { minItems: 1 }),
    }),
  ),
});

export type Catalogue = Static<typeof CatalogueSchema>;
export type Offer = Catalogue["offers"][number];
export type OfferRules = Offer["rules"];
export type Project = Catalogue["projects"][number];
export type FactRequirement = OfferRules["facts"][number];
export type Scenario = Catalogue["scenarios"][number];

export const DEFAULT_CATALOGUE_FILE = path.join(PROJECT_ROOT, "subgraphs", "incentives", "catalogue", "catalogue-2026.1.json");

/** Every problem of a catalogue object; empty when it is valid. */
export function validateCatalogue(data: unknown): string[] {
  const shape = [...Value.Errors(CatalogueSchema, data)].map((e) => `${e.path.slice(1).replace(/\//g, ".") || "catalogue"}: ${e.message}`);
  if (shape.length > 0) return [...new Set(shape)];
  const c = data as Catalogue;
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => void (ok || problems.push(problem));
  need(c.scenarios.map((s) => s.code).join() === SCENARIO_CODES.join(), `scenarios must be, in order, ${SCENARIO_CODES.join(", ")}`);
  const ids = new Set<string>();
  c.offers.forEach((o, i) => {
    need(!ids.has(o.id), `offers[${i}].id "${o.id}" is not unique`);
    ids.add(o.id);
    const kinds = o.rules.subjectKinds;
    need(!o.rules.minLevel || kinds.includes("ORGANIZATION"), `offers[${i}] (${o.id}): minLevel needs organisations among subjectKinds`);
    need(!o.rules.minColour || kinds.includes("PERSON"), `offers[${i}] (${o.id}): minColour needs persons among subjectKinds`);
    need(!kinds.includes("PERSON") || o.rules.consent, `offers[${i}] (${o.id}): an offer to persons needs their consent (个人诚信码 registration)`);
    need(o.kind === "SERVICE" || o.valueFen !== null, `offers[${i}] (${o.id}): a ${o.kind} offer needs valueFen`);
    need(!o.quota || o.quota.count !== undefined || o.quota.budgetFen !== undefined, `offers[${i}] (${o.id}): a quota needs count or budgetFen`);
    const { min, max } = o.amountFen;
    if (o.kind === "SERVICE") need(min === 0 && max === 0, `offers[${i}] (${o.id}): a SERVICE records no amount: amountFen must be { min: 0, max: 0 }`);
    else need(min >= 1 && max >= min, `offers[${i}] (${o.id}): a ${o.kind} records money: amountFen needs 1 ≤ min ≤ max, got ${min}–${max}`);
    need(
      o.kind !== "COUPON" || max === o.valueFen,
      `offers[${i}] (${o.id}): a coupon records at most its face value: amountFen.max must be valueFen (${o.valueFen})`,
    );
    for (const f of o.rules.facts) {
      if (typeof f === "string") continue;
      const fact = factNamed(f.fact);
      need(fact !== undefined, `offers[${i}] (${o.id}): no department publishes the fact "${f.fact}" (shared/departments.ts)`);
      if (fact) for (const code of f.anyOf) need(Object.hasOwn(fact.code.values, code), `offers[${i}] (${o.id}): "${code}" is not a value of ${f.fact}`);
    }
    need(
      !o.perSubject || !o.quota?.count || o.perSubject.count <= o.quota.count,
      `offers[${i}] (${o.id}): perSubject.count ${o.perSubject?.count} is over the quota's count ${o.quota?.count}`,
    );
  });
  for (const code of SCENARIO_CODES)
    need(
      c.offers.some((o) => o.scenario === code),
      `scenario ${code} has no offer`,
    );
  c.projects.forEach((p, i) => {
    need(p.number === i + 1, `projects[${i}].number must be ${i + 1} (the annex's order)`);
    need((p.scenario === "OTHER") === (p.label !== undefined), `projects[${i}] (${p.name}): a label is given exactly for OTHER projects`);
    for (const id of p.offers) need(ids.has(id), `projects[${i}] (${p.name}) runs unknown offer "${id}"`);
  });
  return problems;
}

const catalogueFile = dataFile<Catalogue>("incentive catalogue", DEFAULT_CATALOGUE_FILE, validateCatalogue);

/** The catalogue of a file (default: the shipped one), loaded and validated once per process. */
export const activeCatalogue = (file = DEFAULT_CATALOGUE_FILE): Readonly<Catalogue> => catalogueFile.active(file);

/** A fact requirement as the catalogue's readers see it: `TAX_LEVEL_A`, or `village.householdCode:BLUE|GREEN`. */
export const factRequirementText = (f: FactRequirement): string => (typeof f === "string" ? f : `${f.fact}:${f.anyOf.join("|")}`);

/** Why one redemption of `fen` is not allowed by the offer's amount rules, or undefined. */
export function amountProblem(offer: Offer, fen: number): string | undefined {
  const { min, max } = offer.amountFen;
  if (fen < min) return `must be at least ${min / 100} yuan for offer ${offer.id}`;
  if (fen > max) return `must be at most ${max / 100} yuan for offer ${offer.id}`;
  return undefined;
}

/** The start of the quota period containing `day` (YYYY-MM-DD): `2026-11`, `2026` or `ALL`. */
export function quotaPeriodOf(period: string, day: string): string {
  return period === "MONTH" ? day.slice(0, 7) : period === "YEAR" ? day.slice(0, 4) : "ALL";
}
