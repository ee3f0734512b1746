/**
 * The programme dashboard's panels as data, in the order shown: each its title, definition (shown
 * on hover and focus), the 2024 article's published figure where it gives one with its date and
 * scope (published-figures.ts; the panel's figure is ours counted the same way), the query it
 * reads, what it shows from that query's answer (nothing there: a department did not answer, and
 * the panel says so) and how it renders that.
 */
import { type Answer, errorCode, missingDepartments } from "./api.js";
import { drawChart, drawPie } from "./charts.js";
import { DISTRICT_KEYS } from "./districts.js";
import { DISTRICTS, GRADES, LISTS, label, pick, t } from "./i18n.js";
import type { Answers, DashboardData, Filter, QueryName, Snapshot } from "./dashboard-data.js";
import { noticesPanel } from "./dashboard-notices.js";
import { villagePanel } from "./dashboard-village.js";
import { publishedFigure, publishedLine } from "./published-figures.js";
import { beijingTime, compactTable, el, figure, formatNumber, listMarker, monthName, type Panel } from "./ui.js";

export type { Answers, DashboardData, Filter, QueryName } from "./dashboard-data.js";

/** What a panel may look up beyond its own figures. */
export interface View {
  filter: Filter;
  scenarioName(code: string): string;
  offerName(id: string): string;
}

interface PanelDefinition<Q extends QueryName, V> {
  id: string;
  title: string;
  definition: string;
  /** The published figure, where the article gives one. */
  published?: string;
  query: Q;
  /** What the panel shows; null or undefined when the departments it needs did not answer. */
  value(answer: Answer<DashboardData[Q]>, view: View): V | null | undefined;
  render(value: V, panel: Panel, view: View): void | Promise<void>;
}

/** A panel as the dashboard's loop sees it: it shows itself from the answers. */
export interface DashboardPanel {
  id: string;
  title: string;
  definition: string;
  published?: string;
  show(answers: Answers, panel: Panel, view: View): Promise<void>;
}

/** Fills a panel from an answer, or says which department (or what) failed. */
async function settle<T, V>(
  p: Panel,
  answer: Answer<T> | Error,
  select: (a: Answer<T>) => V | null | undefined,
  render: (value: V) => void | Promise<void>,
): Promise<void> {
  if (answer instanceof Error) {
    p.failed([], errorCode(answer));
    return;
  }
  const value = select(answer);
  if (value === null || value === undefined) {
    p.failed(missingDepartments(answer), answer.errors?.[0]?.extensions?.code);
    return;
  }
  try {
    await render(value);
  } catch (error) {
    console.error(error);
    p.failed([], "RENDER_FAILED");
  }
}

const define = <Q extends QueryName, V>(d: PanelDefinition<Q, V>): DashboardPanel => ({
  id: d.id,
  title: d.title,
  definition: d.definition,
  published: d.published,
  show: (answers, p, view) =>
    settle(
      p,
      answers[d.query],
      (a) => d.value(a, view),
      (value) => d.render(value, p, view),
    ),
});

const yuan = () => pick("元", " yuan");
const ledger = (a: Answer<DashboardData["ledger"]>) => a.data?.programmeMetrics;
const pairs = (...rows: [string, HTMLElement][]) => el("dl", { class: "pairs" }, ...rows.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));
const districtsOf = (filter: Filter) => (filter.district ? [filter.district] : DISTRICT_KEYS);
const LEVELS = ["EXCELLENT", "GOOD", "FAIR", "POOR"];
const LEVEL_COLOURS: Record<string, string> = { EXCELLENT: "#1b6e3a", GOOD: "#4caf50", FAIR: "#e0a100", POOR: "#c62828" };
const CODE_COLOURS: Record<string, string> = { BLUE: "#1f6fd1", GREEN: "#1b8a3a", YELLOW: "#d9a300", RED: "#c62828" };

/** The snapshot, or false when there is none yet (the panel is empty); null when the evaluation did not answer. */
/** The month keys (`YYYY-MM`) from one to another, both included. */
function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split("-").map(Number);
  for (let key = first; key <= last && months.length < 600; ) {
    months.push(key);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
    key = `${year}-${String(month).padStart(2, "0")}`;
  }
  return months;
}

/** Each year's reports, oldest first, with the article's year (zero when none) so the two stand side by side. */
const yearsWith = <Y extends { key: string; reports: number; domainCertificates: number }>(years: Y[], year: string | undefined) =>
  !year || years.some((y) => y.key === year) ? years : [...years, { key: year, reports: 0, domainCertificates: 0 }].sort((a, b) => a.key.localeCompare(b.key));

const snapshot = (a: Answer<DashboardData["snapshot"]>) => (a.errors?.length && !a.data?.evaluationSnapshot ? null : (a.data?.evaluationSnapshot ?? false));
const snapshotStamp = (s: Snapshot) => el("p", { class: "sub" }, `${t("snapshotAt")} ${beijingTime(s.finishedAt)} · ${t("policy")} ${s.policyVersion}`);
const snapshotRows = (s: Snapshot, filter: Filter) => s.distribution.filter((d) => !filter.district || d.district === filter.district);

/**
 * Evaluated when the dashboard renders: the texts follow the language chosen. Long, but a list,
 * not logic: each panel's value and render are its own short functions.
 */
export const dashboardPanels = (): DashboardPanel[] => [
  define({
    id: "codeUsers",
    title: pick("个人诚信码注册用户", "Integrity-code users"),
    definition: pick(
      "期末持有有效个人诚信码注册的人数（不含已注销，与文章“现有注册用户”同口径）；下方为期间内新注册（含已注销）。",
      "Persons holding a registration in force at the period's end (revoked ones not counted: the article's 现有注册用户); below, registrations made in the period, revoked ones included.",
    ),
    published: publishedLine("codeUsers"),
    query: "credit",
    value: (a) => {
      const c = a.data?.all;
      return c == null || c.registeredPersons == null ? undefined : { held: c.registeredPersons, registered: c.codeRegistrations ?? 0 };
    },
    render: (c, p) =>
      p.body.replaceChildren(
        figure("registeredPersons", c.held),
        el("p", { class: "sub" }, `${pick("期间内新注册（含已注销）", "Registered in the period (revoked included)")} ${formatNumber(c.registered)}`),
      ),
  }),
  define({
    id: "colours",
    title: pick("诚信码颜色分布", "Code colours"),
    definition: pick("最近一次全量评价快照中个人的诚信码颜色。", "Persons' code colours in the latest population snapshot."),
    query: "snapshot",
    value: snapshot,
    render: async (s, p, { filter }) => {
      if (!s) return p.empty();
      const rows = snapshotRows(s, filter);
      const colours = ["BLUE", "GREEN", "YELLOW", "RED"].map((g) => ({
        name: label(GRADES, g),
        value: rows.filter((r) => r.kind === "PERSON" && r.grade === g).reduce((n, r) => n + r.count, 0),
        color: CODE_COLOURS[g],
      }));
      const box = el("div", { class: "chart", role: "img", "aria-label": colours.map((c) => `${c.name} ${c.value}`).join("，") });
      p.body.replaceChildren(box, snapshotStamp(s));
      await drawPie(box, colours);
    },
  }),
  define({
    id: "beneficiaries",
    title: pick("普惠人数", "Beneficiaries"),
    definition: pick("期间内至少享受一次未被冲正的信易+优惠的主体数。", "Subjects with at least one unreversed benefit use in the period."),
    query: "ledger",
    value: ledger,
    render: (l, p) => p.body.replaceChildren(figure("beneficiaries", l.beneficiaries)),
  }),
  define({
    id: "benefitUses",
    title: pick("普惠人次", "Benefit uses"),
    definition: pick(
      "个人享受信易+优惠的次数，自2021年3月上线（或所选起始日）起，扣除冲正，与文章同口径；下方为全部主体（含组织）的次数。",
      "Persons' benefit uses since the 2021-03 launch (or the chosen start), reversals deducted, as the article counts; below, every subject's uses (organisations too).",
    ),
    published: publishedLine("benefitUses"),
    query: "ledger",
    value: ledger,
    render: (l, p) =>
      p.body.replaceChildren(
        figure("personBenefitUses", l.personBenefitUses),
        el("p", { class: "sub" }, `${pick("全部主体（含组织）", "All subjects")} ${formatNumber(l.benefitUses)}`),
      ),
  }),
  define({
    id: "amountWaived",
    title: pick("减免费用", "Amount waived"),
    definition: pick(
      "个人因折扣和优惠券减免的费用（元），自2021年3月上线起，不含免收的押金，与文章同口径；下方为全部主体的减免（含免押金）。",
      "Fees waived for persons by discounts and coupons since the 2021-03 launch, deposits not included, as the article counts; below, every subject's amount waived, deposits included.",
    ),
    published: publishedLine("amountWaived"),
    query: "ledger",
    value: ledger,
    render: (l, p) =>
      p.body.replaceChildren(
        figure("personFeesWaived", l.personFeesWaived, yuan(), 2),
        el(
          "p",
          { class: "sub" },
          `${pick("全部主体（含免押金）", "All subjects, deposits included")} ${formatNumber(l.amountWaived, 2)}${yuan()}，${pick("其中免押金", "of which deposits")} ${formatNumber(l.depositsWaived, 2)}${yuan()}`,
        ),
      ),
  }),
  define({
    id: "orgLevels",
    title: pick("组织公共信用等级（按区县）", "Organisations' levels by district"),
    definition: pick("最近一次全量评价快照：优秀、良好、中等、较差。", "Latest population snapshot: excellent, good, fair, poor."),
    query: "snapshot",
    value: snapshot,
    render: async (s, p, { filter }) => {
      if (!s) return p.empty();
      const rows = snapshotRows(s, filter);
      const shown = districtsOf(filter);
      const value = (d: string, g: string) =>
        rows.filter((r) => r.kind === "ORGANIZATION" && r.district === d && r.grade === g).reduce((n, r) => n + r.count, 0);
      const box = el("div", {
        class: "chart",
        role: "img",
        "aria-label": shown.map((d) => `${label(DISTRICTS, d)}: ${LEVELS.map((g) => `${label(GRADES, g)} ${value(d, g)}`).join(" ")}`).join("；"),
      });
      p.body.replaceChildren(box, snapshotStamp(s));
      await drawChart(
        box,
        "bar",
        shown.map((d) => label(DISTRICTS, d)),
        LEVELS.map((g) => ({ name: label(GRADES, g), values: shown.map((d) => value(d, g)), color: LEVEL_COLOURS[g] })),
        { stacked: true },
      );
    },
  }),
  define({
    id: "scenarios",
    title: pick("信易+场景使用次数", "Uses by scenario"),
    definition: pick("期间内各场景的优惠使用次数。", "Benefit uses in the period, by scenario."),
    query: "ledger",
    value: ledger,
    render: async (l, p, { scenarioName }) => {
      const box = el("div", { class: "chart tall", role: "img", "aria-label": l.byScenario.map((s) => `${scenarioName(s.key)} ${s.uses}`).join("，") });
      p.body.replaceChildren(box);
      await drawChart(
        box,
        "bar",
        l.byScenario.map((s) => scenarioName(s.key)),
        [{ name: pick("次数", "uses"), values: l.byScenario.map((s) => s.uses) }],
        { horizontal: true },
      );
    },
  }),
  define({
    id: "months",
    title: pick("信易+月度使用", "Uses by month"),
    definition: pick("每月优惠使用次数。", "Benefit uses per month."),
    query: "ledger",
    value: ledger,
    render: async (l, p) => {
      if (l.byMonth.length === 0) return p.empty();
      // Every month from the first to the last, a month without uses as 0 (the ledger lists only months with some).
      const uses = new Map(l.byMonth.map((m) => [m.key, m.uses]));
      const months = monthsBetween(l.byMonth[0].key, l.byMonth[l.byMonth.length - 1].key);
      const box = el("div", { class: "chart", role: "img", "aria-label": months.map((m) => `${monthName(m)} ${uses.get(m) ?? 0}`).join("，") });
      p.body.replaceChildren(box);
      await drawChart(box, "line", months, [{ name: pick("次数", "uses"), values: months.map((m) => uses.get(m) ?? 0) }], { months: true });
    },
  }),
  define({
    id: "topOffers",
    title: pick("热门优惠", "Top offers"),
    definition: pick("期间内使用次数最多的十项优惠。", "The ten offers used most in the period."),
    query: "ledger",
    value: ledger,
    render: (l, p, { offerName }) =>
      l.topOffers.length === 0
        ? p.empty()
        : p.body.replaceChildren(el("ol", { class: "top-offers" }, ...l.topOffers.map((o) => el("li", {}, `${offerName(o.key)} — ${formatNumber(o.uses)}`)))),
  }),
  define({
    id: "coupons",
    title: pick("信易行优惠券", "信易行 coupons"),
    definition: pick(
      "期间内发放张数、使用张数和使用面值（元）；目录中只有信易行的优惠。与文章对照请选 2021-03-01 至 2023-12-31。",
      "Coupons issued, used, and the value used (yuan) in the period (the catalogue's coupons are all 信易行's); to compare with the article choose 2021-03-01 to 2023-12-31.",
    ),
    published: publishedLine("coupons"),
    query: "ledger",
    value: ledger,
    render: (l, p) =>
      p.body.replaceChildren(
        pairs(
          [pick("发放", "Issued"), figure("couponsIssued", l.couponsIssued)],
          [pick("使用", "Used"), figure("couponsUsed", l.couponsUsed)],
          [pick("面值", "Value"), figure("couponValue", l.couponValue, yuan(), 2)],
        ),
      ),
  }),
  define({
    id: "loans",
    title: pick("信易贷", "信易贷 loans"),
    definition: pick("期间内发放的信用贷款笔数和金额（元）。", "Credit loans granted in the period and their amount (yuan)."),
    query: "ledger",
    value: ledger,
    render: (l, p) =>
      p.body.replaceChildren(
        pairs([pick("笔数", "Loans"), figure("loansGranted", l.loansGranted)], [pick("金额", "Amount"), figure("loanAmount", l.loanAmount, yuan(), 2)]),
      ),
  }),
  define({
    id: "repairs",
    title: pick("信用修复完成", "Credit repairs completed"),
    definition: pick(
      "期间内审核通过的市场主体（企业、个体工商户、农民专业合作社）信用修复数，与文章同口径；下方为全部主体。",
      "Repairs approved in the period for market subjects (enterprises, individual businesses, cooperatives), as the article counts; below, every subject's.",
    ),
    published: publishedLine("repairs"),
    query: "credit",
    value: (a) => {
      const c = a.data?.all;
      return c == null || c.marketSubjectRepairs == null ? undefined : { market: c.marketSubjectRepairs, all: c.creditRepairsCompleted ?? 0 };
    },
    render: (r, p) =>
      p.body.replaceChildren(figure("marketSubjectRepairs", r.market), el("p", { class: "sub" }, `${pick("全部主体", "All subjects")} ${formatNumber(r.all)}`)),
  }),
  define(noticesPanel()),
  define(villagePanel()),
  define({
    id: "reports",
    title: pick("专项信用报告", "Special credit reports"),
    definition: pick(
      "期间内出具的专项信用报告份数及其替代的无违法违规证明份数，按年列出（文章给的是2023年全年）；证明按文章口径计：每份报告按信用代证的领域数各替代一份。",
      "Reports issued in the period and the certificates of no violation they replaced, by year (the article gives 2023); certificates as the article counts them: one per 信用代证 domain per report.",
    ),
    published: publishedLine("reports"),
    query: "credit",
    value: (a) => {
      const c = a.data?.all;
      return c == null || c.reportsIssued == null ? undefined : c;
    },
    render: (c, p) =>
      p.body.replaceChildren(
        pairs(
          [pick("报告", "Reports"), figure("reportsIssued", c.reportsIssued ?? 0)],
          [pick("替代证明", "Certificates"), figure("domainCertificatesReplaced", c.domainCertificatesReplaced ?? 0)],
          ...yearsWith(c.reportsByYear ?? [], publishedFigure("reports")?.year).map((y): [string, HTMLElement] => [
            `${y.key}${pick("年", "")}`,
            el("span", { "data-year": y.key }, `${formatNumber(y.reports)} ${pick("份，替代", "reports, replacing")} ${formatNumber(y.domainCertificates)}`),
          ]),
        ),
        el(
          "p",
          { class: "sub" },
          pick(`每份报告按 ${c.certificatesPerReport} 个领域计（浙江省信用代证）`, `${c.certificatesPerReport} domains per report (Zhejiang 信用代证)`),
        ),
      ),
  }),
  define({
    id: "lists",
    title: pick("红黑名单（按名单和区县）", "Red and black lists by district"),
    definition: pick("期末有效的名单条目数。", "List entries in force at the end of the period."),
    query: "credit",
    value: (a, { filter }) => {
      const data = a.data;
      return data?.[`d_${districtsOf(filter)[0]}`]?.listEntries == null ? undefined : data;
    },
    render: (data, p, { filter }) => {
      const districts = districtsOf(filter);
      const lists = [...new Set(districts.flatMap((d) => (data[`d_${d}`]?.listEntries ?? []).map((e) => `${e.color}|${e.list}`)))].sort();
      if (lists.length === 0) return p.empty();
      const count = (d: string, key: string) => data[`d_${d}`]?.listEntries?.find((e) => `${e.color}|${e.list}` === key)?.entries ?? 0;
      p.body.replaceChildren(
        compactTable(
          pick("名单条目数", "List entries"),
          [pick("名单", "List"), ...districts.map((d) => label(DISTRICTS, d))],
          lists.map((key) => [
            [listMarker(key.split("|")[0], true), " ", label(LISTS, key.split("|")[1])],
            districts.map((d) => el("td", { "data-list": key.split("|")[1], "data-district": d }, String(count(d, key)))),
          ]),
        ),
      );
    },
  }),
];
