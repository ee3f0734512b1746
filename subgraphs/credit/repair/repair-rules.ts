/**
 * The credit repair rules (信用修复规则): data beside the scoring policy — versioned, validated at
 * start-up, served by `Query.repairRules`. A record's rule is the most specific one that matches
 * its department, category and severity, else the default for its severity.
 */
import path from "node:path";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { dataFile } from "../../../shared/data-file.js";
import { SNIFFABLE_TYPES } from "../../../shared/file-type.js";
import { PROJECT_ROOT } from "../../../shared/paths.js";
import { PUBLICITY_MONTHS } from "../../../shared/publicity.js";

const Text = Type.String({ minLength: 1 });
const Period = Type.Object({ minimumMonths: Type.Integer({ minimum: 0 }), maximumMonths: Type.Integer({ minimum: 1 }), basis: Text });
export const MATERIAL_TYPES = ["FINE_RECEIPT", "APPLICATION_FORM", "COMMITMENT_LETTER", "IDENTITY_PAPERS", "OTHER"] as const;

export const RepairRulesSchema = Type.Object({
  version: Text,
  description: Text,
  provenance: Text,
  defaults: Type.Object({ GENERAL: Period, SERIOUS: Period }),
  rules: Type.Array(
    Type.Object({
      department: Text,
      category: Text,
      severity: Type.Union([Type.Literal("GENERAL"), Type.Literal("SERIOUS"), Type.Literal("*")]),
      minimumMonths: Type.Integer({ minimum: 0 }),
      neverEarly: Type.Boolean(),
      basis: Text,
    }),
  ),
  materials: Type.Object({
    required: Type.Array(Type.Union(MATERIAL_TYPES.map((t) => Type.Literal(t)))),
    /** Required besides where the decision fined (a fine receipt): nothing to show for a warning. */
    requiredWhenFined: Type.Array(Type.Union(MATERIAL_TYPES.map((t) => Type.Literal(t)))),
    /** Only types whose bytes we recognise (shared/file-type.ts): a material is checked against its declared type. */
    mimeTypes: Type.Array(Type.Union(SNIFFABLE_TYPES.map((t) => Type.Literal(t))), { minItems: 1 }),
    maxBytes: Type.Integer({ minimum: 1 }),
  }),
  commitmentMonths: Type.Integer({ minimum: 1 }),
});

export type RepairRules = Static<typeof RepairRulesSchema>;

/** What applies to one record: the earliest repair, whether it may be repaired early at all, why. */
export interface RepairRule {
  minimumMonths: number;
  maximumMonths: number;
  neverEarly: boolean;
  basis: string;
}

export function validateRepairRules(data: unknown): string[] {
  const shape = [...Value.Errors(RepairRulesSchema, data)].map((e) => `${e.path.slice(1).replace(/\//g, ".") || "rules"}: ${e.message}`);
  if (shape.length > 0) return [...new Set(shape)];
  const r = data as RepairRules;
  const problems: string[] = [];
  for (const severity of ["GENERAL", "SERIOUS"] as const) {
    // The kernel computes publicity end dates: the rules must say the same.
    if (r.defaults[severity].maximumMonths !== PUBLICITY_MONTHS[severity]) {
      problems.push(
        `defaults.${severity}.maximumMonths must be ${PUBLICITY_MONTHS[severity]} (shared/publicity.ts), got ${r.defaults[severity].maximumMonths}`,
      );
    }
    if (r.defaults[severity].minimumMonths > r.defaults[severity].maximumMonths) problems.push(`defaults.${severity}: minimum above maximum`);
  }
  r.rules.forEach((rule, i) => {
    if (rule.minimumMonths > PUBLICITY_MONTHS.SERIOUS) problems.push(`rules[${i}].minimumMonths is longer than any publicity`);
  });
  return problems;
}

export const DEFAULT_REPAIR_RULES_FILE = path.join(PROJECT_ROOT, "subgraphs", "credit", "repair", "repair-rules-2026.1.json");
const rulesFile = dataFile<RepairRules>("credit repair rules", DEFAULT_REPAIR_RULES_FILE, validateRepairRules);

/** The rules of a file (default: the shipped one), loaded and validated once per process. */
export const activeRepairRules = (file = DEFAULT_REPAIR_RULES_FILE): Readonly<RepairRules> => rulesFile.active(file);

/** The rule for a record: the most specific match, else the default for its severity. */
export function ruleFor(rules: RepairRules, record: { department: string; category: string; severity: string }): RepairRule {
  const severity = record.severity === "SERIOUS" ? "SERIOUS" : "GENERAL";
  const base = rules.defaults[severity];
  const matches = rules.rules.filter(
    (r) => r.department === record.department && r.category === record.category && (r.severity === "*" || r.severity === severity),
  );
  const rule = matches.find((r) => r.severity === severity) ?? matches[0];
  return rule
    ? { minimumMonths: Math.max(rule.minimumMonths, base.minimumMonths), maximumMonths: base.maximumMonths, neverEarly: rule.neverEarly, basis: rule.basis }
    : { minimumMonths: base.minimumMonths, maximumMonths: base.maximumMonths, neverEarly: false, basis: base.basis };
}
