/**
 * The scoring policy: data (policy/*.json), validated when it loads — every problem listed at
 * once — and then frozen. The code that applies it is score.ts.
 */
import path from "node:path";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { CODE_COLOR, CREDIT_LEVEL, chineseOf } from "../../shared/labels.js";
import { dataFile } from "../../shared/data-file.js";
import { factNamed } from "../../shared/departments.js";
import { PROJECT_ROOT } from "../../shared/paths.js";

const Text = Type.String({ minLength: 1 });
const Texts = { zh: Text, en: Text };

/** A JSON value that is one of some codes (its static type is their union). */
export const Codes = <const V extends string>(values: readonly V[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** Public credit levels, best first, with their Chinese names (the `CreditLevel` enum is made from these). */
export const LEVEL_NAMES = chineseOf(CREDIT_LEVEL);
/** 个人诚信码 colours, best first, with their Chinese names (the `CodeColor` enum is made from these). */
export const COLOUR_NAMES = chineseOf(CODE_COLOR);
export const ORGANIZATION_LEVELS = ["EXCELLENT", "GOOD", "FAIR", "POOR"] as const satisfies readonly (keyof typeof LEVEL_NAMES)[];
export const PERSON_COLOURS = ["BLUE", "GREEN", "YELLOW", "RED"] as const satisfies readonly (keyof typeof COLOUR_NAMES)[];

/** The policy's JSON schema — and, through `Static`, its type: one declaration for both. */
export const PolicySchema = Type.Object({
  version: Text,
  description: Type.String(),
  provenance: Type.String({ minLength: 1, description: "where the numbers come from" }),
  scale: Type.Object({ min: Type.Number(), max: Type.Number() }),
  dimensions: Type.Array(
    Type.Object({
      name: Text,
      zh: Text,
      weight: Type.Number({ exclusiveMinimum: 0 }),
      /** Score of the dimension before any record counts. */
      base: Type.Number(),
    }),
    { minItems: 1 },
  ),
  /** Best first; the last is the lowest. */
  levels: Type.Array(Type.Object({ organization: Codes(ORGANIZATION_LEVELS), person: Codes(PERSON_COLOURS), minScore: Type.Number() }), { minItems: 1 }),
  recordRules: Type.Array(
    Type.Object({
      ...Texts,
      department: Text,
      /** A category of the department's records, or "*". */
      category: Text,
      severity: Type.Union([Type.Literal("GENERAL"), Type.Literal("SERIOUS"), Type.Literal("*")]),
      dimension: Text,
      /** Points per counting record; or, with `pointsPerRecordPoint`, per point the record carries. */
      points: Type.Optional(Type.Number()),
      pointsPerRecordPoint: Type.Optional(Type.Number()),
    }),
  ),
  listRules: Type.Array(Type.Object({ ...Texts, list: Text, dimension: Text, points: Type.Number() })),
  taxLevelRules: Type.Array(
    Type.Object({ ...Texts, level: Type.Union(["A", "B", "M", "C", "D"].map((l) => Type.Literal(l))), dimension: Text, points: Type.Number() }),
  ),
  commitmentRules: Type.Array(
    Type.Object({
      ...Texts,
      /** The subjects the rule weighs (persons' 诚信码 and organisations' levels weigh commitments differently); both when absent. */
      subjectKind: Type.Optional(Type.Union([Type.Literal("PERSON"), Type.Literal("ORGANIZATION")])),
      fulfilment: Type.Union([Type.Literal("FULFILLED"), Type.Literal("BREACHED")]),
      dimension: Text,
      points: Type.Number(),
      /** At most this many commitments count. */
      maxCount: Type.Optional(Type.Integer({ minimum: 1 })),
    }),
  ),
  /**
   * Points by the value of a fact a department publishes beyond its records (shared/departments.ts
   * `facts`, e.g. village's householdCode): a subject with that value gets them; one without the fact, none.
   */
  factRules: Type.Optional(Type.Array(Type.Object({ ...Texts, department: Text, fact: Text, value: Text, dimension: Text, points: Type.Number() }))),
  directDowngrades: Type.Array(
    Type.Union([
      Type.Object({ ...Texts, capAt: Text, kind: Type.Literal("LIST"), list: Text }),
      Type.Object({ ...Texts, capAt: Text, kind: Type.Literal("RECORD"), department: Text, category: Text }),
      Type.Object({ ...Texts, capAt: Text, kind: Type.Literal("TAX_LEVEL"), level: Text }),
      Type.Object({ ...Texts, capAt: Text, kind: Type.Literal("WARNING_LIST"), department: Text }),
    ]),
  ),
});

export type Policy = Static<typeof PolicySchema>;
export type Dimension = Policy["dimensions"][number];
export type RecordRule = Policy["recordRules"][number];
export type ListRule = Policy["listRules"][number];
export type TaxLevelRule = Policy["taxLevelRules"][number];
export type CommitmentRule = Policy["commitmentRules"][number];
export type FactRule = NonNullable<Policy["factRules"]>[number];
export type DirectDowngrade = Policy["directDowngrades"][number];
export type Level = Policy["levels"][number];

export const DEFAULT_POLICY_FILE = path.join(PROJECT_ROOT, "subgraphs", "evaluation", "policy", "policy-2026.1.json");

/**
 * Every problem of a policy object; empty when it is valid. The schema checks the shape; the
 * rules between fields (weights add up to 1, levels in order, rules naming real dimensions) are
 * checked on the typed value.
 */
export function validatePolicy(data: unknown): string[] {
  const shape = [...Value.Errors(PolicySchema, data)].map((e) => `${e.path.slice(1).replace(/\//g, ".") || "policy"}: ${e.message}`);
  if (shape.length > 0) return [...new Set(shape)];
  const p = data as Policy;
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => void (ok || problems.push(problem));
  need(p.scale.min < p.scale.max, "scale needs min < max");
  const names = new Set(p.dimensions.map((d) => d.name));
  p.dimensions.forEach((d, i) => need(d.base >= p.scale.min && d.base <= p.scale.max, `dimensions[${i}].base must lie on the scale`));
  const total = p.dimensions.reduce((s, d) => s + d.weight, 0);
  need(Math.abs(total - 1) < 1e-9, `dimension weights must add up to 1, they add up to ${total}`);
  need(
    p.levels.map((l) => l.organization).join() === ORGANIZATION_LEVELS.join() && p.levels.map((l) => l.person).join() === PERSON_COLOURS.join(),
    `levels must be, best first, ${ORGANIZATION_LEVELS.join("/")} paired with ${PERSON_COLOURS.join("/")}`,
  );
  p.levels.forEach((l, i) => {
    if (i > 0) need(l.minScore < p.levels[i - 1].minScore, `levels[${i}].minScore must be below levels[${i - 1}].minScore`);
  });
  need(p.levels[p.levels.length - 1].minScore === p.scale.min, "the lowest level must start at scale.min");
  for (const key of ["recordRules", "listRules", "taxLevelRules", "commitmentRules", "factRules"] as const) {
    (p[key] ?? []).forEach((r, i) => need(names.has(r.dimension), `${key}[${i}].dimension "${r.dimension}" is not a dimension`));
  }
  p.recordRules.forEach((r, i) =>
    need((r.points === undefined) !== (r.pointsPerRecordPoint === undefined), `recordRules[${i}] needs exactly one of points and pointsPerRecordPoint`),
  );
  (p.factRules ?? []).forEach((r, i) => {
    const fact = factNamed(`${r.department}.${r.fact}`);
    need(fact !== undefined, `factRules[${i}]: ${r.department} publishes no fact "${r.fact}" (shared/departments.ts)`);
    if (fact) need(Object.hasOwn(fact.code.values, r.value), `factRules[${i}].value "${r.value}" is not one of ${Object.keys(fact.code.values).join(", ")}`);
  });
  p.commitmentRules.forEach((r, i) => {
    const same = p.commitmentRules.findIndex((x) => x.fulfilment === r.fulfilment && (!x.subjectKind || !r.subjectKind || x.subjectKind === r.subjectKind));
    need(same === i, `commitmentRules[${i}] weighs ${r.fulfilment} for ${r.subjectKind ?? "every subject"} again (commitmentRules[${same}] does already)`);
  });
  p.directDowngrades.forEach((r, i) =>
    need((ORGANIZATION_LEVELS as readonly string[]).includes(r.capAt), `directDowngrades[${i}].capAt must be one of ${ORGANIZATION_LEVELS.join(", ")}`),
  );
  return problems;
}

const policyFile = dataFile<Policy>("scoring policy", DEFAULT_POLICY_FILE, validatePolicy);

/** Loads and validates a policy file; throws a DataFileError listing every problem. */
export const loadPolicy = (file = DEFAULT_POLICY_FILE): Readonly<Policy> => policyFile.load(file);

/** The policy of a file (default: the shipped one), loaded and validated once per process. */
export const activePolicy = (file = DEFAULT_POLICY_FILE): Readonly<Policy> => policyFile.active(file);
