/**
 * Red and black lists' rules — colour, subjects, terms (名单期限) — and the status every entry is
 * read with. A list's term is data: sourced where domain.md gives it (失信被执行人), ours (marked OURS) where it does not. An
 * entry expires by itself at the end of its term by the records' own rule (shared/publicity.ts
 * `computeRecordStatus`): no job, no manual step.
 */
import { parsePersonId, type ParsedSubjectId } from "../../../shared/ids.js";
import { CREDIT_LIST } from "../../../shared/labels.js";
import { computeRecordStatus } from "../../../shared/publicity.js";
import type { Problem } from "../../../shared/records/validation.js";
import { UNTIL_REMOVED } from "../../../shared/rules/rule-sets.js";
import { addMonths, todayInChina } from "../../../shared/scalars.js";
import type { ListEntryRow } from "../db.js";
import type { CreditList, ListColor, ListEntryStatus } from "./credit-record.type.js";
import type { SubjectKind } from "./subject.type.js";

export interface ListRule {
  /** Red list (honours) or black list (dishonesty). */
  color: ListColor;
  /** Which subjects the list takes. */
  kinds: readonly SubjectKind[];
  /** The term when the listing gives no end date. */
  defaultMonths: number;
  /** The longest term from the listing date. */
  maximumMonths: number;
  /** Whether an entry may have no fixed term: it lasts until the subject performs. */
  untilPerformance: boolean;
  /** Never a person under 18 on the listing date. */
  adultsOnly: boolean;
  basis: string;
  /** What in the rule is ours (not read from a source), and why; null when all of it is sourced. */
  ours: string | null;
}

const BOTH: readonly SubjectKind[] = ["ORGANIZATION", "PERSON"];
const HONOUR = {
  color: "RED",
  defaultMonths: 36,
  maximumMonths: 60,
  untilPerformance: false,
  adultsOnly: false,
  basis: "表彰决定（认定单位的文件）",
  ours: "OURS: no source gives an honour's term (domain.md §4: not found); 3 years unless the decision says otherwise (as the demo seeds them), at most 5; which subjects each list takes is ours too",
} as const;

export const LIST_RULES: Readonly<Record<CreditList, ListRule>> = {
  DISHONEST_JUDGMENT_DEBTOR: {
    color: "BLACK",
    kinds: BOTH,
    defaultMonths: 24,
    maximumMonths: 60,
    untilPerformance: true,
    adultsOnly: true,
    basis:
      "最高人民法院关于公布失信被执行人名单信息的若干规定（2017修正）：第一条第（二）至（六）项情形纳入期限二年，可延长一至三年；第（一）项情形不设期限，履行后删除；不得将未成年人纳入",
    ours: "OURS: the longest term, 60 months, reads 'extendable by one to three years' as at most 2 + 3 years (domain.md §4)",
  },
  SERIOUS_DISHONESTY: {
    color: "BLACK",
    kinds: BOTH,
    defaultMonths: 36,
    maximumMonths: 60,
    untilPerformance: false,
    adultsOnly: false,
    basis: "国办发〔2020〕49号：严重失信主体名单须有法律、法规或党中央、国务院政策文件依据，移出条件应当公开",
    ours: "OURS: domain.md gives no term (SAMR Order No. 44's periods not verified; the 2015 market rule removed entries after 5 years): 3 years unless the decision says otherwise (as the demo seeds it), at most 5",
  },
  MORAL_MODEL: { kinds: ["PERSON"], ...HONOUR },
  LABOR_MODEL: { kinds: ["PERSON"], ...HONOUR },
  VOLUNTEER_5A: { kinds: ["PERSON"], ...HONOUR },
  INTEGRITY_MODEL_ENTERPRISE: { kinds: ["ORGANIZATION"], ...HONOUR },
};

/** An entry's status on `today`: REMOVED as stored; EXPIRED from its end of term on; else ACTIVE. */
export const listEntryStatus = (row: Pick<ListEntryRow, "status" | "expires_on">, today = todayInChina()): ListEntryStatus =>
  computeRecordStatus(row.status === "REMOVED" ? "REMOVED" : "ACTIVE", row.expires_on ?? UNTIL_REMOVED, today);

/** The dates of a new listing, as given. */
export interface TermInput {
  list: CreditList;
  /** The subject, when its ID is valid: the list's kinds and age limit are checked on it. */
  subject?: ParsedSubjectId;
  listedOn: string;
  expiresOn?: string | null;
  untilPerformance?: boolean | null;
}

/** A new entry's end of term and why, or the problems with its subject and dates. */
export function termOf(input: TermInput, today = todayInChina()): { expiresOn: string | null; basis: string; problems: Problem[] } {
  const rule = LIST_RULES[input.list];
  const name = CREDIT_LIST[input.list][0];
  const problems: Problem[] = [];
  if (input.subject && !rule.kinds.includes(input.subject.kind)) {
    problems.push({ field: "subjectId", message: `the ${name} list takes ${rule.kinds.includes("PERSON") ? "persons" : "organisations"} only` });
  }
  if (input.listedOn > today) problems.push({ field: "listedOn", message: `${input.listedOn} is in the future` });
  if (rule.adultsOnly && input.subject?.kind === "PERSON") {
    const person = parsePersonId(input.subject.id);
    if (person.ok && addMonths(person.value.birthDate, 18 * 12) > input.listedOn) {
      problems.push({ field: "subjectId", message: `a minor on ${input.listedOn} is never put on the ${name} list` });
    }
  }
  const longest = addMonths(input.listedOn, rule.maximumMonths);
  if (input.untilPerformance && !rule.untilPerformance) {
    problems.push({ field: "untilPerformance", message: `the ${name} list has no entry without a term` });
  } else if (input.untilPerformance && input.expiresOn) {
    problems.push({ field: "expiresOn", message: "give expiresOn or untilPerformance, not both" });
  } else if (input.expiresOn && input.expiresOn <= input.listedOn) {
    problems.push({ field: "expiresOn", message: `${input.expiresOn} is not after listedOn ${input.listedOn}` });
  } else if (input.expiresOn && input.expiresOn > longest) {
    problems.push({ field: "expiresOn", message: `the ${name} list's term is at most ${rule.maximumMonths} months: ${longest} at the latest` });
  }
  const expiresOn = input.untilPerformance ? null : (input.expiresOn ?? addMonths(input.listedOn, rule.defaultMonths));
  const how = input.untilPerformance ? "不设期限，至履行义务为止" : input.expiresOn ? "期限依认定文书" : `默认期限${rule.defaultMonths}个月`;
  return { expiresOn, basis: `${how}。${rule.basis}${rule.ours ? `（${rule.ours}）` : ""}`, problems };
}
