/**
 * A department's staff (`dept:<name>`): the subjects of the directory a page at a time (name or
 * code, district, kind) with this department's records (status filtered in the page), one subject
 * by its code; record a new decision, correct an active one, remove one on a legal basis — each
 * form showing the API's validation field by field in Chinese.
 */
import { categoryLabel, PROFILE_DEPARTMENTS, type ProfileField } from "../../../shared/departments.js";
import type { RecordView } from "../../../shared/record-view.js";
import { DEPARTMENTS, DISTRICTS, label, pick, RECORD_STATUSES, SEVERITIES, SUBJECT_KINDS, t } from "../i18n.js";
import { type Cell, cardTable, el, errorNote, focusOn, formatNumber, isDate } from "../ui.js";
import { clearProblems, dateInput, field, select, send, showProblems, viewTitle } from "./forms.js";
import { DEPARTMENT_DOCUMENTS } from "./operations.js";

export interface DeptRecord extends RecordView {
  subjectId: string;
  publicityEndsOn: string;
  closedOn: string | null;
  closureBasis: string | null;
}

/** The record departments' fields of a subject (`<profileField> { records { … } }`); null when one did not answer. */
type RecordFields = { [F in ProfileField]?: { records: DeptRecord[] } | null };

interface SubjectRow extends RecordFields {
  id: string;
  name: string;
  kind: string;
  district: string;
}

interface State {
  department: string;
  filter: { q: string; district: string; kind: string; status: string };
  cursors: (string | null)[];
}

const MARKET_CAUSES: [string, string][] = [
  ["FALSE_INFORMATION", "隐瞒真实情况、弄虚作假"],
  ["NO_ANNUAL_REPORT", "未按期公示年度报告"],
  ["NO_DISCLOSURE", "未按责令期限公示有关企业信息"],
  ["UNREACHABLE", "通过登记的住所或经营场所无法联系"],
];

const definitionOf = (department: string) => PROFILE_DEPARTMENTS.find((d) => d.name === department)!;
const categories = (department: string): [string, string][] =>
  Object.keys(definitionOf(department).records.categories.values).map((c) => [c, pick(categoryLabel(department, c, "zh"), categoryLabel(department, c, "en"))]);
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** The record form: a new record, or the corrections of one (only changed fields are sent). */
function recordForm(department: string, onDone: (subjectId: string, recordId: string) => void, current?: DeptRecord): HTMLElement {
  const p = current ? "c-" : "r-";
  const docs = DEPARTMENT_DOCUMENTS[department];
  const controls: Record<string, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement> = {
    ...(current ? {} : { subjectId: el("input", { autocomplete: "off", maxlength: "18" }), documentNo: el("input", { autocomplete: "off", maxlength: "64" }) }),
    category: select(categories(department), current?.category ?? "", current ? undefined : pick("请选择类别", "Choose a category")),
    severity: select(
      ["GENERAL", "SERIOUS"].map((s) => [s, label(SEVERITIES, s)]),
      current?.severity ?? "GENERAL",
    ),
    amount: el("input", { inputmode: "decimal", autocomplete: "off", value: current?.amount == null ? "" : String(current.amount) }),
    decidedOn: dateInput(current?.decidedOn ?? ""),
    description: el("textarea", { rows: "3", maxlength: "500" }),
    ...(department === "public-resources" ? { points: el("input", { inputmode: "numeric", autocomplete: "off" }) } : {}),
    ...(department === "market" ? { abnormalCause: select(MARKET_CAUSES, "", pick("（不适用）", "(none)")) } : {}),
  };
  if (current) controls.description.value = current.description;
  const simple = el("input", { type: "checkbox", id: `${p}simpleProcedure` });
  const names: Record<string, string> = {
    subjectId: pick("主体代码（统一社会信用代码或身份证号）", "Subject (USCC or ID number)"),
    documentNo: t("documentNo"),
    category: pick("类别", "Category"),
    severity: pick("严重程度", "Severity"),
    amount: pick("金额（元，可空）", "Amount (yuan, optional)"),
    decidedOn: pick("决定日期（YYYY-MM-DD）", "Decision date (YYYY-MM-DD)"),
    description: pick("事实描述", "Facts"),
    points: pick("记分（1–100）", "Points (1–100)"),
    abnormalCause: pick("列入经营异常名录事由", "Abnormal operations cause"),
  };
  const form = el(
    "form",
    { class: "stack record-form", novalidate: "", "data-form": current ? "correct" : "record" },
    el("h3", {}, current ? `${pick("更正记录", "Correct record")} ${current.documentNo}` : pick("新增记录", "New record")),
    ...Object.entries(controls).map(([name, control]) => field(`${p}${name}`, names[name], control)),
    ...(current
      ? []
      : [el("div", { class: "form-field check" }, simple, el("label", { for: `${p}simpleProcedure` }, pick("简易程序作出", "Simple procedure")))]),
    el("p", { id: `${p}simpleProcedure-error`, class: "field-error state error", hidden: "" }),
    el("button", { type: "submit", id: `${p}submit` }, current ? pick("保存更正", "Save correction") : pick("登记", "Record")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearProblems(form);
    const value = (name: string) => controls[name]?.value.trim() ?? "";
    const local: { field: string; message: string }[] = [];
    if (value("decidedOn") && !isDate(value("decidedOn"))) local.push({ field: "decidedOn", message: "must be a date YYYY-MM-DD" });
    const amount = value("amount") === "" ? null : Number(value("amount"));
    if (amount !== null && Number.isNaN(amount)) local.push({ field: "amount", message: "amount must be a number ≥ 0" });
    if (local.length) return showProblems(form, p, local);
    const input: Record<string, unknown> = {
      category: value("category"),
      severity: value("severity"),
      amount,
      decidedOn: value("decidedOn"),
      description: value("description"),
      ...(controls.points ? { points: value("points") === "" ? (current ? undefined : 0) : Number(value("points")) } : {}),
      ...(controls.abnormalCause ? { abnormalCause: value("abnormalCause") || null } : {}),
    };
    if (current) {
      // Only what changed: omitted fields stay as they are.
      const before: Record<string, unknown> = { ...current };
      for (const key of Object.keys(input)) if (input[key] === before[key] || input[key] === undefined) delete input[key];
    } else Object.assign(input, { subjectId: value("subjectId").toUpperCase(), documentNo: value("documentNo"), simpleProcedure: simple.checked });
    const button = form.querySelector("button")!;
    button.disabled = true;
    const outcome = current
      ? await send<Record<string, DeptRecord>>(docs.correct, { id: current.id, input })
      : await send<Record<string, DeptRecord>>(docs.record, { input });
    button.disabled = false;
    if (!outcome) return;
    if (!outcome.ok) return showProblems(form, p, outcome.problems, outcome.code);
    const saved = Object.values(outcome.data)[0];
    onDone(saved.subjectId, saved.id);
  });
  return form;
}

/** Removal on a legal basis (撤销): the basis and the date. */
function closeForm(department: string, record: DeptRecord, onDone: (subjectId: string, recordId: string) => void): HTMLElement {
  const basis = el("input", { autocomplete: "off", maxlength: "200" });
  const date = dateInput(today());
  const form = el(
    "form",
    { class: "stack", novalidate: "", "data-form": "close" },
    el("h3", {}, `${pick("依法撤销记录", "Remove on a legal basis")} ${record.documentNo}`),
    el(
      "p",
      { class: "sub" },
      pick("撤销不是信用修复：仅在法院判决或原决定被撤销时使用。", "A removal is not a repair: only for a court decision or a revoked decision."),
    ),
    field("x-legalBasis", pick("撤销依据", "Legal basis"), basis),
    field("x-closedOn", pick("撤销日期（YYYY-MM-DD）", "Removal date (YYYY-MM-DD)"), date),
    el("button", { type: "submit", id: "x-submit" }, pick("撤销", "Remove")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!isDate(date.value.trim())) return showProblems(form, "x-", [{ field: "closedOn", message: "must be a date YYYY-MM-DD" }]);
    const outcome = await send<Record<string, DeptRecord>>(DEPARTMENT_DOCUMENTS[department].close, {
      id: record.id,
      legalBasis: basis.value.trim(),
      closedOn: date.value.trim(),
    });
    if (!outcome) return;
    if (!outcome.ok) return showProblems(form, "x-", outcome.problems, outcome.code);
    onDone(record.subjectId, record.id);
  });
  return form;
}

/** A department's records of some subjects: a table (cards at narrow widths), each active one with its actions. */
function recordsTable(
  department: string,
  rows: { subject: SubjectRow; record: DeptRecord }[],
  act: (kind: "correct" | "close", r: DeptRecord) => void,
): HTMLElement {
  const columns = [
    pick("主体", "Subject"),
    pick("类别", "Category"),
    t("documentNo"),
    pick("严重程度", "Severity"),
    pick("状态", "Status"),
    pick("决定日期", "Decided"),
    pick("金额（元）", "Amount"),
    pick("事实", "Facts"),
    pick("操作", "Actions"),
  ];
  return cardTable(
    { "data-department": department },
    label(DEPARTMENTS, department),
    columns,
    rows.map(({ subject, record: r }) => {
      const actions = el("span", { class: "actions" });
      if (r.status === "ACTIVE") {
        for (const [kind, text] of [
          ["correct", pick("更正", "Correct")],
          ["close", pick("撤销", "Remove")],
        ] as const) {
          const b = el("button", { type: "button", class: "small", "data-action": kind, "aria-label": `${text} ${r.documentNo}` }, text);
          b.addEventListener("click", () => act(kind, r));
          actions.append(b);
        }
      }
      const cells: Cell[] = [
        [`${subject.name}（${subject.id}）`],
        [pick(categoryLabel(department, r.category, "zh"), categoryLabel(department, r.category, "en"))],
        [r.documentNo, { class: "document-no" }],
        [label(SEVERITIES, r.severity), { "data-code": r.severity }],
        [label(RECORD_STATUSES, r.status), { "data-status": r.status }],
        [r.decidedOn, { class: "date" }],
        [r.amount === null ? "—" : formatNumber(r.amount, 2), { class: "amount" }],
        [r.description, { class: "facts" }],
        [actions],
      ];
      return [{ "data-record": r.id, tabindex: "-1" }, cells];
    }),
  );
}

/** The view (dept:<name>): filter, the records, the record form; a subject opened after a write, its record in focus. */
export async function renderDepartment(main: HTMLElement, department: string, state?: State, opened?: { subjectId: string; recordId: string }): Promise<void> {
  const s: State = state ?? { department, filter: { q: "", district: "", kind: "", status: "" }, cursors: [null] };
  const docs = DEPARTMENT_DOCUMENTS[department];
  const profileField = definitionOf(department).profileField;
  const q = el("input", { type: "search", autocomplete: "off", value: s.filter.q });
  const district = select(
    Object.keys(DISTRICTS).map((d) => [d, label(DISTRICTS, d)]),
    s.filter.district,
    t("allDistricts"),
  );
  const kind = select(
    Object.keys(SUBJECT_KINDS).map((k) => [k, label(SUBJECT_KINDS, k)]),
    s.filter.kind,
    pick("全部主体", "All subjects"),
  );
  const status = select(
    Object.keys(RECORD_STATUSES).map((k) => [k, label(RECORD_STATUSES, k)]),
    s.filter.status,
    pick("全部状态", "All statuses"),
  );
  const filters = el(
    "form",
    { class: "filters", role: "search", "aria-label": pick("筛选记录", "Filter records") },
    ...(
      [
        ["d-q", pick("名称前缀或代码", "Name prefix or code"), q],
        ["d-district", t("district"), district],
        ["d-kind", pick("主体类型", "Kind"), kind],
        ["d-status", pick("记录状态", "Status"), status],
      ] satisfies [string, string, HTMLElement][]
    ).map(([id, text, control]) => {
      control.id = id;
      return el("span", { class: "field" }, el("label", { for: id }, text), control);
    }),
    el("button", { type: "submit", id: "d-apply" }, t("find")),
  );
  const list = el(
    "section",
    { class: "panel wide", "aria-labelledby": "h-dept-records", "aria-busy": "true" },
    el("h3", { id: "h-dept-records" }, t("records")),
  );
  const side = el(
    "section",
    { class: "panel wide", "aria-labelledby": "h-dept-form" },
    el("h3", { id: "h-dept-form", class: "sr-only" }, pick("登记与更正", "Record and correct")),
  );
  const reopen = (subjectId: string, recordId: string) =>
    void renderDepartment(main, department, { ...s, filter: { ...s.filter, q: subjectId } }, { subjectId, recordId });
  const act = (k: "correct" | "close", r: DeptRecord) => {
    side.replaceChildren(k === "correct" ? recordForm(department, reopen, r) : closeForm(department, r, reopen));
    focusOn(side.querySelector<HTMLElement>("input, select, textarea"));
  };
  side.append(recordForm(department, reopen));
  filters.addEventListener("submit", (e) => {
    e.preventDefault();
    void renderDepartment(main, department, {
      department,
      filter: { q: q.value.trim(), district: district.value, kind: kind.value, status: status.value },
      cursors: [null],
    });
  });
  main.replaceChildren(viewTitle(`${label(DEPARTMENTS, department)} · ${pick("部门记录", "Records")}`), filters, el("div", { class: "two-col" }, list, side));

  const byCode = /^[0-9A-Z]{18}$/i.test(s.filter.q);
  const page = byCode
    ? await send<{ subject: SubjectRow | null }>(docs.subject, { id: s.filter.q.toUpperCase() })
    : await send<{ subjects: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; nodes: SubjectRow[] } }>(docs.subjects, {
        first: 20,
        after: s.cursors[s.cursors.length - 1],
        filter: { namePrefix: s.filter.q || undefined, district: s.filter.district || undefined, kind: s.filter.kind || undefined },
      });
  list.removeAttribute("aria-busy");
  if (!page) return;
  if (!page.ok) {
    list.append(errorNote(page.code, page.code === "DOWNSTREAM_SERVICE_ERROR" ? [department] : [], "alert"));
    return;
  }
  const subjects = "subject" in page.data ? (page.data.subject ? [page.data.subject] : []) : page.data.subjects.nodes;
  const rows = subjects.flatMap((subject) =>
    (subject[profileField]?.records ?? []).filter((r) => !s.filter.status || r.status === s.filter.status).map((record) => ({ subject, record })),
  );
  const counted = "subjects" in page.data ? page.data.subjects : undefined;
  list.append(
    el(
      "p",
      { class: "sub", role: "status" },
      counted
        ? pick(
            `第 ${s.cursors.length} 页：本页 ${subjects.length} 个主体（共 ${formatNumber(counted.totalCount)} 个）中的记录 ${rows.length} 条`,
            `Page ${s.cursors.length}: ${rows.length} records of ${subjects.length} subjects (of ${counted.totalCount})`,
          )
        : subjects.length
          ? `${subjects[0].name}：${pick("记录", "records")} ${rows.length} ${pick("条", "")}`
          : t("empty"),
    ),
    rows.length ? recordsTable(department, rows, act) : el("p", { class: "state empty" }, t("none")),
  );
  if (counted) {
    const nav = el("div", { class: "pager" });
    if (s.cursors.length > 1) {
      const prev = el("button", { type: "button", id: "d-prev" }, pick("上一页", "Previous"));
      prev.addEventListener("click", () => void renderDepartment(main, department, { ...s, cursors: s.cursors.slice(0, -1) }));
      nav.append(prev);
    }
    if (counted.pageInfo.hasNextPage) {
      const next = el("button", { type: "button", id: "d-next" }, pick("下一页", "Next"));
      next.addEventListener("click", () => void renderDepartment(main, department, { ...s, cursors: [...s.cursors, counted.pageInfo.endCursor] }));
      nav.append(next);
    }
    list.append(nav);
  }
  if (opened) {
    const row = list.querySelector<HTMLElement>(`tr[data-record="${opened.recordId}"]`);
    row?.classList.add("just-saved");
    focusOn(row ?? list);
  }
}
