/**
 * 长兴's village data (data/village-2026.1.json), validated when it loads like the scoring policy:
 * the 272 villages and communities (synthetic names: domain.md and the seeds name none), each
 * village's own 村规民约 points — drawn once, deterministically, from the typical items within
 * their ranges — and the 文明诚信码's window and colour thresholds (ours).
 */
import path from "node:path";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { dataFile } from "../../shared/data-file.js";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { createRng } from "../../shared/seeding/random.js";
import type { CODE_COLOR } from "../../shared/labels.js";

const Text = Type.String({ minLength: 1 });
/** The code's colours are the 个人诚信码's four, best first (the policy weighs them by name). */
export const CODE_COLOURS = ["BLUE", "GREEN", "YELLOW", "RED"] as const satisfies readonly (keyof typeof CODE_COLOR)[];
const Codes = <const V extends string>(values: readonly V[]) => Type.Union(values.map((v) => Type.Literal(v)));
export const RULE_CATEGORIES = ["LAW_ABIDING", "FAMILY_VIRTUE", "NEIGHBOURHOOD", "ENVIRONMENT", "CIVILISED_CUSTOMS", "VOLUNTEER_SERVICE"] as const;

const VillageDataSchema = Type.Object({
  version: Text,
  description: Text,
  provenance: Text,
  code: Type.Object({
    windowMonths: Type.Integer({ minimum: 1, maximum: 60 }),
    base: Type.Integer(),
    colours: Type.Array(Type.Object({ colour: Codes(CODE_COLOURS), minPoints: Type.Integer(), zh: Text, en: Text }), { minItems: 4, maxItems: 4 }),
  }),
  townships: Type.Array(
    Type.Object({
      code: Type.String({ pattern: "^T[0-9]{2}$" }),
      name: Text,
      communities: Type.Integer({ minimum: 0 }),
      villages: Type.Integer({ minimum: 0 }),
    }),
    { minItems: 1 },
  ),
  villageStems: Type.Array(Text, { minItems: 1 }),
  rules: Type.Array(
    Type.Object({
      code: Type.String({ pattern: "^[A-Z][A-Z_]{1,31}$" }),
      category: Codes(RULE_CATEGORIES),
      zh: Text,
      points: Type.Integer(),
      minPoints: Type.Integer(),
      maxPoints: Type.Integer(),
    }),
    { minItems: 1 },
  ),
  ruleCategories: Type.Record(Codes(RULE_CATEGORIES), Type.Tuple([Text, Text])),
  seeding: Type.Object({
    archiveShare: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
    archivesReported: Type.Integer({ minimum: 1 }),
    demonstrationsPerYear: Type.Integer({ minimum: 0 }),
    householdSize: Type.Tuple([Type.Integer({ minimum: 1 }), Type.Integer({ minimum: 1 })]),
  }),
});
export type VillageData = Static<typeof VillageDataSchema>;
export type CodeColour = (typeof CODE_COLOURS)[number];
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

export function validateVillageData(data: unknown): string[] {
  if (!Value.Check(VillageDataSchema, data))
    return [...new Set([...Value.Errors(VillageDataSchema, data)].map((e) => `${e.path.slice(1).replace(/\//g, ".") || "village data"}: ${e.message}`))];
  const d = data;
  const problems: string[] = [];
  const total = d.townships.reduce((s, t) => s + t.communities + t.villages, 0);
  if (total !== 272) problems.push(`townships: seed 003 gives 272 村居(社区), these add up to ${total}`);
  const colours = d.code.colours.map((c) => c.colour).join();
  if (colours !== CODE_COLOURS.join()) problems.push(`code.colours must be, best first, ${CODE_COLOURS.join(", ")}`);
  d.code.colours.forEach((c, i) => {
    if (i > 0 && c.minPoints >= d.code.colours[i - 1].minPoints) problems.push(`code.colours[${i}].minPoints must be below ${d.code.colours[i - 1].colour}'s`);
  });
  d.rules.forEach((r, i) => {
    if (!(r.minPoints <= r.points && r.points <= r.maxPoints)) problems.push(`rules[${i}] (${r.code}): points must lie within minPoints..maxPoints`);
    if (r.points === 0 || Math.sign(r.minPoints) !== Math.sign(r.maxPoints)) problems.push(`rules[${i}] (${r.code}): a rule rewards or deducts, never both`);
  });
  return problems;
}

export const DEFAULT_VILLAGE_DATA_FILE = path.join(PROJECT_ROOT, "subgraphs", "village", "data", "village-2026.1.json");
const file = dataFile<VillageData>("village data", DEFAULT_VILLAGE_DATA_FILE, validateVillageData);
export const villageData = (): Readonly<VillageData> => file.active();

/** One of the 272 villages and communities, as its migration stores it. */
export interface VillageRow {
  id: string;
  township_code: string;
  township: string;
  name: string;
  kind: "VILLAGE" | "COMMUNITY";
}

/** One item of a village's 村规民约 with that village's points. */
export interface VillageRuleRow {
  id: string;
  village_id: string;
  code: string;
  category: RuleCategory;
  description: string;
  points: number;
}

/** The villages and each village's rule set: deterministic, from the data file alone. */
export function villagesOf(data: Readonly<VillageData> = villageData()): { villages: VillageRow[]; rules: VillageRuleRow[] } {
  const villages: VillageRow[] = [];
  const rules: VillageRuleRow[] = [];
  for (const t of data.townships) {
    const stem = t.name.slice(0, 2);
    const count = t.communities + t.villages;
    for (let k = 0; k < count; k++) {
      const kind = k < t.communities ? "COMMUNITY" : "VILLAGE";
      const id = `V${t.code.slice(1)}${String(k + 1).padStart(3, "0")}`;
      const place =
        data.villageStems[k % data.villageStems.length] + (k >= data.villageStems.length ? String(Math.floor(k / data.villageStems.length) + 1) : "");
      villages.push({ id, township_code: t.code, township: t.name, name: `${stem}${place}${kind === "COMMUNITY" ? "社区" : "村"}`, kind });
      const rng = createRng(`village-rules:${id}`);
      for (const r of data.rules) {
        // Each village keeps most items (its own 村规民约), at its own points within the item's range.
        if (!rng.chance(0.85)) continue;
        rules.push({ id: `${id}-${r.code}`, village_id: id, code: r.code, category: r.category, description: r.zh, points: rng.int(r.minPoints, r.maxPoints) });
      }
    }
  }
  return { villages, rules };
}
