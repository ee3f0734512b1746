/** UI text in Chinese (default) and English; data keeps the language it comes in. */
import { DEPARTMENTS as DEPARTMENT_LIST } from "../../shared/departments.js";
import {
  CODE_COLOR,
  COMMITMENT_FULFILMENT,
  CREDIT_LEVEL,
  CREDIT_LIST,
  type Label,
  LIST_COLOR,
  LIST_ENTRY_STATUS,
  RECORD_STATUS,
  SEVERITY,
  SUBJECT_KIND,
} from "../../shared/labels.js";
import { isOneOf } from "../../shared/narrow.js";
import type { DistrictKey } from "./districts.js";

const LANGS = ["zh", "en"] as const;
export type Lang = (typeof LANGS)[number];

const TEXT = {
  title: ["信易+ 公共信用平台", "Xinyi+ public credit platform"],
  dashboard: ["信易+ 数据看板", "Programme dashboard"],
  profile: ["信用档案", "Credit profile"],
  signIn: ["登录", "Sign in"],
  signOut: ["退出", "Sign out"],
  token: ["访问令牌（Bearer token）", "Access token (bearer)"],
  tokenHelp: ["粘贴 npm start 打印的令牌；仅保存在本次浏览器会话中。", "Paste a token printed by npm start; kept for this browser session only."],
  badToken: ["令牌无效或已过期，请重新登录。", "The token is invalid or expired: please sign in again."],
  sessionExpired: ["登录已过期，请重新登录。", "Your sign-in has expired: please sign in again."],
  errorCode: ["错误码", "Error code"],
  noView: [
    "此令牌无权查看任何页面（需要 metrics:read、profile:read、dept:<部门>、report:issue、repair:apply 或 audit:read 之一）。",
    "This token may see no page (needs one of metrics:read, profile:read, dept:<department>, report:issue, repair:apply, audit:read).",
  ],
  district: ["区县", "District"],
  allDistricts: ["全市", "Whole city"],
  from: ["起始日期", "From"],
  to: ["截止日期", "To"],
  dateFormat: ["格式 YYYY-MM-DD，如 2026-01-31", "Format YYYY-MM-DD, e.g. 2026-01-31"],
  badDate: ["不是有效日期，请按 YYYY-MM-DD 填写，如 2026-01-31。", "is not a valid date: write it as YYYY-MM-DD, e.g. 2026-01-31."],
  badRange: ["截止日期早于起始日期。", "The end date is before the start date."],
  badDistrict: ["区县不在湖州市的区县之中，请从列表中选择。", "That district is not one of Huzhou's: choose one from the list."],
  filterInvalid: ["筛选条件有误，未查询：", "The filter is not valid, nothing was asked: "],
  apply: ["应用", "Apply"],
  loading: ["加载中…", "Loading…"],
  empty: ["暂无数据", "No data"],
  unavailable: ["暂不可用", "Unavailable"],
  missingDept: ["未响应的部门", "Department not answering"],
  reference: ["官方公布", "Published"],
  definition: ["口径", "Definition"],
  snapshotAt: ["快照时间", "Snapshot"],
  policy: ["评价政策版本", "Policy version"],
  purpose: ["查询事由（本次会话填写一次）", "Purpose of this lookup (asked once per session)"],
  search: ["按名称前缀或统一社会信用代码/身份证号查询", "Search by name prefix or USCC / ID number"],
  find: ["查询", "Search"],
  results: ["查询结果", "Results"],
  directory: ["主体信息", "Subject"],
  records: ["部门记录", "Department records"],
  lists: ["红黑名单", "Red and black lists"],
  commitments: ["信用承诺", "Credit commitments"],
  evaluation: ["公共信用评价", "Public credit evaluation"],
  reasons: ["评价理由", "Reasons"],
  dimensions: ["维度得分", "Dimensions"],
  whatIf: ["修复模拟：勾选记录后查看评价变化", "What-if: tick records to see the evaluation if they were repaired"],
  simulate: ["模拟修复", "Simulate repair"],
  incentives: ["可享受的信易+激励", "信易+ incentives"],
  incomplete: ["评价不完整，缺少部门：", "Incomplete evaluation; missing: "],
  level: ["等级", "Level"],
  colour: ["诚信码", "Code colour"],
  score: ["分数", "Score"],
  none: ["无", "None"],
  documentNo: ["决定书文号", "Decision No."],
  openEnded: ["长期", "open-ended"],
  beijingTime: ["北京时间", "Beijing time"],
} as const;

export type TextKey = keyof typeof TEXT;

const storedLang = sessionStorage.getItem("lang");
let lang: Lang = isOneOf(LANGS, storedLang) ? storedLang : "zh";

export const currentLang = (): Lang => lang;
export function setLang(next: Lang): void {
  lang = next;
  sessionStorage.setItem("lang", next);
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
}
export const t = (key: TextKey): string => TEXT[key][lang === "zh" ? 0 : 1];

/** A pair chosen by the current language. */
export const pick = (zh: string, en: string): string => (lang === "zh" ? zh : en);

export const DISTRICTS: Record<DistrictKey, [string, string]> = {
  WUXING: ["吴兴区", "Wuxing"],
  NANXUN: ["南浔区", "Nanxun"],
  DEQING: ["德清县", "Deqing"],
  CHANGXING: ["长兴县", "Changxing"],
  ANJI: ["安吉县", "Anji"],
};

/** Department titles: the department definitions' (shared/departments.ts). */
export const DEPARTMENTS: Labels = Object.fromEntries(DEPARTMENT_LIST.map((d) => [d.name, [d.zh, d.en] as const]));

/** A table of labels by code, [Chinese, English]. */
type Labels = Readonly<Record<string, Label>>;

/*
 * The value sets a person reads, one table each: shared/labels.ts, the same tables the server's
 * enums, reports and verify page use (the incentive scenarios below are the catalogue's, which the
 * dashboard reads from the catalogue when it answers). A code not listed shows as itself.
 */

/** CreditList. */
export const LISTS: Labels = CREDIT_LIST;

/** ListColor. */
export const LIST_COLORS: Labels = LIST_COLOR;

/** ListEntryStatus. */
export const LIST_STATUSES: Labels = LIST_ENTRY_STATUS;

/** CommitmentFulfilment. */
export const FULFILMENTS: Labels = COMMITMENT_FULFILMENT;

/** Severity (of a department record). */
export const SEVERITIES: Labels = SEVERITY;

/** RecordStatus (of a department record). */
export const RECORD_STATUSES: Labels = RECORD_STATUS;

/** SubjectKind. */
export const SUBJECT_KINDS: Labels = SUBJECT_KIND;

/** EligibilityStatus. */
export const ELIGIBILITY: Record<string, [string, string]> = {
  ELIGIBLE: ["可享受", "Eligible"],
  NOT_ELIGIBLE: ["不可享受", "Not eligible"],
  UNKNOWN: ["暂无法判断", "Cannot tell now"],
};

/** The incentive catalogue's scenarios (its names; the dashboard reads them from the catalogue when it answers). */
export const SCENARIOS: Record<string, [string, string]> = {
  PI: ["信易批", "Fast-track approvals"],
  DAI: ["信易贷", "Credit-based loans"],
  ZU: ["信易租", "Rental perks"],
  XING: ["信易行", "Travel and transport perks"],
  YOU: ["信易游", "Tourism perks"],
  YI: ["信易医", "Healthcare perks"],
  GOU: ["信易购", "Shopping perks"],
  ZHU: ["信易住", "Housing perks"],
  ZHAO: ["信易招", "Public-resource trading perks"],
  YUE: ["信易阅", "Library perks"],
  GUAN: ["信易管", "Lighter-touch supervision"],
  PING: ["信易评", "Priority in awards and honours"],
  OTHER: ["其他", "Other projects"],
};

/** CreditLevel and CodeColor. */
export const GRADES: Labels = { ...CREDIT_LEVEL, ...CODE_COLOR };

/**
 * What a person reads for an error code of the API (shared/errors.ts, gateway/src/errors.ts) or of
 * the page itself (NETWORK_ERROR); the code is shown beside it, small, for support.
 */
export const ERRORS: Record<string, [string, string]> = {
  BAD_USER_INPUT: ["查询条件有误，请检查后重试。", "Something in the request is not valid: check it and try again."],
  BAD_REQUEST: ["请求有误，请刷新页面后重试。", "The request was malformed: reload the page and try again."],
  NOT_FOUND: ["未找到该主体或记录。", "Not found."],
  FORBIDDEN: ["当前令牌无权查看此内容。", "This token may not see this."],
  UNAUTHORIZED: ["请先登录。", "Please sign in."],
  UNAUTHENTICATED: ["登录已过期或令牌无效，请重新登录。", "Your sign-in has expired or the token is not valid: please sign in again."],
  PURPOSE_REQUIRED: ["请先填写查询事由。", "State the purpose of the lookup first."],
  RATE_LIMITED: ["查询过于频繁，请稍后再试。", "Too many requests for now: try again later."],
  OPERATION_TOO_COMPLEX: ["查询过于复杂，未执行。", "The query is too complex."],
  OPERATION_TOO_COSTLY: ["查询过于复杂，未执行。", "The query is too costly."],
  TRUSTED_DOCUMENT_REQUIRED: ["页面版本已过期，请刷新页面。", "This page is out of date: reload it."],
  UNKNOWN_DOCUMENT: ["页面版本已过期，请刷新页面。", "This page is out of date: reload it."],
  DOWNSTREAM_SERVICE_ERROR: ["有部门暂未响应。", "A department did not answer."],
  AUDIT_UNAVAILABLE: ["审计日志暂不可用，为保护数据未返回结果，请稍后再试。", "The audit log is unavailable, so nothing was returned: try again later."],
  SERVICE_UNAVAILABLE: ["服务暂不可用，请稍后再试。", "The service is unavailable: try again later."],
  SHUTTING_DOWN: ["服务正在重启，请稍后再试。", "The service is restarting: try again shortly."],
  INTERNAL_SERVER_ERROR: ["服务出错，请稍后再试。", "Something went wrong on our side: try again later."],
  RENDER_FAILED: ["图表未能显示，请刷新页面。", "The chart could not be drawn: reload the page."],
  NETWORK_ERROR: ["无法连接服务器，请检查网络后重试。", "The server could not be reached: check the network and try again."],
  CONFLICT: [
    "与已有数据冲突（如文号重复、记录已关闭或已有待审申请）。",
    "This conflicts with stored data (a duplicate number, a closed record, an application pending).",
  ],
  REPAIR_TOO_EARLY: ["尚未到可申请信用修复的日期。", "Too early to apply for repair."],
  REPAIR_NOT_ALLOWED: ["此记录不可提前修复。", "This record cannot be repaired early."],
  REPAIR_CONDITION_UNMET: ["不满足提前停止公示的条件（须已履行处罚、消除影响、无再次处罚且未列入名录）。", "A condition for early repair is not met."],
  LISTING_NOT_REPAIRABLE: ["经营异常名录不通过信用修复移出，请向市场监管部门申请移出。", "A listing is removed by the market department, not repaired."],
  PAYLOAD_TOO_LARGE: ["提交的内容过大（材料文件过大）。", "What was sent is too large."],
};

/** The text of an error code, or a general one for a code not listed. */
export const errorText = (code: string | undefined): string =>
  code && ERRORS[code] ? label(ERRORS, code) : pick("请求未能完成，请稍后再试。", "The request did not complete: try again later.");

export const label = (table: Labels, key: string): string => (table[key] ? pick(...table[key]) : key);
