/**
 * What a person reads for each code of the platform's value sets, [Chinese, English]: one table
 * per value set, for every renderer — the special report's PDF and printable HTML, the verify page,
 * the web app — and for the enums' value descriptions, which start with the Chinese. Department
 * record categories are the department definitions' (shared/departments.ts `categoryLabel`).
 * Plain data, no imports: the web app bundles it.
 */
export type Label = readonly [zh: string, en: string];
type Labels<K extends string> = { readonly [C in K]: Label };

export const SEVERITY: Labels<"GENERAL" | "SERIOUS"> = { GENERAL: ["一般失信", "General"], SERIOUS: ["严重失信", "Serious"] };

export const RECORD_STATUS: Labels<"ACTIVE" | "REPAIRED" | "REMOVED" | "EXPIRED"> = {
  ACTIVE: ["公示中", "Active"],
  REPAIRED: ["已修复", "Repaired"],
  REMOVED: ["已撤销", "Removed"],
  EXPIRED: ["公示期满", "Expired"],
};

export const CREDIT_LIST = {
  DISHONEST_JUDGMENT_DEBTOR: ["失信被执行人", "Dishonest judgment debtors"],
  SERIOUS_DISHONESTY: ["严重失信主体名单", "Seriously dishonest"],
  MORAL_MODEL: ["道德模范", "Moral models"],
  LABOR_MODEL: ["劳动模范", "Labour models"],
  VOLUNTEER_5A: ["5A志愿者", "5A volunteers"],
  INTEGRITY_MODEL_ENTERPRISE: ["诚信示范企业", "Integrity model firms"],
} as const satisfies Record<string, Label>;

export const LIST_COLOR = { RED: ["红名单", "Red list"], BLACK: ["黑名单", "Black list"] } as const satisfies Record<string, Label>;

export const LIST_ENTRY_STATUS = {
  ACTIVE: ["有效", "In force"],
  REMOVED: ["移出", "Removed"],
  EXPIRED: ["到期", "Expired"],
} as const satisfies Record<string, Label>;

/** Why the credit office removed a list entry before it expired by itself. */
export const LIST_REMOVAL_REASON = {
  TERM_ENDED: ["期限届满移出", "Term ended"],
  LIFTED: ["撤销移出", "Lifted"],
  ERROR: ["错误更正移出", "Listed in error"],
} as const satisfies Record<string, Label>;

export const COMMITMENT_FULFILMENT = {
  PENDING: ["未到期", "Not yet due"],
  FULFILLED: ["已履约", "Kept"],
  BREACHED: ["违诺", "Broken"],
} as const satisfies Record<string, Label>;

export const SUBJECT_KIND = { ORGANIZATION: ["组织", "Organisation"], PERSON: ["个人", "Person"] } as const satisfies Record<string, Label>;

/** Public credit levels (organisations), best first. */
export const CREDIT_LEVEL = {
  EXCELLENT: ["优秀", "Excellent"],
  GOOD: ["良好", "Good"],
  FAIR: ["中等", "Fair"],
  POOR: ["较差", "Poor"],
} as const satisfies Record<string, Label>;

/** 个人诚信码 colours (persons), best first. */
export const CODE_COLOR = {
  BLUE: ["蓝码", "Blue"],
  GREEN: ["绿码", "Green"],
  YELLOW: ["黄码", "Yellow"],
  RED: ["红码", "Red"],
} as const satisfies Record<string, Label>;

/** A table's Chinese labels by code. */
export const chineseOf = <K extends string>(table: { readonly [C in K]: Label }): { readonly [C in K]: string } =>
  Object.fromEntries(Object.entries<Label>(table).map(([code, [zh]]) => [code, zh])) as { readonly [C in K]: string }; // built from exactly the table's codes
