/**
 * The programme dashboard (metrics:read): 个人诚信码, organisations' levels, 信易+ use, coupons,
 * loans, repairs, lists — each panel (dashboard-panels.ts) from the gateway, each beside the 2024
 * article's published figure where it gives one. A department that does not answer empties only
 * the panels that need it, which say so. The filter lives in the URL.
 */
import { type Answer, graphql } from "./api.js";
import { type Answers, type DashboardData, dashboardPanels, type Filter, type QueryName } from "./dashboard-panels.js";
import { DISTRICT_KEYS } from "./districts.js";
import { DISTRICTS, label, pick, t } from "./i18n.js";
import { DASHBOARD_CATALOGUE, DASHBOARD_CREDIT, DASHBOARD_LEDGER, DASHBOARD_SNAPSHOT } from "./operations.js";
import { el, panel } from "./ui.js";

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
};

interface Catalogue {
  incentiveCatalogue: { scenarios: { code: string; name: string; en: string }[]; offers: { id: string; name: string; en: string }[] };
}

function filterForm(filter: Filter, onApply: (f: Filter) => void): HTMLElement {
  const district = el("select", { id: "f-district", name: "district" }, el("option", { value: "" }, t("allDistricts")));
  for (const key of DISTRICT_KEYS) district.append(el("option", { value: key }, label(DISTRICTS, key)));
  district.value = filter.district ?? "";
  const from = el("input", { id: "f-from", name: "from", type: "date", value: filter.from ?? "" });
  const to = el("input", { id: "f-to", name: "to", type: "date", value: filter.to ?? "" });
  const form = el(
    "form",
    { class: "filters", "aria-label": pick("筛选", "Filter") },
    el("label", { for: "f-district" }, t("district")),
    district,
    el("label", { for: "f-from" }, t("from")),
    from,
    el("label", { for: "f-to" }, t("to")),
    to,
    el("button", { type: "submit" }, t("apply")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    onApply({ district: district.value || undefined, from: from.value || undefined, to: to.value || undefined });
  });
  return form;
}

/** Shows every panel loading, asks the queries at once, then fills each panel from its query's answer. */
export async function renderDashboard(main: HTMLElement, filter: Filter, onFilter: (f: Filter) => void): Promise<void> {
  const shown = dashboardPanels().map((definition) => ({
    definition,
    panel: panel(definition.id, definition.title, definition.definition, definition.published),
  }));
  main.replaceChildren(
    el("h2", { class: "view-title" }, t("dashboard")),
    filterForm(filter, onFilter),
    el("div", { class: "grid" }, ...shown.map((s) => s.panel.root)),
  );
  for (const { panel } of shown) panel.loading();

  const safe = <T>(promise: Promise<Answer<T>>) => promise.catch((e: Error) => e);
  const [ledger, credit, snapshot, catalogue] = await Promise.all([
    safe(QUERIES.ledger(filter)),
    safe(QUERIES.credit(filter)),
    safe(QUERIES.snapshot(filter)),
    safe(graphql<Catalogue>(DASHBOARD_CATALOGUE)),
  ]);
  const answers: Answers = { ledger, credit, snapshot };
  const names = catalogue instanceof Error ? undefined : catalogue.data?.incentiveCatalogue;
  const view = {
    filter,
    scenarioName: (code: string) => {
      const s = names?.scenarios.find((x) => x.code === code);
      return s ? pick(s.name, s.en) : code;
    },
    offerName: (id: string) => {
      const o = names?.offers.find((x) => x.id === id);
      return o ? pick(o.name, o.en) : id;
    },
  };
  // Not awaited: a panel whose chart is still drawing does not hold the others (nor the caller).
  for (const { definition, panel } of shown) void definition.show(answers, panel, view);
}
