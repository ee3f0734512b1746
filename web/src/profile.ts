/**
 * The 信用档案 view (profile:read, with a purpose asked once per session): search by name prefix
 * or ID; the subject's directory data, every department's records, lists and commitments, the live
 * evaluation with its reasons (each linked to its record), a what-if, and the 信易+ incentives.
 * Masked fields stay as the gateway masks them; a department that does not answer is named.
 */
import { categoryLabel, PROFILE_DEPARTMENTS, type ProfileField } from "../../shared/departments.js";
import type { RecordView } from "../../shared/record-view.js";
import { type Answer, errorCode, graphql, isUnauthenticated, missingDepartments, session } from "./api.js";
import {
  DEPARTMENTS,
  DISTRICTS,
  FULFILMENTS,
  GRADES,
  LIST_STATUSES,
  LISTS,
  label,
  pick,
  RECORD_STATUSES,
  SCENARIOS,
  SEVERITIES,
  SUBJECT_KINDS,
  t,
} from "./i18n.js";
import { PROFILE, SEARCH, WHAT_IF } from "./operations.js";
import { type Cell, cardTable, el, errorNote, focusOn, formatNumber, listMarker } from "./ui.js";

interface RecordRow extends RecordView {
  publicityEndsOn: string;
}

/** The subject's profile as PROFILE asks for it: each department's records under its `Subject` field. */
type Profile = { [F in ProfileField]: { records: RecordRow[] } | null } & {
  id: string;
  kind: string;
  name: string;
  district: string;
  phone: string | null;
  industry: string | null;
  registeredOn: string;
  listEntries:
    | { id: string; list: string; color: string; authority: string; reason: string; listedOn: string; expiresOn: string | null; status: string }[]
    | null;
  commitments: { id: string; matter: string; committedOn: string; dueOn: string; fulfilment: string; fulfilledOn: string | null }[] | null;
  evaluation: {
    score: number | null;
    level: string | null;
    codeColor: string | null;
    complete: boolean;
    missingSources: string[];
    policyVersion: string;
    dimensions: { name: string; zh: string; score: number; weight: number }[];
    reasons: { kind: string; department: string; recordId: string | null; points: number; zh: string; en: string }[];
  } | null;
  eligibleIncentives: { offer: { id: string; name: string; en: string; scenario: string }; status: string; missingDepartments: string[] }[] | null;
};

/** The departments that did not answer, by name (their codes small, for support). */
const unavailable = (departments: string[], code = "DOWNSTREAM_SERVICE_ERROR") => errorNote(code, departments);

/** What an answer's errors say, when there is no data: the departments that did not answer, or the first error's meaning. */
const answerError = (answer: Answer<unknown>) => errorNote(answer.errors?.[0]?.extensions?.code, missingDepartments(answer));

/** Marks what a search brought, for focus to move to. */
const fresh = (node: HTMLElement) => {
  node.setAttribute("data-new-content", "");
  return node;
};

function purposeForm(onDone: () => void): HTMLElement {
  const input = el("input", { id: "purpose", name: "purpose", required: "", maxlength: "200", autocomplete: "off" });
  const form = el("form", { class: "stack" }, el("label", { for: "purpose" }, t("purpose")), input, el("button", { type: "submit" }, pick("确定", "OK")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!input.value.trim()) return;
    session.purpose = input.value.trim();
    onDone();
  });
  return form;
}

/** A department's records: a table, shown as one card per record on a narrow screen (style.css, from each cell's data-label). */
function recordTable(department: string, rows: RecordRow[]): HTMLElement {
  if (rows.length === 0) return el("p", { class: "state empty" }, t("none"));
  const columns = [
    pick("模拟", "What-if"),
    pick("类别", "Category"),
    t("documentNo"),
    pick("严重程度", "Severity"),
    pick("状态", "Status"),
    pick("决定日期", "Decided"),
    pick("公示截止", "Publicity ends"),
    pick("金额（元）", "Amount (yuan)"),
    pick("事实", "Facts"),
  ];
  const category = (code: string) => pick(categoryLabel(department, code, "zh"), categoryLabel(department, code, "en"));
  return cardTable(
    { "data-department": department },
    label(DEPARTMENTS, department),
    columns,
    rows.map((r) => {
      const box = el("input", {
        type: "checkbox",
        class: "what-if",
        value: r.id,
        "aria-label": `${pick("模拟修复", "Treat as repaired")} ${category(r.category)} ${r.documentNo}`,
      });
      if (r.status !== "ACTIVE") box.setAttribute("disabled", "");
      const cells: Cell[] = [
        [box, { class: "what-if-cell" }],
        [category(r.category), { "data-code": r.category }],
        [r.documentNo, { class: "document-no", "data-document-no": r.documentNo }],
        [label(SEVERITIES, r.severity), { "data-code": r.severity }],
        [label(RECORD_STATUSES, r.status), { "data-code": r.status }],
        [r.decidedOn, { class: "date" }],
        // A listing still on the 经营异常名录 is public until removed (the rule sets' 9999-12-31).
        [r.publicityEndsOn === "9999-12-31" ? pick("至移出", "until removed") : r.publicityEndsOn, { class: "date" }],
        [r.amount === null ? "—" : formatNumber(r.amount, 2), { class: "amount" }],
        [r.description, { class: "facts" }],
      ];
      return [{ id: `rec-${r.id}`, tabindex: "-1", "data-record": r.id }, cells];
    }),
  );
}

function evaluationSection(p: Profile, departmentsDown: string[]): HTMLElement {
  const e = p.evaluation;
  const section = el("section", { class: "panel wide", "aria-labelledby": "h-eval" }, el("h3", { id: "h-eval" }, t("evaluation")));
  if (!e) return section.appendChild(unavailable(departmentsDown.length ? departmentsDown : ["evaluation"])).parentElement!;
  const grade = e.level ?? e.codeColor;
  section.append(
    el(
      "p",
      { class: "grade", "data-grade": grade ?? "", "data-score": String(e.score ?? "") },
      grade ? `${p.kind === "PERSON" ? t("colour") : t("level")}：${label(GRADES, grade)}（${t("score")} ${e.score}）` : pick("无等级", "No grade"),
    ),
  );
  if (!e.complete)
    section.append(
      el(
        "p",
        { class: "state error", "data-missing": e.missingSources.join(",") },
        `${t("incomplete")}${e.missingSources.map((d) => label(DEPARTMENTS, d)).join("、")}`,
      ),
    );
  if (e.dimensions.length) {
    section.append(
      el("h4", {}, t("dimensions")),
      el(
        "ul",
        { class: "dims" },
        ...e.dimensions.map((d) => el("li", {}, `${pick(d.zh, d.name)}：${formatNumber(d.score, 1)}（${pick("权重", "weight")} ${d.weight}）`)),
      ),
    );
  }
  section.append(el("h4", {}, t("reasons")));
  const list = el("ol", { class: "reasons" });
  for (const r of e.reasons) {
    const text = `${pick(r.zh, r.en)}（${r.points > 0 ? "+" : ""}${r.points}）`;
    if (r.recordId && document.getElementById(`rec-${r.recordId}`) !== null) {
      const link = el("button", { type: "button", class: "link", "data-reason-record": r.recordId }, text);
      link.addEventListener("click", () => {
        const row = document.getElementById(`rec-${r.recordId}`);
        row?.scrollIntoView({ block: "center" });
        row?.focus();
      });
      list.append(el("li", { "data-reason": r.kind }, link));
    } else list.append(el("li", { "data-reason": r.kind, "data-reason-record": r.recordId ?? "" }, text));
  }
  section.append(list);
  const result = el("div", { class: "what-if-result", "aria-live": "polite" });
  const button = el("button", { type: "button", id: "simulate" }, t("simulate"));
  button.addEventListener("click", async () => {
    const repair = [...document.querySelectorAll<HTMLInputElement>("input.what-if:checked")].map((b) => b.value);
    result.replaceChildren(t("loading"));
    let answer: Answer<{ subject: { evaluationIf: { score: number | null; level: string | null; codeColor: string | null } | null } | null }>;
    try {
      answer = await graphql(WHAT_IF, { id: p.id, repair }, { purpose: true });
    } catch (error) {
      // A refused token brings the sign-in form (main.ts); anything else is said here.
      if (!isUnauthenticated(error)) result.replaceChildren(errorNote(errorCode(error)));
      return;
    }
    const w = answer.data?.subject?.evaluationIf;
    const g = w?.level ?? w?.codeColor;
    result.replaceChildren(w && g ? `${pick("修复后", "If repaired")}：${label(GRADES, g)}（${t("score")} ${w.score}）` : answerError(answer));
    result.setAttribute("data-grade", g ?? "");
  });
  section.append(el("p", {}, t("whatIf")), button, result);
  return section;
}

// One piece on purpose (~90 lines): the profile's sections in the order shown, each a few lines of DOM.
function render(main: HTMLElement, answer: Answer<{ subject: Profile | null }>): void {
  const p = answer.data?.subject;
  if (!p) {
    main.append(fresh(answer.errors?.length ? answerError(answer) : el("p", { class: "state empty" }, t("empty"))));
    return;
  }
  const down = missingDepartments(answer);
  const directory = el(
    "section",
    { class: "panel wide", "aria-labelledby": "h-dir" },
    el("h3", { id: "h-dir", "data-new-content": "" }, t("directory")),
    el(
      "dl",
      { class: "pairs", "data-subject": p.id },
      ...[
        [pick("名称", "Name"), p.name],
        [pick("代码", "ID"), p.id],
        [pick("类型", "Kind"), label(SUBJECT_KINDS, p.kind)],
        [t("district"), label(DISTRICTS, p.district)],
        [pick("电话", "Phone"), p.phone ?? "—"],
        [pick("行业", "Industry"), p.industry ?? "—"],
        [pick("登记日期", "Registered"), p.registeredOn],
      ].flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]),
    ),
  );
  const records = el("section", { class: "panel wide", "aria-labelledby": "h-rec" }, el("h3", { id: "h-rec" }, t("records")));
  for (const { name: department, profileField } of PROFILE_DEPARTMENTS) {
    const rows = p[profileField]?.records;
    records.append(el("h4", {}, label(DEPARTMENTS, department)), rows ? recordTable(department, rows) : unavailable([department]));
  }
  const lists = el(
    "section",
    { class: "panel wide", "aria-labelledby": "h-lists" },
    el("h3", { id: "h-lists" }, `${t("lists")} · ${t("commitments")}`),
    el("h4", {}, t("lists")),
    p.listEntries
      ? el(
          "ul",
          {},
          ...(p.listEntries.length
            ? p.listEntries.map((e) =>
                el(
                  "li",
                  { id: `rec-${e.id}`, tabindex: "-1", "data-list": e.list },
                  listMarker(e.color),
                  ` ${label(LISTS, e.list)} · ${e.authority} · ${e.listedOn} ${pick("至", "to")} ${e.expiresOn ?? t("openEnded")} · ${label(LIST_STATUSES, e.status)}`,
                ),
              )
            : [el("li", {}, t("none"))]),
        )
      : unavailable(["credit"]),
    el("h4", {}, t("commitments")),
    p.commitments
      ? el(
          "ul",
          {},
          ...(p.commitments.length
            ? p.commitments.map((c) =>
                el(
                  "li",
                  { id: `rec-${c.id}`, tabindex: "-1", "data-fulfilment": c.fulfilment },
                  `${c.matter} · ${pick("承诺于", "committed")} ${c.committedOn} · ${pick("到期", "due")} ${c.dueOn} · ${label(FULFILMENTS, c.fulfilment)}${c.fulfilledOn ? ` ${c.fulfilledOn}` : ""}`,
                ),
              )
            : [el("li", {}, t("none"))]),
        )
      : unavailable(["credit"]),
  );
  const incentives = el("section", { class: "panel wide", "aria-labelledby": "h-inc", "data-panel": "incentives" }, el("h3", { id: "h-inc" }, t("incentives")));
  if (!p.eligibleIncentives) incentives.append(unavailable(down.includes("incentives") ? ["incentives"] : down));
  else {
    const eligible = p.eligibleIncentives.filter((e) => e.status === "ELIGIBLE");
    incentives.append(
      el("p", {}, `${pick("可享受", "Eligible")} ${eligible.length} / ${p.eligibleIncentives.length}`),
      el(
        "ul",
        {},
        ...eligible.map((e) =>
          el(
            "li",
            { "data-offer": e.offer.id, "data-scenario": e.offer.scenario },
            `${label(SCENARIOS, e.offer.scenario)} · ${pick(e.offer.name, e.offer.en)}`,
          ),
        ),
      ),
    );
  }
  main.append(directory, records, lists, incentives);
  // The evaluation (its reasons link to the records above) reads first, under the directory data.
  directory.after(evaluationSection(p, down));
}

/**
 * A search or a result opened: the view rendered again, focus moved to what it brought (the results,
 * the subject, or the message); a refused token brings the sign-in form (main.ts), anything else is said.
 */
function search(main: HTMLElement, query: string): void {
  renderProfile(main, query)
    .then(() => focusOn(main.querySelector<HTMLElement>("[data-new-content]") ?? main.querySelector<HTMLElement>("#view-title")))
    .catch((error: unknown) => {
      if (isUnauthenticated(error)) return;
      main.querySelector(".state.loading")?.remove();
      const note = errorNote(errorCode(error), [], "alert");
      main.append(note);
      main.setAttribute("data-subject-ready", "none");
      focusOn(note);
    });
}

/** Renders the view; a search stays in the page (an ID never goes into the URL or the history). */
export async function renderProfile(main: HTMLElement, query?: string): Promise<void> {
  main.replaceChildren(el("h2", { class: "view-title", id: "view-title", tabindex: "-1" }, t("profile")));
  if (!session.purpose) {
    main.append(
      purposeForm(() => {
        void renderProfile(main, query);
        focusOn(main.querySelector<HTMLElement>("#q"));
      }),
    );
    return;
  }
  const input = el("input", { id: "q", name: "q", type: "search", value: query ?? "", autocomplete: "off" });
  const form = el(
    "form",
    { class: "filters", role: "search" },
    el("label", { for: "q" }, t("search")),
    input,
    el("button", { type: "submit", id: "find" }, t("find")),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (input.value.trim()) search(main, input.value.trim());
    else input.focus();
  });
  main.append(form);
  if (!query) return;
  const status = el("p", { class: "state loading", role: "status" }, t("loading"));
  main.append(status);
  // Focus waits on the loading line, not on <body>, while the answer comes.
  focusOn(status);
  if (/^[0-9A-Z]{18}$/i.test(query)) {
    const answer = await graphql<{ subject: Profile | null }>(PROFILE, { id: query.toUpperCase() }, { purpose: true });
    status.remove();
    render(main, answer);
    main.setAttribute("data-subject-ready", answer.data?.subject?.id ?? "none");
    return;
  }
  const found = await graphql<{ subjects: { nodes: { id: string; name: string; kind: string; district: string }[] } | null }>(
    SEARCH,
    { prefix: query },
    { purpose: true },
  );
  status.remove();
  const nodes = found.data?.subjects?.nodes ?? [];
  if (nodes.length === 0) {
    main.append(fresh(found.errors?.length ? answerError(found) : el("p", { class: "state empty" }, t("empty"))));
    return;
  }
  main.append(
    el("h3", { "data-new-content": "" }, `${t("results")}（${nodes.length}）`),
    el(
      "ul",
      { class: "results" },
      ...nodes.map((n) => {
        const open = el("button", { type: "button", class: "link", "data-result": n.id }, `${n.name} · ${label(DISTRICTS, n.district)}`);
        open.addEventListener("click", () => search(main, n.id));
        return el("li", {}, open);
      }),
    ),
  );
}
