/**
 * The dashboard's notices panel (issue 28 item 5): 主动告知, 到期提醒 and 跟踪回访 notices by kind and
 * outcome, and repair applications that followed a 到期提醒 within 30 days — from DASHBOARD_CREDIT's
 * `all` alias (noticesByKind, repairsAfterReminder). dashboard-panels.ts lists it with the others.
 */
import type { Answer } from "./api.js";
import type { DashboardData } from "./dashboard-data.js";
import { pick } from "./i18n.js";
import { el, figure, formatNumber, type Panel } from "./ui.js";

/** Kinds of notice-rules.json; a kind not named here shows as its family. */
const KINDS: Record<string, [string, string]> = {
  PENALTY_RECORDED: ["处罚告知", "Penalty recorded"],
  GRADE_CHANGED: ["等级变化告知", "Grade changed"],
  REPAIR_POSSIBLE: ["可申请修复提醒", "Repair now possible"],
  PUBLICITY_ENDING: ["公示期届满提醒", "Publicity ending"],
  LIST_TERM_ENDING: ["名单期满提醒", "List term ending"],
  COMMITMENT_DUE: ["承诺到期提醒", "Commitment due"],
  REPAIR_FOLLOW_UP_30: ["修复后30日回访", "Follow-up at 30 days"],
  REPAIR_FOLLOW_UP_90: ["修复后90日回访", "Follow-up at 90 days"],
};
const OUTCOMES: [string, string, string][] = [
  ["DELIVERED", "已送达", "Delivered"],
  ["DEAD_LETTER", "发送失败", "Failed"],
  ["SKIPPED_NO_CONSENT", "未同意未发送", "No consent"],
  ["QUEUED", "待发送", "Queued"],
];

type Notices = { byKind: { kind: string; family: string; outcome: string; notices: number }[]; afterReminder: number };

const kindName = (kind: string, family: string) => (KINDS[kind] ? pick(...KINDS[kind]) : `${family}${pick("（其他）", " (other)")}`);

export const noticesPanel = () => ({
  id: "notices",
  title: pick("主动告知与到期提醒", "Notices and reminders"),
  definition: pick(
    "期间内（按生成日）为主体生成的告知、提醒和回访，按类别和发送结果；“提醒后修复”：期间内提交的信用修复申请中，申请日当天或之前30日内已向其送达同一记录到期提醒的件数。",
    "Notices, reminders and follow-ups queued in the period (by the day queued), by kind and delivery outcome; “repairs after a reminder”: repair applications filed in the period whose record's 到期提醒 was delivered on the day of the application or in the 30 days before.",
  ),
  query: "credit" as const,
  value: (a: Answer<DashboardData["credit"]>): Notices | undefined => {
    const c = a.data?.all;
    return c?.noticesByKind == null || c.repairsAfterReminder == null ? undefined : { byKind: c.noticesByKind, afterReminder: c.repairsAfterReminder };
  },
  render: (n: Notices, p: Panel) => {
    const kinds = [...new Map(n.byKind.map((k) => [k.kind, k.family])).entries()];
    const count = (kind: string, outcome: string) => n.byKind.find((k) => k.kind === kind && k.outcome === outcome)?.notices ?? 0;
    p.body.replaceChildren(
      figure("repairsAfterReminder", n.afterReminder),
      el("p", { class: "sub" }, pick("提醒后30日内申请修复", "Repairs applied for within 30 days of a reminder")),
      kinds.length === 0
        ? el("p", { class: "sub" }, pick("期间内无告知", "No notices in the period"))
        : el(
            "div",
            { class: "table-scroll" },
            el(
              "table",
              { class: "compact" },
              el("caption", { class: "sr-only" }, pick("告知按类别和结果", "Notices by kind and outcome")),
              el(
                "thead",
                {},
                el("tr", {}, el("th", { scope: "col" }, pick("类别", "Kind")), ...OUTCOMES.map(([, zh, en]) => el("th", { scope: "col" }, pick(zh, en)))),
              ),
              el(
                "tbody",
                {},
                ...kinds.map(([kind, family]) =>
                  el(
                    "tr",
                    {},
                    el("th", { scope: "row" }, kindName(kind, family)),
                    ...OUTCOMES.map(([outcome]) => el("td", { "data-kind": kind, "data-outcome": outcome }, formatNumber(count(kind, outcome)))),
                  ),
                ),
              ),
            ),
          ),
    );
  },
});
