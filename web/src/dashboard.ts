/**
 * The programme dashboard (metrics:read): 个人诚信码, organisations' levels, 信易+ use, coupons,
 * loans, repairs, lists, 长兴's village archive — each panel (dashboard-panels.ts) from the gateway, each beside the 2024
 * article's published figure where it gives one. A department that does not answer empties only
 * the panels that need it, which say so. The filter lives in the URL.
 */
import { isOneOf } from "../../shared/narrow.js";
import { type Answer, graphql, isUnauthenticated } from "./api.js";
import { type Answers, type DashboardData, dashboardPanels, type Filter, type QueryName } from "./dashboard-panels.js";
import { DISTRICT_KEYS } from "./districts.js";
import { DISTRICTS, label, pick, SCENARIOS, t } from "./i18n.js";
import { addPanelExports } from "./pages/export.js";
import { DASHBOARD_CATALOGUE, DASHBOARD_CREDIT, DASHBOARD_LEDGER, DASHBOARD_SNAPSHOT, DASHBOARD_VILLAGE } from "./operations.js";
import { el, isDate, panel } from "./ui.js";

export type { Filter } from "./dashboard-panels.js";

/** DASHBOARD_CREDIT's variables: the filter for the city figures, and per district the filter with that district. */
function creditVariables(filter: Filter): Record<string, unknown> {
  const variables: Record<string, unknown> = { f: filter };
  for (const d of DISTRICT_KEYS) variables[d] = { ...filter, district: d };
  return variables;
}

/** The queries the panels read, by name, asked with the filter. */
const QUERIES: { [Q in QueryName]: (filter: Filter) => Promise<Answer<DashboardData[Q]>> } = {
  ledger: (filter) => graphql(DASHBOARD_LEDGER, { f: { district: filter.district, from: filter.from, to: filter.to } }),
  credit: (filter) => graphql(DASHBOARD_CREDIT, creditVariables(filter)),
  snapshot: () => graphql(DASHBOARD_SNAPSHOT),
  village: () => graphql(DASHBOARD_VILLAGE),
};

interface Catalogue {
  incentiveCatalogue: { scenarios: { code: string; name: string; en: string }[]; offers: { id: string; name: string; en: string }[] };
}

/** What is wrong with a filter (from the form or the URL), field by field; empty when it may be asked. */
export function filterProblems(filter: Filter): { field: "district" | "from" | "to"; message: string }[] {
  const problems: { field: "district" | "from" | "to"; message: string }[] = [];
  if (filter.district && !isOneOf(DISTRICT_KEYS, filter.district)) problems.push({ field: "district", message: t("badDistrict") });
  for (const field of ["from", "to"] as const) {
    const value = filter[field];
    if (value && !isDate(value)) problems.push({ field, message: `${t(field)}“${value}”${t("badDate")}` });
  }
  if (filter.from && filter.to && isDate(filter.from) && isDate(filter.to) && filter.from > filter.to) problems.push({ field: "to", message: t("badRange") });
  return problems;
}

/**
 * The filter: district, and dates typed as YYYY-MM-DD (text fields, not the browser's date picker,
 * whose format follows the browser's locale); checked here before anything is asked.
 */
function filterForm(
  filter: Filter,
  onApply: (f: Filter) => void,
): { form: HTMLElement; showProblems(problems: ReturnType<typeof filterProblems>, focus: boolean): void } {
  const district = el("select", { id: "f-district", name: "district" }, el("option", { value: "" }, t("allDistricts")));
  for (const key of DISTRICT_KEYS) district.append(el("option", { value: key }, label(DISTRICTS, key)));
  district.value = filter.district && isOneOf(DISTRICT_KEYS, filter.district) ? filter.district : "";
  const date = (id: string, name: string, value: string | undefined) =>
    el("input", {
      id,
      name,
      type: "text",
      inputmode: "numeric",
      pattern: "\\d{4}-\\d{2}-\\d{2}",
      maxlength: "10",
      size: "11",
      placeholder: "YYYY-MM-DD",
      autocomplete: "off",
      "aria-describedby": "f-date-format f-error",
      value: value ?? "",
    });
  const from = date("f-from", "from", filter.from);
  const to = date("f-to", "to", filter.to);
  const error = el("p", { id: "f-error", class: "state error filter-error", role: "alert" });
  error.hidden = true;
  const field = (input: HTMLElement, text: string) => el("span", { class: "field" }, el("label", { for: input.id }, text), input);
  const form = el(
    "form",
    { class: "filters", "aria-label": pick("筛选", "Filter"), novalidate: "" },
    field(district, t("district")),
    field(from, t("from")),
    field(to, t("to")),
    el("button", { type: "submit", id: "f-apply" }, t("apply")),
    el("p", { id: "f-date-format", class: "sub hint" }, t("dateFormat")),
    error,
  );
  const inputs = { district, from, to };
  const showProblems = (problems: ReturnType<typeof filterProblems>, focus: boolean) => {
    for (const input of Object.values(inputs)) input.removeAttribute("aria-invalid");
    for (const p of problems) inputs[p.field].setAttribute("aria-invalid", "true");
    error.hidden = problems.length === 0;
    error.textContent = problems.length ? `${t("filterInvalid")}${problems.map((p) => p.message).join(" ")}` : "";
    if (focus && problems.length) inputs[problems[0].field].focus();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = { district: district.value || undefined, from: from.value.trim() || undefined, to: to.value.trim() || undefined };
    const problems = filterProblems(next);
    showProblems(problems, true);
    if (problems.length === 0) onApply(next);
  });
  return { form, showProblems };
}

/** Shows every panel loading, asks the queries at once, then fills each panel from its query's answer. */
export async function renderDashboard(main: HTMLElement, filter: Filter, onFilter: (f: Filter) => void): Promise<void> {
  const form = filterForm(filter, onFilter);
  const title = el("h2", { class: "view-title", id: "view-title", tabindex: "-1" }, t("dashboard"));
  // A filter from the URL is checked like one typed: a wrong one is said in the page, and nothing is asked.
  const problems = filterProblems(filter);
  if (problems.length) {
    main.replaceChildren(title, form.form);
    form.showProblems(problems, false);
    return;
  }
  const shown = dashboardPanels().map((definition) => ({
    definition,
    panel: panel(definition.id, definition.title, definition.definition, definition.published),
  }));
  main.replaceChildren(title, form.form, el("div", { class: "grid" }, ...shown.map((s) => s.panel.root)));
  for (const { panel } of shown) panel.loading();

  const safe = <T>(promise: Promise<Answer<T>>) => promise.catch((e: Error) => e);
  const [ledger, credit, snapshot, village, catalogue] = await Promise.all([
    safe(QUERIES.ledger(filter)),
    safe(QUERIES.credit(filter)),
    safe(QUERIES.snapshot(filter)),
    safe(QUERIES.village(filter)),
    safe(graphql<Catalogue>(DASHBOARD_CATALOGUE)),
  ]);
  // A token refused (expired): one message, asking to sign in again, rather than one per panel.
  const refused = [ledger, credit, snapshot, village, catalogue].find(isUnauthenticated);
  if (refused) throw refused;
  const answers: Answers = { ledger, credit, snapshot, village };
  const names = catalogue instanceof Error ? undefined : catalogue.data?.incentiveCatalogue;
  const view = {
    filter,
    scenarioName: (code: string) => {
      const s = names?.scenarios.find((x) => x.code === code);
      return s ? pick(s.name, s.en) : label(SCENARIOS, code);
    },
    offerName: (id: string) => {
      const o = names?.offers.find((x) => x.id === id);
      return o ? pick(o.name, o.en) : id;
    },
  };
  // Not awaited: a panel whose chart is still drawing does not hold the others (nor the caller).
  for (const { definition, panel } of shown) void definition.show(answers, panel, view).then(() => addPanelExports(panel.root, definition.title));
}
