/**
 * The embedded OpenID provider's demo staff accounts (development only: scripts/oidc-provider.ts
 * refuses to run in production). One per role; each account's scopes are what its access tokens
 * carry for the gateway (shared/scopes.ts), with the `subjects` claim for the applicant and the `self`
 * claim for the resident and the merchant (a subject signing in as itself).
 */
import type { Config } from "../shared/config.js";
import { deptScope, Scopes } from "../shared/scopes.js";

export interface DemoAccount {
  /** What is typed in the login page's 账号 field. */
  login: string;
  password: string;
  /** The token subject (`sub`). */
  sub: string;
  /** Shown by `npm start` and the README. */
  name: string;
  scopes: readonly string[];
  /** A subject or its agent: the subjects the token acts for (claim `subjects`). */
  subjects?: readonly string[];
  /** A subject itself (`self:read`, `self:write`): its canonical ID (claim `self`). */
  self?: string;
}

/** Who the self-service accounts are: a person with a registered 诚信码 and an organisation (a merchant). */
export interface SelfSubjects {
  resident?: string;
  merchant?: string;
}

/** The roles' logins, as tests and the README name them. */
export type DemoLogin = "analyst" | "tax" | "market" | "credit-office" | "dashboard" | "auditor" | "applicant" | "resident" | "merchant";

const account = (login: DemoLogin, name: string, scopes: string[], claims: { subjects?: readonly string[]; self?: string } = {}): DemoAccount => ({
  login,
  password: `${login}-demo`,
  sub: `demo-${login}`,
  name,
  scopes: Object.freeze(scopes),
  ...(claims.subjects ? { subjects: Object.freeze([...claims.subjects]) } : {}),
  ...(claims.self ? { self: claims.self } : {}),
});

/**
 * The demo accounts; the applicant acts for `applicantSubjects` (the firm `npm start` names as its
 * example subject, or XINYI_OIDC_APPLICANT_SUBJECTS). The auditor holds no `pii:read`: person IDs
 * stay masked for it, and a full person ID it names counts against XINYI_PERSON_IDS_PER_HOUR. The
 * resident and the merchant are subjects signing in as themselves (`self`, XINYI_OIDC_RESIDENT_SUBJECT
 * and XINYI_OIDC_MERCHANT_SUBJECT, else what `npm start` picks); each is left out when no subject is known.
 */
export function demoAccounts(applicantSubjects: readonly string[], self: SelfSubjects = {}): readonly DemoAccount[] {
  return Object.freeze([
    account("analyst", "分析员（市信用办）", [Scopes.PROFILE_READ, Scopes.PII_READ]),
    account("tax", "税务局工作人员", [deptScope("tax")]),
    account("market", "市场监管局工作人员", [deptScope("market")]),
    account("credit-office", "市信用办（专项信用报告）", [Scopes.REPORT_ISSUE, Scopes.PROFILE_READ]),
    account("dashboard", "大屏查看员", [Scopes.METRICS_READ]),
    account("auditor", "审计员", [Scopes.AUDIT_READ]),
    account("applicant", "信用修复申请人（企业经办人）", [Scopes.REPAIR_APPLY], { subjects: applicantSubjects }),
    ...(self.resident ? [account("resident", "居民（本人查询个人诚信码）", [Scopes.SELF_READ], { self: self.resident })] : []),
    ...(self.merchant ? [account("merchant", "商户（本企业信用，亮码设置）", [Scopes.SELF_READ, Scopes.SELF_WRITE], { self: self.merchant })] : []),
  ]);
}

/** The password of a demo login (the same in every data folder: these accounts are for demos and tests). */
export const demoPassword = (login: DemoLogin): string => `${login}-demo`;

/**
 * The issuer URL of the embedded provider for a configuration (what `npm start` sets
 * XINYI_OIDC_ISSUER to); here, not beside the provider, so the launcher need not load oidc-provider.
 */
export const embeddedIssuer = (config: Config): string =>
  `http://${config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host}:${config.oidcProvider.port}`;
