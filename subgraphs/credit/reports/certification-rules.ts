/**
 * What a special credit report certifies (信用代证): rules as data beside the repair rules — the
 * period, which records are listed (by status, and whether simple-procedure penalties are), and
 * how many certificates of no violation one report replaces — each with its source. Validated when
 * it loads; the rule a report was issued under is copied into its signed content and printed on it.
 */
import path from "node:path";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { dataFile } from "../../../shared/data-file.js";
import { PROJECT_ROOT } from "../../../shared/paths.js";
import { RECORD_STATUS_LABELS } from "../../../shared/record.type.js";

const Text = Type.String({ minLength: 1 });
const Inclusion = Type.Object({ included: Type.Boolean(), source: Text });
const STATUSES = ["ACTIVE", "EXPIRED", "REPAIRED", "REMOVED"] as const;

export const CertificationRulesSchema = Type.Object({
  version: Text,
  description: Text,
  provenance: Text,
  period: Type.Object({ years: Type.Integer({ minimum: 1, maximum: 20 }), source: Text }),
  records: Type.Object({
    simpleProcedure: Inclusion,
    /** Every record status, each said: a status the rules forget is a load error, not a silent omission. */
    statuses: Type.Object(Object.fromEntries(STATUSES.map((s) => [s, Inclusion])) as Record<(typeof STATUSES)[number], typeof Inclusion>),
  }),
  certificates: Type.Object({ domainsPerReport: Type.Integer({ minimum: 1 }), source: Text }),
});

export type CertificationRules = Static<typeof CertificationRulesSchema>;

export const DEFAULT_CERTIFICATION_RULES_FILE = path.join(PROJECT_ROOT, "subgraphs", "credit", "reports", "certification-rules-2026.1.json");

const rulesFile = dataFile<CertificationRules>("report certification rules", DEFAULT_CERTIFICATION_RULES_FILE, (data) => [
  ...new Set([...Value.Errors(CertificationRulesSchema, data)].map((e) => `${e.path.slice(1).replace(/\//g, ".") || "rules"}: ${e.message}`)),
]);

/** The rules of a file (default: the shipped one), loaded and validated once per process. */
export const activeCertificationRules = (file = DEFAULT_CERTIFICATION_RULES_FILE): Readonly<CertificationRules> => rulesFile.active(file);

/** Whether a department record in the period is listed on a report under these rules. */
export const certifies = (rules: CertificationRules, record: { status: string; simpleProcedure: boolean }): boolean =>
  (rules.records.simpleProcedure.included || !record.simpleProcedure) &&
  (rules.records.statuses[record.status as (typeof STATUSES)[number]]?.included ?? false);

/** The rule as the report states it (signed into its content, printed in its notes): one sentence, then each part's source. */
export function certificationStatement(rules: CertificationRules): { version: string; text: string; sources: string[] } {
  const said = (included: boolean) => (included ? "列入" : "不列入");
  const statuses = STATUSES.map((s) => `${RECORD_STATUS_LABELS[s]}的记录${said(rules.records.statuses[s].included)}`).join("；");
  return {
    version: rules.version,
    text:
      `本报告证明该主体在报告期间内作出的行政处罚及其他违法违规记录（证明规则 ${rules.version}）：` +
      `${statuses}；适用简易程序作出的行政处罚${said(rules.records.simpleProcedure.included)}。` +
      `信用代证涵盖近${rules.period.years}年（本报告期间见上）；每份报告按${rules.certificates.domainsPerReport}个领域代替无违法违规证明。`,
    sources: [
      `报告期间：${rules.period.source}`,
      `简易程序：${rules.records.simpleProcedure.source}`,
      ...STATUSES.map((s) => `${RECORD_STATUS_LABELS[s]}：${rules.records.statuses[s].source}`),
      `代替证明：${rules.certificates.source}`,
    ],
  };
}
