/**
 * The 信用档案 view (profile:read, with a purpose asked once per session): search by name prefix
 * or ID; the subject's directory data, every department's records, lists and commitments, the live
 * evaluation with its reasons (each linked to its record), a what-if, and the 信易+ incentives.
 * Masked fields stay as the gateway masks them; a department that does not answer is named.
 */
import { categoryLabel, PROFILE_DEPARTMENTS, type ProfileField } from "../../shared/departments.js";
import { type Answer, graphql, missingDepartments, session } from "./api.js";
import { DEPARTMENTS, DISTRICTS, GRADES, label, pick, t } from "./i18n.js";
import { PROFILE, SEARCH, WHAT_IF } from "./operations.js";
import { el, formatNumber } from "./ui.js";

interface RecordRow {
  id: string;
  category: string;
  severity: string;
  status: string;
  decidedOn: string;
  publicityEndsOn: string;
  amount: number | null;
  description: string;
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

const unavailable = (departments: string[]) =>
  el(
    "p",
    { class: "state error", role: "status", "data-missing": departments.join(",") },
    `${t("unavailable")}：${t("missingDept")} ${departments.map((d) => `${label(DEPARTMENTS, d)} (${d})`).join("、")}`,
  );

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

function recordTable(department: string, rows: RecordRow[]): HTMLElement {
  if (rows.length === 0) return el("p", { class: "state empty" }, t("none"));
  return el(
    "table",
    { "data-department": department },
    el("caption", { class: "sr-only" }, label(DEPARTMENTS, department)),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        ...[
          pick("模拟", "What-if"),
          pick("类别", "Category"),
          pick("严重程度", "Severity"),
          pick("状态", "Status"),
          pick("决定日期", "Decided"),
          pick("公示截止", "Publicity ends"),
          pick("金额（元）", "Amount (yuan)"),
          pick("事实", "Facts"),
        ].map((h) => el("th", { scope: "col" }, h)),
      ),
    ),
    el(
      "tbody",
      {},
      ...rows.map((r) => {
        const box = el("input", {
          type: "checkbox",
          class: "what-if",
          value: r.id,
          "aria-label": `${pick("模拟修复", "Treat as repaired")} ${r.category} ${r.decidedOn}`,
        });
        if (r.status !== "ACTIVE") box.setAttribute("disabled", "");
        return el(
          "tr",
          { id: `rec-${r.id}`, tabindex: "-1", "data-record": r.id },
          el("td", {}, box),
          el("td", { "data-code": r.category }, pick(categoryLabel(department, r.category, "zh"), categoryLabel(department, r.category, "en"))),
          el("td", {}, r.severity),
          el("td", {}, r.status),
          el("td", {}, r.decidedOn),
          el("td", {}, r.publicityEndsOn),
          el("td", {}, r.amount === null ? "—" : formatNumber(r.amount, 2)),
          el("td", {}, r.description),
        );
      }),
    ),
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
        `${t("incomplete")}${e.missingSources.map((d) => `${label(DEPARTMENTS, d)} (${d})`).join("、")}`,
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
  const result = el("p", { class: "what-if-result", "aria-live": "polite" });
  const button = el("button", { type: "button", id: "simulate" }, t("simulate"));
  button.addEventListener("click", async () => {
    const repair = [...document.querySelectorAll<HTMLInputElement>("input.what-if:checked")].map((b) => b.value);
    result.textContent = t("loading");
    const answer = await graphql<{ subject: { evaluationIf: { score: number | null; level: string | null; codeColor: string | null } | null } | null }>(
      WHAT_IF,
      { id: p.id, repair },
      { purpose: true },
    );
    const w = answer.data?.subject?.evaluationIf;
    const g = w?.level ?? w?.codeColor;
    result.textContent =
      w && g ? `${pick("修复后", "If repaired")}：${label(GRADES, g)}（${t("score")} ${w.score}）` : (answer.errors?.[0]?.message ?? t("unavailable"));
    result.setAttribute("data-grade", g ?? "");
  });
  section.append(el("p", {}, t("whatIf")), button, result);
  return section;
}

function render(main: HTMLElement, answer: Answer<{ subject: Profile | null }>): void {
  const p = answer.data?.subject;
  if (!p) {
    main.append(answer.errors?.length ? unavailable(missingDepartments(answer)) : el("p", { class: "state empty" }, t("empty")));
    return;
  }
  const down = missingDepartments(answer);
  const directory = el(
    "section",
    { class: "panel wide", "aria-labelledby": "h-dir" },
    el("h3", { id: "h-dir" }, t("directory")),
    el(
      "dl",
      { class: "pairs", "data-subject": p.id },
      ...[
        [pick("名称", "Name"), p.name],
        [pick("代码", "ID"), p.id],
        [pick("类型", "Kind"), p.kind === "PERSON" ? pick("个人", "Person") : pick("组织", "Organisation")],
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
                  { id: `rec-${e.id}`, tabindex: "-1" },
                  `${e.color === "RED" ? "🔴" : "⚫"} ${e.list} · ${e.authority} · ${e.listedOn}–${e.expiresOn ?? "…"} · ${e.status}`,
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
            ? p.commitments.map((c) => el("li", { id: `rec-${c.id}`, tabindex: "-1" }, `${c.matter} · ${c.committedOn} → ${c.dueOn} · ${c.fulfilment}`))
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
      el("ul", {}, ...eligible.map((e) => el("li", { "data-offer": e.offer.id }, `${e.offer.scenario} · ${pick(e.offer.name, e.offer.en)}`))),
    );
  }
  main.append(directory, records, lists, incentives);
  // The evaluation (its reasons link to the records above) reads first, under the directory data.
  directory.after(evaluationSection(p, down));
}

/** Renders the view; a search stays in the page (an ID never goes into the URL or the history). */
export async function renderProfile(main: HTMLElement, query?: string): Promise<void> {
  const onSearch = (q: string) => void renderProfile(main, q);
  main.replaceChildren(el("h2", { class: "view-title" }, t("profile")));
  if (!session.purpose) {
    main.append(purposeForm(() => void renderProfile(main, query)));
    return;
  }
  const input = el("input", { id: "q", name: "q", type: "search", value: query ?? "", autocomplete: "off" });
  const form = el("form", { class: "filters", role: "search" }, el("label", { for: "q" }, t("search")), input, el("button", { type: "submit" }, t("find")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (input.value.trim()) onSearch(input.value.trim());
  });
  main.append(form);
  if (!query) return;
  const status = el("p", { class: "state loading" }, t("loading"));
  main.append(status);
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
    main.append(found.errors?.length ? el("p", { class: "state error" }, found.errors[0].message) : el("p", { class: "state empty" }, t("empty")));
    return;
  }
  main.append(
    el("h3", {}, t("results")),
    el(
      "ul",
      { class: "results" },
      ...nodes.map((n) => {
        const open = el("button", { type: "button", class: "link", "data-result": n.id }, `${n.name} · ${label(DISTRICTS, n.district)}`);
        open.addEventListener("click", () => onSearch(n.id));
        return el("li", {}, open);
      }),
    ),
  );
}
