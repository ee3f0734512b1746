/**
 * The scopes of the platform and the `@requiresScopes` directives built from them. The gateway
 * enforces the directives (Federation 2.5); subgraphs read the caller's scopes for masking.
 *
 * | scope | grants |
 * |---|---|
 * | `profile:read` | a subject's records across departments (analysts) |
 * | `dept:<name>` | read and write that department's records |
 * | `pii:read` | unmasked person names, ID numbers and phone numbers |
 * | `ids:read` | persons' ID numbers (subject ids) unmasked, and nothing else of `pii:read`: a service's scope, offered to no identity provider |
 * | `eligibility:check` | partners: yes/no eligibility answers only, for the offers their token names (`offers` claim) |
 * | `incentive:redeem` | partners: record a benefit use (redemption) of their offers |
 * | `code:register` | the 个人诚信码 channel: register and revoke a person's code (consent) |
 * | `report:issue` | issue and re-read special credit reports (专项信用报告) of organisations |
 * | `repair:apply` | a subject or its agent (token claim `subjects`): apply for credit repair |
 * | `self:read` | a subject itself (token claim `self`, its canonical ID): its own profile, unmasked, and nothing of anyone else |
 * | `self:write` | a subject itself (claim `self`): change its own settings (a merchant opting its public code in or out) |
 * | `metrics:read` | aggregated programme metrics (dashboards) |
 * | `audit:read` | the audit log |
 * | `admin` | everything |
 *
 * A self scope opens only the subject the token's `self` claim names, whatever a directive admits
 * (gateway/src/self-access.ts): a field admitted only through `self:read`/`self:write` is either a
 * root field whose `id`/`subjectId` argument is that subject (`subject(id:)`, `creditReports(subjectId:)`,
 * a self:write mutation taking `subjectId`), or a field inside what such a root field returned; any
 * other is FORBIDDEN, and a response that touched another subject anyway is withheld.
 */
import type { Caller } from "./caller.js";
import { RECORD_DEPARTMENTS } from "./departments.js";

export const Scopes = {
  PROFILE_READ: "profile:read",
  PII_READ: "pii:read",
  ELIGIBILITY_CHECK: "eligibility:check",
  INCENTIVE_REDEEM: "incentive:redeem",
  CODE_REGISTER: "code:register",
  REPORT_ISSUE: "report:issue",
  REPAIR_APPLY: "repair:apply",
  SELF_READ: "self:read",
  SELF_WRITE: "self:write",
  METRICS_READ: "metrics:read",
  AUDIT_READ: "audit:read",
  ADMIN: "admin",
} as const;

/**
 * Persons' ID numbers unmasked (the gateway's ID masking), and nothing else `pii:read` unlocks:
 * names, phones, addresses, evidence stay masked, a name search finds no person (reviewer M1: the
 * population snapshot keys its grade history by subject id and needed no more). Not in `Scopes`,
 * so not in PLATFORM_SCOPES: no identity provider is offered it and the web app never asks for it;
 * a bearer token holds it only if minted with it on purpose (`npm run token -- --scopes ids:read`).
 */
export const IDS_READ = "ids:read";

/**
 * The platform's own services that may call the gateway (signed with the gateway secret, caller
 * `service:<name>`), with the only scopes the gateway grants each, whatever the request claims.
 */
export const SERVICE_SCOPES: Readonly<Record<string, readonly string[]>> = {
  // Partners' eligibility checks and redemptions read the live evaluation and the directory's district.
  incentives: [Scopes.PROFILE_READ],
  // Special credit reports: the credit office reads every department's records of an organisation.
  credit: [Scopes.PROFILE_READ],
  // The population snapshot (npm run evaluate) reads every subject's live evaluation, by its id unmasked: it keeps each subject's grade changes (grade-history.ts) for the grade notices.
  evaluation: [Scopes.PROFILE_READ, IDS_READ],
};

/** The read/write scope of one department. */
export const deptScope = (department: string): string => `dept:${department}`;

/** The gateway's API as an OAuth resource (RFC 8707 resource indicator): the web app asks its provider for tokens for it. */
export const GATEWAY_RESOURCE = "urn:xinyi:gateway";

/** Every scope a person's token may carry here: what an identity provider offers for the gateway's resource. */
export const PLATFORM_SCOPES: readonly string[] = Object.freeze([...Object.values(Scopes), ...RECORD_DEPARTMENTS.map(deptScope)]);

/** A `@requiresScopes` directive satisfied by any one of the given scopes (OR). */
export function requiresAnyScope(...scopes: string[]): string {
  return `@requiresScopes(scopes: [${scopes.map((s) => `["${s}"]`).join(", ")}])`;
}

/** Reading a department's records: analysts, that department, admins, and the subject itself (`self:read`, its own only). */
export const readRecordsOf = (department: string): string => requiresAnyScope(Scopes.PROFILE_READ, deptScope(department), Scopes.ADMIN, Scopes.SELF_READ);

/** Writing a department's records: that department and admins. */
export const writeRecordsOf = (department: string): string => requiresAnyScope(deptScope(department), Scopes.ADMIN);

/** The subject directory (names, districts): analysts, every department, admins, and the subject itself (`self:read`, its own only). */
export const READ_DIRECTORY = requiresAnyScope(Scopes.PROFILE_READ, ...RECORD_DEPARTMENTS.map(deptScope), Scopes.ADMIN, Scopes.SELF_READ);

/**
 * Reading what is computed from every department's records (the evaluation): analysts, admins, or
 * a caller holding every department's scope at once, or the subject itself (`self:read`). Composition checks that a `@requires` field
 * demands at least what the fields it requires demand (Federation 2.5 auth on @requires).
 */
export const READ_ALL_DEPARTMENTS = `@requiresScopes(scopes: [["${Scopes.PROFILE_READ}"], ["${Scopes.ADMIN}"], [${RECORD_DEPARTMENTS.map((d) => `"${deptScope(d)}"`).join(", ")}], ["${Scopes.SELF_READ}"]])`;

/**
 * Whether `scopes` meet a `@requiresScopes` list: any one inner list held in full (OR of ANDs),
 * or `admin`. No list: nothing required.
 */
export const satisfiesScopes = (required: readonly (readonly string[])[] | undefined, scopes: readonly string[]): boolean =>
  !required || scopes.includes(Scopes.ADMIN) || required.some((all) => all.every((s) => scopes.includes(s)));

/** Whether the caller may see unmasked personal data. */
export const canReadPii = (caller: Caller): boolean => caller.scopes.includes(Scopes.PII_READ) || caller.scopes.includes(Scopes.ADMIN);

/** Whether the caller may see persons' ID numbers unmasked (and only those, with `ids:read` alone). */
export const canReadIds = (caller: Caller): boolean => canReadPii(caller) || caller.scopes.includes(IDS_READ);

/** The scopes that act as the subject itself: a token holding one must name that subject (claim `self`, jwt.ts). */
export const SELF_SCOPES: readonly string[] = Object.freeze([Scopes.SELF_READ, Scopes.SELF_WRITE]);

/**
 * Whether the caller may see a subject's personal data unmasked: `pii:read` (or `admin`) for anyone,
 * or the subject itself — a `self:read` token whose `self` claim names it (never a repair agent's
 * `subjects`, which acts for a firm). The one rule of the gateway's masking and the subgraphs'.
 */
export const mayReadUnmasked = (caller: Caller | undefined, subjectId: string | undefined): boolean =>
  caller !== undefined &&
  (canReadPii(caller) || (subjectId !== undefined && caller.self !== undefined && caller.self === subjectId && caller.scopes.includes(Scopes.SELF_READ)));
