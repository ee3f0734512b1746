/**
 * The audit log (`audit:read`): by subject, record, caller and time (the API's filters; days in
 * Beijing time), newest first a page at a time; each entry with the records it wrote, field by
 * field before and after; the entries shown exported as CSV.
 */
import { isRecord } from "../../../shared/narrow.js";
import { DEPARTMENTS, label, pick, t } from "../i18n.js";
import { beijingTime, el, focusOn, isDate } from "../ui.js";
import { columnLabel, readable, show, tableOf } from "./audit-tables.js";
import { csv } from "./csv.js";
import { dateInput, field, saveFile, send, showProblems, viewTitle } from "./forms.js";
import { AUDIT_LOG } from "./operations.js";

interface Change {
  department: string;
  recordId: string;
  subjectId: string;
  action: string;
  before: string | null;
  after: string;
}

interface Entry {
  id: string;
  at: string;
  caller: string;
  scopes: string[];
  purpose: string | null;
  actingFor: string | null;
  operationName: string | null;
  operationType: string;
  fields: string[];
  subjectIds: string[];
  outcome: string;
  errorCodes: string[];
  changes: Change[];
}

/** The API's filters, in the form's order. */
const FILTERS = ["subjectId", "recordId", "caller", "from", "to"] as const;
type Filter = Record<(typeof FILTERS)[number], string>;

const OUTCOMES: Record<string, [string, string]> = {
  STARTED: ["开始执行", "Started"],
  OK: ["成功", "OK"],
  PARTIAL: ["部分成功", "Partial"],
  ERROR: ["失败", "Error"],
  REFUSED: ["拒绝", "Refused"],
};

const ACTIONS: Record<string, [string, string]> = {
  RECORD: ["新增", "New"],
  CORRECT: ["更正", "Correct"],
  CLOSE: ["依法撤销", "Removal"],
  REPAIR: ["信用修复", "Repair"],
  RELEASE: ["释放办理", "Release"],
  RETRY: ["重试办理", "Retry"],
  REGISTER: ["登记", "Register"],
  REVOKE: ["注销", "Revoke"],
  REDEEM: ["使用优惠", "Redeem"],
  REVERSE: ["冲正", "Reverse"],
  NOTIFY: ["告知", "Notify"],
  REINSTATE: ["恢复公示", "Reinstate"],
  DELIST: ["移出名录", "Delist"],
  PAYMENT: ["缴款", "Payment"],
  APPLY: ["申请", "Apply"],
  DECIDE: ["决定", "Decide"],
  COMPLETE: ["办结", "Complete"],
};

const word = (table: Record<string, [string, string]>, code: string) => (table[code] ? pick(...table[code]) : code);
const parse = (json: string | null): Record<string, unknown> => {
  try {
    const row: unknown = json ? JSON.parse(json) : {};
    return isRecord(row) ? row : {};
  } catch {
    return {};
  }
};

/** A change's fields, before and after; a changed one marked. Every change's table has the same three columns, the same widths. */
function changeTable(c: Change): HTMLElement {
  const before = parse(c.before);
  const after = parse(c.after);
  const table = tableOf(c.before === null ? after : before);
  const all = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  // A correction or a repair: the fields it changed (the rest counted below); a new record: all of them.
  const keys = c.before === null ? all : all.filter((k) => show(before[k]) !== show(after[k]));
  return el(
    "table",
    { class: "compact changes", "data-change": c.recordId, "data-action": c.action },
    el(
      "caption",
      {},
      `${word(ACTIONS, c.action)} · ${label(DEPARTMENTS, c.department)} · ${table ? pick(...table.title) : pick("记录", "record")} ${c.recordId}`,
      ...(keys.length < all.length
        ? [el("span", { class: "sub" }, pick(`（其余 ${all.length - keys.length} 个字段未变）`, ` (${all.length - keys.length} fields unchanged)`))]
        : []),
    ),
    el("colgroup", {}, el("col", { class: "change-field" }), el("col", { class: "change-value" }), el("col", { class: "change-value" })),
    el("thead", {}, el("tr", {}, ...[pick("字段", "Field"), pick("修改前", "Before"), pick("修改后", "After")].map((h) => el("th", { scope: "col" }, h)))),
    el(
      "tbody",
      {},
      ...keys.map((k) => {
        const changed = show(before[k]) !== show(after[k]);
        return el(
          "tr",
          { "data-field": k, ...(changed ? { class: "changed" } : {}) },
          el("th", { scope: "row", title: k }, `${columnLabel(table, k)}${changed ? " *" : ""}`),
          el("td", { "data-before": show(before[k]) }, c.before === null ? "—" : readable(table, c.department, before, k)),
          el("td", { "data-after": show(after[k]) }, readable(table, c.department, after, k)),
        );
      }),
    ),
  );
}

function entryView(e: Entry): HTMLElement {
  return el(
    "article",
    { class: "panel audit-entry", "data-entry": e.id, "data-outcome": e.outcome },
    el("h3", {}, `${beijingTime(e.at)} · ${e.operationName ?? e.fields.join(", ")} · ${word(OUTCOMES, e.outcome)}`),
    el(
      "dl",
      { class: "pairs" },
      ...[
        [pick("调用方", "Caller"), `${e.caller}${e.actingFor ? `（${pick("代表", "for")} ${e.actingFor}）` : ""}`],
        [pick("权限", "Scopes"), e.scopes.join(" ")],
        [pick("事由", "Purpose"), e.purpose ?? "—"],
        [pick("操作", "Operation"), `${e.operationType} ${e.fields.join(", ")}`],
        [pick("涉及主体", "Subjects"), e.subjectIds.join("、") || "—"],
        ...(e.errorCodes.length ? [[t("errorCode"), e.errorCodes.join(" ")]] : []),
      ].flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]),
    ),
    ...e.changes.map(changeTable),
  );
}

/** The entries as CSV: one row per change (an entry without changes: one row). */
function exportCsv(entries: Entry[]): Blob {
  const head = [
    "id",
    "at",
    "caller",
    "actingFor",
    "purpose",
    "operation",
    "fields",
    "subjects",
    "outcome",
    "errorCodes",
    "department",
    "recordId",
    "action",
    "before",
    "after",
  ];
  const rows = entries.flatMap((e) => {
    const common = [
      e.id,
      e.at,
      e.caller,
      e.actingFor,
      e.purpose,
      e.operationName ?? e.operationType,
      e.fields.join(" "),
      e.subjectIds.join(" "),
      e.outcome,
      e.errorCodes.join(" "),
    ];
    return e.changes.length ? e.changes.map((c) => [...common, c.department, c.recordId, c.action, c.before, c.after]) : [[...common, "", "", "", "", ""]];
  });
  return csv([head, ...rows]);
}

/** The view: filters, the entries of the period a page at a time, CSV. */
export async function renderAudit(main: HTMLElement): Promise<void> {
  const inputs = {
    subjectId: el("input", { autocomplete: "off" }),
    recordId: el("input", { autocomplete: "off" }),
    caller: el("input", { autocomplete: "off" }),
    from: dateInput(),
    to: dateInput(),
  };
  const names: Record<keyof Filter, string> = {
    subjectId: pick("主体代码", "Subject"),
    recordId: pick("记录编号", "Record"),
    caller: pick("调用方", "Caller"),
    from: pick("起始日期", "From"),
    to: pick("截止日期", "To"),
  };
  const form = el(
    "form",
    { class: "filters audit-filters", novalidate: "", "aria-label": pick("筛选审计日志", "Filter the audit log") },
    ...FILTERS.map((k) => field(`au-${k}`, names[k], inputs[k])),
    el("button", { type: "submit", id: "au-apply" }, t("find")),
  );
  const exportButton = el("button", { type: "button", id: "au-csv", disabled: "" }, pick("导出 CSV", "Export CSV"));
  const more = el("button", { type: "button", id: "au-more", hidden: "" }, pick("加载更早的记录", "Load older entries"));
  const status = el("p", { class: "sub", role: "status", id: "au-status" });
  const list = el("div", { class: "audit-list" });
  const entries: Entry[] = [];
  let cursor: string | null = null;
  let filter: Filter | null = null;
  exportButton.addEventListener("click", () => saveFile(`审计日志-${new Date().toISOString().slice(0, 10)}.csv`, exportCsv(entries)));

  /** The next page of the filtered log (the API filters by subject, record, caller and Beijing day). */
  const load = async (first: boolean) => {
    if (!filter) return;
    more.hidden = true;
    status.textContent = t("loading");
    const outcome = await send<{ auditLog: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; nodes: Entry[] } }>(AUDIT_LOG, {
      subjectId: filter.subjectId || undefined,
      recordId: filter.recordId || undefined,
      caller: filter.caller || undefined,
      from: filter.from || undefined,
      to: filter.to || undefined,
      first: 20,
      after: cursor,
    });
    if (!outcome) return;
    if (!outcome.ok) {
      status.textContent = "";
      return showProblems(form, "au-", outcome.problems, outcome.code);
    }
    const page = outcome.data.auditLog;
    entries.push(...page.nodes);
    list.append(...page.nodes.map(entryView));
    cursor = page.pageInfo.endCursor;
    exportButton.disabled = entries.length === 0;
    if (!page.pageInfo.hasNextPage) {
      status.textContent = pick(`共 ${entries.length} 条`, `${entries.length} entries, all shown`);
      if (entries.length === 0) list.append(el("p", { class: "state empty" }, t("empty")));
      return;
    }
    status.textContent = pick(`已显示 ${entries.length} 条，共 ${page.totalCount} 条`, `${entries.length} of ${page.totalCount} shown; older entries follow`);
    more.hidden = false;
    if (!first) focusOn(list.querySelector<HTMLElement>(`[data-entry="${page.nodes[0]?.id}"]`));
  };
  more.addEventListener("click", () => void load(false));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const typed = (k: keyof Filter) => inputs[k].value.trim();
    const next: Filter = {
      subjectId: typed("subjectId"),
      recordId: typed("recordId"),
      caller: typed("caller"),
      from: typed("from"),
      to: typed("to"),
    };
    const problems = (["from", "to"] as const).filter((k) => next[k] && !isDate(next[k])).map((k) => ({ field: k, message: "must be a date" }));
    if (problems.length) return showProblems(form, "au-", problems);
    showProblems(form, "au-", []);
    filter = next;
    cursor = null;
    entries.length = 0;
    list.replaceChildren();
    void load(true).then(() => main.setAttribute("data-audit-ready", String(entries.length)));
  });
  main.replaceChildren(
    viewTitle(pick("审计日志", "Audit log")),
    form,
    el(
      "p",
      { class: "sub" },
      pick(
        "按主体、记录、调用方查询；日期按北京时间筛选。未持有 pii:read 时，按个人身份证号查询计入查询额度。",
        "By subject, record, caller; dates in Beijing time. Without pii:read, a lookup by a person's ID number counts against the lookup budget.",
      ),
    ),
    el("div", { class: "actions" }, exportButton),
    status,
    list,
    more,
  );
  // The newest entries at once; the filters narrow them.
  filter = { subjectId: "", recordId: "", caller: "", from: "", to: "" };
  await load(true);
  main.setAttribute("data-audit-ready", String(entries.length));
}
