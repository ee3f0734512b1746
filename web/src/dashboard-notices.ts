/**
 * The dashboard's notices panel (issue 28 item 5): 主动告知, 到期提醒 and 跟踪回访 notices by kind and
 * outcome, and repair applications that followed a 到期提醒 within 30 days — from DASHBOARD_CREDIT's
 * `all` alias (noticesByKind, repairsAfterReminder). dashboard-panels.ts lists it with the others.
 */
import type { Answer } from "./api.js";
import type { DashboardData } from "./dashboard-data.js";
import { NOTICE_KIND, NOTICE_OUTCOME } from "../../shared/labels.js";
import { label, pick } from "./i18n.js";
import { compactTable, el, figure, formatNumber, type Panel } from "./ui.js";

const OUTCOMES = Object.keys(NOTICE_OUTCOME);

type Notices = { byKind: { kind: string; family: string; outcome: string; notices: number }[]; afterReminder: number };

/** A kind the labels do not name yet shows as its family. */
const kindName = (kind: string, family: string) => (kind in NOTICE_KIND ? label(NOTICE_KIND, kind) : `${family}${pick("（其他）", " (other)")}`);

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
        : compactTable(
            pick("告知按类别和结果", "Notices by kind and outcome"),
            [pick("类别", "Kind"), ...OUTCOMES.map((outcome) => label(NOTICE_OUTCOME, outcome))],
            kinds.map(([kind, family]) => [
              [kindName(kind, family)],
              OUTCOMES.map((outcome) => el("td", { "data-kind": kind, "data-outcome": outcome }, formatNumber(count(kind, outcome)))),
            ]),
          ),
    );
  },
});
