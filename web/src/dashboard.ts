/**
 * The programme dashboard (metrics:read): 个人诚信码, organisations' levels, 信易+ use, coupons,
 * loans, repairs, lists — each panel from the gateway, each beside the 2024 article's published
 * figure where it gives one (seed 003_3aeb2ca00b8dbf9f.txt). A department that does not answer
 * empties only the panels that need it, which say so. The filter lives in the URL.
 */
import { type Answer, graphql, missingDepartments } from "./api.js";
import { drawChart, drawPie } from "./charts.js";
import { DISTRICT_KEYS } from "./districts.js";
import { DISTRICTS, GRADES, LISTS, label, pick, t } from "./i18n.js";
import { DASHBOARD_CATALOGUE, DASHBOARD_CREDIT, DASHBOARD_LEDGER, DASHBOARD_SNAPSHOT } from "./operations.js";
import { el, figure, formatNumber, type Panel, panel } from "./ui.js";

export interface Filter {
  district?: string;
  from?: string;
  to?: string;
}

const LEVEL_COLOURS: Record<string, string> = { EXCELLENT: "#1b6e3a", GOOD: "#4caf50", FAIR: "#e0a100", POOR: "#c62828" };

/** DASHBOARD_CREDIT's variables: the filter for the city figures, and per district the filter with that district. */
function creditVariables(filter: Filter): Record<string, unknown> {
  const variables: Record<string, unknown> = { f: filter };
  for (const d of DISTRICT_KEYS) variables[d] = { ...filter, district: d };
  return variables;
}

interface Ledger {
  benefitUses: number;
  beneficiaries: number;
  amountWaived: number;
  depositsWaived: number;
  couponsIssued: number;
  couponsUsed: number;
  couponValue: number;
  loansGranted: number;
  loanAmount: number;
  byScenario: { key: string; uses: number; amount: number }[];
  byMonth: { key: string; uses: number; amount: number }[];
  topOffers: { key: string; uses: number; amount: number }[];
}

const yuan = () => pick("元", " yuan");

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

/** Fills a panel from an answer, or says which department (or what) failed. */
async function settle<T>(p: Panel, answer: Answer<T> | Error, pick: (a: Answer<T>) => unknown, render: () => void | Promise<void>): Promise<void> {
  if (answer instanceof Error) {
    p.failed([], answer.message);
    return;
  }
  const value = pick(answer);
  if (value === null || value === undefined) {
    p.failed(missingDepartments(answer), answer.errors?.[0]?.message);
    return;
  }
  try {
    await render();
  } catch (error) {
    p.failed([], (error as Error).message);
  }
}

export async function renderDashboard(main: HTMLElement, filter: Filter, onFilter: (f: Filter) => void): Promise<void> {
  const P = {
    codeUsers: panel(
      "codeUsers",
      pick("个人诚信码注册用户", "Integrity-code users"),
      pick(
        "期间内注册个人诚信码的人数（含已注销）；下方为当前有效注册。",
        "Persons who registered in the period (revoked ones included); below, registrations in force now.",
      ),
      pick("注册用户30余万人", "300,000+ registered users"),
    ),
    colours: panel(
      "colours",
      pick("诚信码颜色分布", "Code colours"),
      pick("最近一次全量评价快照中个人的诚信码颜色。", "Persons' code colours in the latest population snapshot."),
    ),
    beneficiaries: panel(
      "beneficiaries",
      pick("普惠人数", "Beneficiaries"),
      pick("期间内至少享受一次未被冲正的信易+优惠的主体数。", "Subjects with at least one unreversed benefit use in the period."),
    ),
    benefitUses: panel(
      "benefitUses",
      pick("普惠人次", "Benefit uses"),
      pick("期间内享受信易+优惠的次数（扣除冲正）。", "Benefit uses in the period, reversals deducted."),
      pick("普惠约5万余人次", "50,000+ uses"),
    ),
    amountWaived: panel(
      "amountWaived",
      pick("减免费用", "Amount waived"),
      pick("期间内折扣、优惠券和免押金减免的金额（元）。", "Discounts, coupons used and deposits waived in the period, in yuan."),
      pick("减免费用600万元", "6 million yuan"),
    ),
    orgLevels: panel(
      "orgLevels",
      pick("组织公共信用等级（按区县）", "Organisations' levels by district"),
      pick("最近一次全量评价快照：优秀、良好、中等、较差。", "Latest population snapshot: excellent, good, fair, poor."),
    ),
    scenarios: panel(
      "scenarios",
      pick("信易+场景使用次数", "Uses by scenario"),
      pick("期间内各场景的优惠使用次数。", "Benefit uses in the period, by scenario."),
    ),
    months: panel("months", pick("信易+月度使用", "Uses by month"), pick("每月优惠使用次数。", "Benefit uses per month.")),
    topOffers: panel("topOffers", pick("热门优惠", "Top offers"), pick("期间内使用次数最多的十项优惠。", "The ten offers used most in the period.")),
    coupons: panel(
      "coupons",
      pick("信易行优惠券", "信易行 coupons"),
      pick("发放张数、使用张数和使用面值（元）。", "Coupons issued, used, and the value used (yuan)."),
      pick("累计发放3.3万张，享受优惠15.61万元", "33,000 issued; 156,100 yuan"),
    ),
    loans: panel(
      "loans",
      pick("信易贷", "信易贷 loans"),
      pick("期间内发放的信用贷款笔数和金额（元）。", "Credit loans granted in the period and their amount (yuan)."),
    ),
    repairs: panel(
      "repairs",
      pick("信用修复完成", "Credit repairs completed"),
      pick("期间内审核通过的信用修复申请数。", "Repair applications approved in the period."),
      pick("完成信用修复7000余条", "7,000+ repairs"),
    ),
    reports: panel(
      "reports",
      pick("专项信用报告", "Special credit reports"),
      pick(
        "期间内出具的专项信用报告份数，及其替代的无违法违规证明份数（每份报告覆盖的部门数）。",
        "Reports issued in the period, and the certificates of no violation they replaced (one per department covered).",
      ),
      pick("400余份报告替代约1.6万份证明", "400+ reports replacing about 16,000 certificates"),
    ),
    lists: panel(
      "lists",
      pick("红黑名单（按名单和区县）", "Red and black lists by district"),
      pick("期末有效的名单条目数。", "List entries in force at the end of the period."),
    ),
  };
  main.replaceChildren(
    el("h2", { class: "view-title" }, t("dashboard")),
    filterForm(filter, onFilter),
    el("div", { class: "grid" }, ...Object.values(P).map((p) => p.root)),
  );
  for (const p of Object.values(P)) p.loading();

  const f = { district: filter.district, from: filter.from, to: filter.to };
  const safe = <T>(promise: Promise<Answer<T>>) => promise.catch((e: Error) => e);
  const [ledger, creditAnswer, snapshot, catalogue] = await Promise.all([
    safe(graphql<{ programmeMetrics: Ledger | null }>(DASHBOARD_LEDGER, { f })),
    safe(
      graphql<
        Record<
          string,
          {
            codeRegistrations: number | null;
            activeCodeRegistrations: number | null;
            creditRepairsCompleted: number | null;
            reportsIssued: number | null;
            certificatesReplaced: number | null;
            listEntries?: { list: string; color: string; entries: number }[] | null;
          } | null
        >
      >(DASHBOARD_CREDIT, creditVariables(filter)),
    ),
    safe(
      graphql<{
        evaluationSnapshot: {
          finishedAt: string;
          policyVersion: string;
          asOf: string;
          subjects: number;
          distribution: { kind: string; district: string; grade: string; count: number }[];
        } | null;
      }>(DASHBOARD_SNAPSHOT),
    ),
    safe(
      graphql<{ incentiveCatalogue: { scenarios: { code: string; name: string; en: string }[]; offers: { id: string; name: string; en: string }[] } }>(
        DASHBOARD_CATALOGUE,
      ),
    ),
  ]);
  const scenarioName = (code: string) => {
    const s = catalogue instanceof Error ? undefined : catalogue.data?.incentiveCatalogue.scenarios.find((x) => x.code === code);
    return s ? pick(s.name, s.en) : code;
  };
  const offerName = (id: string) => {
    const o = catalogue instanceof Error ? undefined : catalogue.data?.incentiveCatalogue.offers.find((x) => x.id === id);
    return o ? pick(o.name, o.en) : id;
  };

  const done: Promise<void>[] = [];
  const m = (a: Answer<{ programmeMetrics: Ledger | null }>) => a.data?.programmeMetrics;
  for (const [p, render] of [
    [P.beneficiaries, (l: Ledger) => P.beneficiaries.body.replaceChildren(figure("beneficiaries", l.beneficiaries))],
    [P.benefitUses, (l: Ledger) => P.benefitUses.body.replaceChildren(figure("benefitUses", l.benefitUses))],
    [
      P.amountWaived,
      (l: Ledger) =>
        P.amountWaived.body.replaceChildren(
          figure("amountWaived", l.amountWaived, yuan(), 2),
          el("p", { class: "sub" }, `${pick("其中免押金", "of which deposits")} ${formatNumber(l.depositsWaived, 2)}${yuan()}`),
        ),
    ],
    [
      P.coupons,
      (l: Ledger) =>
        P.coupons.body.replaceChildren(
          el(
            "dl",
            { class: "pairs" },
            el("dt", {}, pick("发放", "Issued")),
            el("dd", {}, figure("couponsIssued", l.couponsIssued)),
            el("dt", {}, pick("使用", "Used")),
            el("dd", {}, figure("couponsUsed", l.couponsUsed)),
            el("dt", {}, pick("面值", "Value")),
            el("dd", {}, figure("couponValue", l.couponValue, yuan(), 2)),
          ),
        ),
    ],
    [
      P.loans,
      (l: Ledger) =>
        P.loans.body.replaceChildren(
          el(
            "dl",
            { class: "pairs" },
            el("dt", {}, pick("笔数", "Loans")),
            el("dd", {}, figure("loansGranted", l.loansGranted)),
            el("dt", {}, pick("金额", "Amount")),
            el("dd", {}, figure("loanAmount", l.loanAmount, yuan(), 2)),
          ),
        ),
    ],
    [
      P.scenarios,
      async (l: Ledger) => {
        const box = el("div", { class: "chart tall", role: "img", "aria-label": l.byScenario.map((s) => `${scenarioName(s.key)} ${s.uses}`).join("，") });
        P.scenarios.body.replaceChildren(box);
        await drawChart(
          box,
          "bar",
          l.byScenario.map((s) => scenarioName(s.key)),
          [{ name: pick("次数", "uses"), values: l.byScenario.map((s) => s.uses) }],
          { horizontal: true },
        );
      },
    ],
    [
      P.months,
      async (l: Ledger) => {
        if (l.byMonth.length === 0) return P.months.empty();
        const box = el("div", { class: "chart", role: "img", "aria-label": l.byMonth.map((s) => `${s.key} ${s.uses}`).join("，") });
        P.months.body.replaceChildren(box);
        await drawChart(
          box,
          "line",
          l.byMonth.map((s) => s.key),
          [{ name: pick("次数", "uses"), values: l.byMonth.map((s) => s.uses) }],
        );
      },
    ],
    [
      P.topOffers,
      (l: Ledger) =>
        l.topOffers.length === 0
          ? P.topOffers.empty()
          : P.topOffers.body.replaceChildren(
              el("ol", { class: "top-offers" }, ...l.topOffers.map((o) => el("li", {}, `${offerName(o.key)} — ${formatNumber(o.uses)}`))),
            ),
    ],
  ] as [Panel, (l: Ledger) => void | Promise<void>][]) {
    done.push(settle(p, ledger, m, () => render(m(ledger as Answer<{ programmeMetrics: Ledger | null }>)!)));
  }

  type CreditAnswer = Exclude<typeof creditAnswer, Error>;
  const all = (a: CreditAnswer) => a.data?.all;
  done.push(
    settle(
      P.codeUsers,
      creditAnswer,
      (a) => all(a)?.codeRegistrations,
      () => {
        const c = all(creditAnswer as CreditAnswer)!;
        P.codeUsers.body.replaceChildren(
          figure("codeRegistrations", c.codeRegistrations!),
          el("p", { class: "sub" }, `${pick("当前有效", "In force now")} ${formatNumber(c.activeCodeRegistrations ?? 0)}`),
        );
      },
    ),
  );
  done.push(
    settle(
      P.repairs,
      creditAnswer,
      (a) => all(a)?.creditRepairsCompleted,
      () => P.repairs.body.replaceChildren(figure("creditRepairsCompleted", all(creditAnswer as CreditAnswer)!.creditRepairsCompleted!)),
    ),
  );
  done.push(
    settle(
      P.reports,
      creditAnswer,
      (a) => all(a)?.reportsIssued,
      () => {
        const c = all(creditAnswer as CreditAnswer)!;
        P.reports.body.replaceChildren(
          el(
            "dl",
            { class: "pairs" },
            el("dt", {}, pick("报告", "Reports")),
            el("dd", {}, figure("reportsIssued", c.reportsIssued!)),
            el("dt", {}, pick("替代证明", "Certificates")),
            el("dd", {}, figure("certificatesReplaced", c.certificatesReplaced ?? 0)),
          ),
        );
      },
    ),
  );
  const districts = filter.district ? [filter.district] : DISTRICT_KEYS;
  done.push(
    settle(
      P.lists,
      creditAnswer,
      (a) => a.data?.[`d_${districts[0]}`]?.listEntries,
      () => {
        const data = (creditAnswer as CreditAnswer).data!;
        const lists = [...new Set(districts.flatMap((d) => (data[`d_${d}`]?.listEntries ?? []).map((e) => `${e.color}|${e.list}`)))].sort();
        if (lists.length === 0) return P.lists.empty();
        const count = (d: string, key: string) => data[`d_${d}`]?.listEntries?.find((e) => `${e.color}|${e.list}` === key)?.entries ?? 0;
        P.lists.body.replaceChildren(
          el(
            "table",
            { class: "compact" },
            el("caption", { class: "sr-only" }, pick("名单条目数", "List entries")),
            el(
              "thead",
              {},
              el("tr", {}, el("th", { scope: "col" }, pick("名单", "List")), ...districts.map((d) => el("th", { scope: "col" }, label(DISTRICTS, d)))),
            ),
            el(
              "tbody",
              {},
              ...lists.map((key) =>
                el(
                  "tr",
                  {},
                  el("th", { scope: "row" }, `${key.startsWith("RED") ? pick("红", "red") : pick("黑", "black")} · ${label(LISTS, key.split("|")[1])}`),
                  ...districts.map((d) => el("td", { "data-list": key.split("|")[1], "data-district": d }, String(count(d, key)))),
                ),
              ),
            ),
          ),
        );
      },
    ),
  );

  type SnapshotAnswer = Exclude<typeof snapshot, Error>;
  const snap = (a: SnapshotAnswer) => a.data?.evaluationSnapshot;
  for (const p of [P.colours, P.orgLevels]) {
    done.push(
      settle(
        p,
        snapshot,
        (a) => (a.errors?.length && !snap(a) ? null : (snap(a) ?? false)),
        async () => {
          const s = snap(snapshot as SnapshotAnswer);
          if (!s) return p.empty();
          const rows = s.distribution.filter((d) => !filter.district || d.district === filter.district);
          const stamp = el("p", { class: "sub" }, `${t("snapshotAt")} ${s.finishedAt.slice(0, 16).replace("T", " ")} · ${t("policy")} ${s.policyVersion}`);
          if (p === P.colours) {
            const colours = ["BLUE", "GREEN", "YELLOW", "RED"].map((g) => ({
              name: label(GRADES, g),
              value: rows.filter((r) => r.kind === "PERSON" && r.grade === g).reduce((n, r) => n + r.count, 0),
              color: { BLUE: "#1f6fd1", GREEN: "#1b8a3a", YELLOW: "#d9a300", RED: "#c62828" }[g],
            }));
            const box = el("div", { class: "chart", role: "img", "aria-label": colours.map((c) => `${c.name} ${c.value}`).join("，") });
            p.body.replaceChildren(box, stamp);
            await drawPie(box, colours);
          } else {
            const shown = filter.district ? [filter.district] : DISTRICT_KEYS;
            const levels = ["EXCELLENT", "GOOD", "FAIR", "POOR"];
            const value = (d: string, g: string) =>
              rows.filter((r) => r.kind === "ORGANIZATION" && r.district === d && r.grade === g).reduce((n, r) => n + r.count, 0);
            const box = el("div", {
              class: "chart",
              role: "img",
              "aria-label": shown.map((d) => `${label(DISTRICTS, d)}: ${levels.map((g) => `${label(GRADES, g)} ${value(d, g)}`).join(" ")}`).join("；"),
            });
            p.body.replaceChildren(box, stamp);
            await drawChart(
              box,
              "bar",
              shown.map((d) => label(DISTRICTS, d)),
              levels.map((g) => ({ name: label(GRADES, g), values: shown.map((d) => value(d, g)), color: LEVEL_COLOURS[g] })),
              { stacked: true },
            );
          }
        },
      ),
    );
  }
}
