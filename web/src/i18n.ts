/** UI text in Chinese (default) and English; data keeps the language it comes in. */
import { DEPARTMENTS as DEPARTMENT_LIST } from "../../shared/departments.js";
import type { DistrictKey } from "./districts.js";

export type Lang = "zh" | "en";

const TEXT = {
  title: ["信易+ 公共信用平台", "Xinyi+ public credit platform"],
  dashboard: ["信易+ 数据看板", "Programme dashboard"],
  profile: ["信用档案", "Credit profile"],
  signIn: ["登录", "Sign in"],
  signOut: ["退出", "Sign out"],
  token: ["访问令牌（Bearer token）", "Access token (bearer)"],
  tokenHelp: ["粘贴 npm start 打印的令牌；仅保存在本次浏览器会话中。", "Paste a token printed by npm start; kept for this browser session only."],
  badToken: ["令牌无效或已过期", "The token is invalid or expired"],
  noView: ["此令牌无权查看任何页面（需要 metrics:read 或 profile:read）。", "This token may see no page (needs metrics:read or profile:read)."],
  district: ["区县", "District"],
  allDistricts: ["全市", "Whole city"],
  from: ["起始日期", "From"],
  to: ["截止日期", "To"],
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
} as const;

export type TextKey = keyof typeof TEXT;

let lang: Lang = (sessionStorage.getItem("lang") as Lang | null) ?? "zh";

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
export const DEPARTMENTS: Record<string, [string, string]> = Object.fromEntries(DEPARTMENT_LIST.map((d) => [d.name, [d.zh, d.en]]));

export const LISTS: Record<string, [string, string]> = {
  DISHONEST_JUDGMENT_DEBTOR: ["失信被执行人", "Dishonest judgment debtors"],
  SERIOUS_DISHONESTY: ["严重失信主体", "Seriously dishonest"],
  MORAL_MODEL: ["道德模范", "Moral models"],
  LABOR_MODEL: ["劳动模范", "Labour models"],
  VOLUNTEER_5A: ["5A志愿者", "5A volunteers"],
  INTEGRITY_MODEL_ENTERPRISE: ["诚信示范企业", "Integrity model firms"],
};

export const GRADES: Record<string, [string, string]> = {
  EXCELLENT: ["优秀", "Excellent"],
  GOOD: ["良好", "Good"],
  FAIR: ["中等", "Fair"],
  POOR: ["较差", "Poor"],
  BLUE: ["蓝码", "Blue"],
  GREEN: ["绿码", "Green"],
  YELLOW: ["黄码", "Yellow"],
  RED: ["红码", "Red"],
};

export const label = (table: Record<string, [string, string]>, key: string): string => (table[key] ? pick(...table[key]) : key);
