/**
 * The repair applications waiting for a department (`repairQueue`, dept:<name>): by status, a page
 * at a time, each with its materials and history; approve or reject with a reason (1–500
 * characters), the API's refusal shown on the reason field in Chinese.
 */
import { categoryLabel } from "../../../shared/departments.js";
import { DEPARTMENTS, errorText, label, pick, t } from "../i18n.js";
import { beijingTime, el, errorNote, focusOn, formatNumber } from "../ui.js";
import { downloadMaterial, field, select, send, showProblems, viewTitle } from "./forms.js";
import { APPROVE_REPAIR, REJECT_REPAIR, REPAIR_QUEUE } from "./operations.js";

export interface Application {
  id: string;
  subjectId: string;
  department: string;
  recordId: string;
  category: string | null;
  appliedOn: string;
  decidedOn: string | null;
  status: string;
  reason: string | null;
  decisionReason: string | null;
  materials: { id: string; type: string; fileName: string; mimeType: string; sha256: string; size: number }[];
  history: { at: string; action: string; actor: string; status: string }[];
}

export const REPAIR_STATUSES: Record<string, [string, string]> = {
  PENDING: ["待审核", "Pending"],
  APPROVING: ["审核通过，办理中", "Being approved"],
  APPROVED: ["已通过", "Approved"],
  REJECTED: ["未通过", "Rejected"],
  REINSTATING: ["恢复中", "Being reinstated"],
  REINSTATED: ["已恢复（违反承诺）", "Reinstated"],
};

export const MATERIAL_TYPES: Record<string, [string, string]> = {
  FINE_RECEIPT: ["罚款缴纳凭证", "Fine receipt"],
  APPLICATION_FORM: ["信用修复申请书", "Application form"],
  COMMITMENT_LETTER: ["信用修复承诺书", "Commitment letter"],
  IDENTITY_PAPERS: ["身份证明材料", "Identity papers"],
  OTHER: ["其他材料", "Other"],
};

const ACTIONS: Record<string, [string, string]> = {
  APPLY: ["提交申请", "Applied"],
  DECIDE: ["作出决定", "Decided"],
  COMPLETE: ["部门办结", "Completed"],
  RELEASE: ["部门退回", "Released"],
  RETRY: ["重新办理", "Retried"],
  REINSTATE: ["恢复记录", "Reinstated"],
};

/** A material's file, fetched with the reviewer's token (GET /repair-materials/<id>) and saved; a refusal said beside it. */
function materialLink(m: Application["materials"][number]): HTMLElement {
  const link = el("button", { type: "button", class: "link", "data-material-id": m.id }, m.fileName);
  const note = el("span", { class: "state error", role: "status" });
  link.addEventListener("click", async () => {
    const code = await downloadMaterial(m.id, m.fileName);
    note.textContent = code ? ` ${errorText(code)}（${t("errorCode")} ${code}）` : "";
  });
  return el("span", {}, link, note);
}

/** An application's facts, materials (viewable by the reviewing department) and history (also the applicant's page). */
export function applicationDetails(a: Application, viewable = false): HTMLElement[] {
  const category = a.category ? pick(categoryLabel(a.department, a.category, "zh"), categoryLabel(a.department, a.category, "en")) : "—";
  return [
    el(
      "dl",
      { class: "pairs" },
      ...[
        [pick("申请编号", "Application"), a.id],
        [pick("主体", "Subject"), a.subjectId],
        [pick("记录", "Record"), `${label(DEPARTMENTS, a.department)} · ${category} · ${a.recordId}`],
        [pick("申请日期", "Applied"), a.appliedOn],
        [pick("状态", "Status"), label(REPAIR_STATUSES, a.status)],
        [pick("申请理由", "Reason"), a.reason ?? "—"],
        ...(a.decidedOn ? [[pick("决定", "Decision"), `${a.decidedOn} ${a.decisionReason ?? ""}`]] : []),
      ].flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]),
    ),
    el("h4", {}, pick("材料", "Materials")),
    el(
      "ul",
      { class: "materials" },
      ...(a.materials.length
        ? a.materials.map((m) =>
            el(
              "li",
              { "data-material": m.type },
              `${label(MATERIAL_TYPES, m.type)}：`,
              viewable ? materialLink(m) : m.fileName,
              `（${formatNumber(Math.ceil(m.size / 1024))} KB）`,
              el("small", { class: "sub hash" }, ` SHA-256 ${m.sha256.slice(0, 16)}…`),
            ),
          )
        : [el("li", {}, t("none"))]),
    ),
    el("h4", {}, pick("办理记录", "History")),
    el(
      "ol",
      { class: "history" },
      ...a.history.map((h) =>
        el("li", { "data-status": h.status }, `${beijingTime(h.at)} · ${label(ACTIONS, h.action)} · ${label(REPAIR_STATUSES, h.status)} · ${h.actor}`),
      ),
    ),
  ];
}

/** One application to decide: its details and, while pending, the decision form. */
function card(a: Application, onDecided: () => void): HTMLElement {
  const root = el("article", { class: "panel application", "data-application": a.id, "data-status": a.status, "aria-labelledby": `h-${a.id}` });
  root.append(el("h3", { id: `h-${a.id}` }, `${label(REPAIR_STATUSES, a.status)} · ${a.appliedOn} · ${a.subjectId}`), ...applicationDetails(a, true));
  if (a.status !== "PENDING") return root;
  const prefix = `d-${a.id}-`;
  const reason = el("textarea", { rows: "2", maxlength: "500" });
  const approve = el("button", { type: "submit", value: "approve", "data-decide": "approve" }, pick("通过", "Approve"));
  const reject = el("button", { type: "submit", value: "reject", "data-decide": "reject", class: "secondary" }, pick("不通过", "Reject"));
  const form = el(
    "form",
    { class: "stack", novalidate: "" },
    field(`${prefix}reason`, pick("审核理由（1–500 字）", "Reason (1–500 characters)"), reason),
    el("div", { class: "actions" }, approve, reject),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const which = event instanceof SubmitEvent && event.submitter === reject ? REJECT_REPAIR : APPROVE_REPAIR;
    if (!reason.value.trim()) return showProblems(form, prefix, [{ field: "reason", message: "must be 1–500 characters" }]);
    approve.disabled = reject.disabled = true;
    const outcome = await send<unknown>(which, { id: a.id, reason: reason.value.trim() });
    approve.disabled = reject.disabled = false;
    if (!outcome) return;
    if (!outcome.ok) return showProblems(form, prefix, outcome.problems, outcome.code);
    onDecided();
  });
  root.append(form);
  return root;
}

/** The view: a status filter, the applications a page at a time (cursor stack for going back). */
export async function renderRepairReview(main: HTMLElement, status = "PENDING", cursors: (string | null)[] = [null], notice?: string): Promise<void> {
  const choice = select(
    Object.keys(REPAIR_STATUSES).map((s) => [s, label(REPAIR_STATUSES, s)]),
    status,
    pick("全部", "All"),
  );
  choice.id = "rv-status";
  const filter = el(
    "form",
    { class: "filters", "aria-label": pick("筛选申请", "Filter applications") },
    el("label", { for: "rv-status" }, pick("申请状态", "Status")),
    choice,
    el("button", { type: "submit", id: "rv-apply" }, t("apply")),
  );
  filter.addEventListener("submit", (e) => {
    e.preventDefault();
    void renderRepairReview(main, choice.value);
  });
  const list = el("div", { class: "applications", "aria-live": "polite" });
  main.replaceChildren(
    viewTitle(pick("信用修复申请审核", "Repair applications")),
    filter,
    ...(notice ? [el("p", { class: "state ok", role: "status", id: "rv-notice" }, notice)] : []),
    list,
  );
  const outcome = await send<{ repairQueue: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; nodes: Application[] } }>(
    REPAIR_QUEUE,
    {
      status: status || undefined,
      first: 10,
      after: cursors[cursors.length - 1],
    },
  );
  if (!outcome) return;
  if (!outcome.ok) return void list.append(errorNote(outcome.code, [], "alert"));
  const { nodes, totalCount, pageInfo } = outcome.data.repairQueue;
  list.append(el("p", { class: "sub" }, pick(`共 ${totalCount} 件，第 ${cursors.length} 页`, `${totalCount} in all, page ${cursors.length}`)));
  if (nodes.length === 0) list.append(el("p", { class: "state empty" }, t("empty")));
  const decided = () => void renderRepairReview(main, status, cursors, pick("已办理。", "Done."));
  for (const a of nodes) list.append(card(a, decided));
  const pager = el("div", { class: "pager" });
  if (cursors.length > 1) {
    const prev = el("button", { type: "button", id: "rv-prev" }, pick("上一页", "Previous"));
    prev.addEventListener("click", () => void renderRepairReview(main, status, cursors.slice(0, -1)));
    pager.append(prev);
  }
  if (pageInfo.hasNextPage) {
    const next = el("button", { type: "button", id: "rv-next" }, pick("下一页", "Next"));
    next.addEventListener("click", () => void renderRepairReview(main, status, [...cursors, pageInfo.endCursor]));
    pager.append(next);
  }
  list.append(pager);
  if (notice) focusOn(main.querySelector<HTMLElement>("#rv-notice"));
}
