/**
 * The role pages as views of the app: which the token's scopes open (the gateway decides what is
 * allowed; the page only leaves out what would be refused), their titles, and how each renders.
 */
import { PROFILE_DEPARTMENTS } from "../../../shared/departments.js";
import { pick } from "../i18n.js";
import { renderApplicant } from "./applicant.js";
import { renderAudit } from "./audit.js";
import { renderDepartment } from "./department.js";
import { renderRepairReview } from "./repair-review.js";
import { renderReports } from "./reports.js";

export type RoleView = "records" | "review" | "reports" | "repair" | "audit";

/** The record department a token's `dept:<name>` opens (the first, when it names several). */
export const departmentOf = (scopes: string[]): string | undefined => PROFILE_DEPARTMENTS.find((d) => scopes.includes(`dept:${d.name}`))?.name;

/** The role views the scopes open, in the navigation's order. */
export function roleViews(scopes: string[]): RoleView[] {
  const admin = scopes.includes("admin");
  return [
    ...(departmentOf(scopes) ? (["records", "review"] as const) : []),
    ...(admin || scopes.includes("report:issue") ? (["reports"] as const) : []),
    ...(scopes.includes("repair:apply") ? (["repair"] as const) : []),
    ...(admin || scopes.includes("audit:read") ? (["audit"] as const) : []),
  ];
}

const TITLES: Record<RoleView, [string, string]> = {
  records: ["部门记录", "Records"],
  review: ["修复审核", "Repair review"],
  reports: ["信用报告", "Credit reports"],
  repair: ["信用修复申请", "Credit repair"],
  audit: ["审计日志", "Audit log"],
};

export const roleViewTitle = (view: RoleView): string => pick(...TITLES[view]);

/** Renders a role view into the page. */
export function renderRoleView(main: HTMLElement, view: RoleView, scopes: string[]): Promise<void> {
  switch (view) {
    case "records":
      return renderDepartment(main, departmentOf(scopes)!);
    case "review":
      return renderRepairReview(main);
    case "reports":
      return renderReports(main);
    case "repair":
      return renderApplicant(main);
    case "audit":
      return renderAudit(main);
  }
}
