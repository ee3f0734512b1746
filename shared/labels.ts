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

/** Where a credit commitment was made (CommitmentSource). */
export const COMMITMENT_SOURCE = {
  APPROVAL: ["审批承诺", "Approval commitment"],
  REPAIR: ["信用修复承诺", "Repair commitment"],
} as const satisfies Record<string, Label>;

/** What a person or organisation consents to (CodeConsent: the 个人诚信码, notice contacts). */
export const CODE_CONSENT = {
  INCENTIVE_CHECK: ["核验信易+资格", "Incentive checks"],
  INCENTIVE_REDEEM: ["登记优惠使用", "Redemptions recorded"],
  NOTIFICATIONS: ["接收信用提醒", "Credit notices"],
  NOTICE_REPAIR: ["接收告知与到期提醒", "Notices and reminders"],
  NOTICE_GRADE: ["接收等级变动告知", "Grade change notices"],
} as const satisfies Record<string, Label>;

/** A 个人诚信码 registration's state (CodeRegistrationStatus). */
export const CODE_REGISTRATION_STATUS = {
  NONE: ["未注册", "Not registered"],
  ACTIVE: ["已注册", "Registered"],
  REVOKED: ["已注销", "Revoked"],
} as const satisfies Record<string, Label>;

/** An organisation's choice for its public merchant page. */
export const MERCHANT_CODE_STATUS = { DISPLAYED: ["公开展示", "Shown"], HIDDEN: ["不展示", "Hidden"] } as const satisfies Record<string, Label>;

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

/** Kinds of notice (subgraphs/credit/notices/notice-rules.json), as the dashboard names them. */
export const NOTICE_KIND = {
  PENALTY_RECORDED: ["处罚告知", "Penalty recorded"],
  GRADE_CHANGED: ["等级变化告知", "Grade changed"],
  REPAIR_POSSIBLE: ["可申请修复提醒", "Repair now possible"],
  PUBLICITY_ENDING: ["公示期届满提醒", "Publicity ending"],
  LIST_TERM_ENDING: ["名单期满提醒", "List term ending"],
  COMMITMENT_DUE: ["承诺到期提醒", "Commitment due"],
  REPAIR_FOLLOW_UP_30: ["修复后30日回访", "Follow-up at 30 days"],
  REPAIR_FOLLOW_UP_90: ["修复后90日回访", "Follow-up at 90 days"],
} as const satisfies Record<string, Label>;

/** NoticeStatus: a notice's delivery outcome so far. */
export const NOTICE_OUTCOME = {
  DELIVERED: ["已送达", "Delivered"],
  DEAD_LETTER: ["发送失败", "Failed"],
  SKIPPED_NO_CONSENT: ["未同意未发送", "No consent"],
  QUEUED: ["待发送", "Queued"],
} as const satisfies Record<string, Label>;

/** VillageRuleCategory: the category of a village's 村规民约 item (长兴's 文明诚信积分). */
export const VILLAGE_RULE_CATEGORY = {
  LAW_ABIDING: ["遵纪守法", "Law-abiding"],
  FAMILY_VIRTUE: ["孝老爱亲", "Family virtue"],
  NEIGHBOURHOOD: ["邻里和睦", "Neighbourhood"],
  ENVIRONMENT: ["环境卫生", "Environment and hygiene"],
  CIVILISED_CUSTOMS: ["移风易俗", "Civilised customs"],
  VOLUNTEER_SERVICE: ["志愿服务", "Volunteer service"],
} as const satisfies Record<string, Label>;

/** A table's Chinese labels by code. */
export const chineseOf = <K extends string>(table: { readonly [C in K]: Label }): { readonly [C in K]: string } =>
  Object.fromEntries(Object.entries<Label>(table).map(([code, [zh]]) => [code, zh])) as { readonly [C in K]: string }; // built from exactly the table's codes
