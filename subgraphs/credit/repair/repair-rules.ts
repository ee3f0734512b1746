/**
 * The credit repair application's own rules (信用修复规则): materials and the commitment term, data
 * beside the scoring policy — versioned, validated at start-up, served by `Query.repairRules`. The
 * periods (minimum, maximum, never early, conditions) are the dated rule sets' (shared/rules/).
 */
import path from "node:path";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { dataFile } from "../../../shared/data-file.js";
import { SNIFFABLE_TYPES } from "../../../shared/file-type.js";
import { PROJECT_ROOT } from "../../../shared/paths.js";

const Text = Type.String({ minLength: 1 });
export const MATERIAL_TYPES = ["FINE_RECEIPT", "APPLICATION_FORM", "COMMITMENT_LETTER", "IDENTITY_PAPERS", "OTHER"] as const;

export const RepairRulesSchema = Type.Object({
  version: Text,
  description: Text,
  provenance: Text,
  materials: Type.Object({
    required: Type.Array(Type.Union(MATERIAL_TYPES.map((t) => Type.Literal(t)))),
    /** Required besides where the decision fined (a fine receipt): nothing to show for a warning. */
    requiredWhenFined: Type.Array(Type.Union(MATERIAL_TYPES.map((t) => Type.Literal(t)))),
    /** Only types whose bytes we recognise (shared/file-type.ts): a material is checked against its declared type. */
    mimeTypes: Type.Array(Type.Union(SNIFFABLE_TYPES.map((t) => Type.Literal(t))), { minItems: 1 }),
    maxBytes: Type.Integer({ minimum: 1 }),
    /** Most materials one application may carry: each is read and hashed whole, so the count is capped before any is read. */
    maxCount: Type.Integer({ minimum: 1 }),
  }),
  commitmentMonths: Type.Integer({ minimum: 1 }),
});

export type RepairRules = Static<typeof RepairRulesSchema>;

export function validateRepairRules(data: unknown): string[] {
  const shape = [...Value.Errors(RepairRulesSchema, data)].map((e) => `${e.path.slice(1).replace(/\//g, ".") || "rules"}: ${e.message}`);
  return [...new Set(shape)];
}

export const DEFAULT_REPAIR_RULES_FILE = path.join(PROJECT_ROOT, "subgraphs", "credit", "repair", "repair-rules-2026.1.json");
const rulesFile = dataFile<RepairRules>("credit repair rules", DEFAULT_REPAIR_RULES_FILE, validateRepairRules);

/** The rules of a file (default: the shipped one), loaded and validated once per process. */
export const activeRepairRules = (file = DEFAULT_REPAIR_RULES_FILE): Readonly<RepairRules> => rulesFile.active(file);
