/**
 * A dashboard panel's exports, once it has drawn: its figures as CSV (a chart's categories by
 * series, from the chart itself; a panel of figures, each figure's raw value; a table, its cells)
 * and its chart as PNG (ECharts' own rendering, on white). A panel that failed exports nothing.
 */
import * as echarts from "echarts/core";
import { listAt, stringAt, valueAt } from "../../../shared/narrow.js";
import { pick } from "../i18n.js";
import { el } from "../ui.js";
import { csv } from "./csv.js";
import { saveFile } from "./forms.js";

type Rows = (string | number | null)[][];

/** A figure or name of a chart's option as a cell (the charts draw numbers named by strings, charts.ts). */
const cellOf = (value: unknown): string | number | null => (typeof value === "string" || typeof value === "number" ? value : null);

/** A chart's figures: pie slices by name, or categories by series (read from ECharts' option, whose series ECharts does not type). */
function chartRows(chart: echarts.ECharts): Rows {
  const option = chart.getOption();
  const series = listAt(option, "series");
  if (stringAt(series, 0, "type") === "pie")
    return [
      [pick("类别", "Category"), pick("数值", "Value")],
      ...listAt(series, 0, "data").map((d) => [cellOf(valueAt(d, "name")), cellOf(valueAt(d, "value"))]),
    ];
  const axis = valueAt(option, "xAxis", 0, "data") ?? valueAt(option, "yAxis", 0, "data");
  const categories = Array.isArray(axis) ? axis : [];
  return [
    [pick("类别", "Category"), ...series.map((s) => stringAt(s, "name") ?? "")],
    ...categories.map((c, i) => [cellOf(c), ...series.map((s) => cellOf(valueAt(s, "data", i)))]),
  ];
}

/** A panel's figures as rows: its chart's, else its [data-figure]s (raw values), else its table. */
function panelRows(root: HTMLElement): Rows {
  const box = root.querySelector<HTMLElement>(".chart");
  const chart = box ? echarts.getInstanceByDom(box) : undefined;
  if (chart) return chartRows(chart);
  const figures = [...root.querySelectorAll<HTMLElement>("[data-figure]")];
  if (figures.length)
    return [[pick("指标", "Figure"), pick("数值", "Value")], ...figures.map((f) => [f.getAttribute("data-figure"), Number(f.getAttribute("data-value"))])];
  const table = root.querySelector("table");
  if (table) return [...table.querySelectorAll("tr")].map((tr) => [...tr.children].map((c) => (c.textContent ?? "").trim()));
  return [...root.querySelectorAll(".panel-body li")].map((li) => [(li.textContent ?? "").trim()]);
}

/** Adds the panel's export buttons (CSV always, PNG where it draws a chart), unless it failed. */
export function addPanelExports(root: HTMLElement, title: string): void {
  if (root.querySelector(".panel-body .state")) return;
  const id = root.getAttribute("data-panel") ?? "panel";
  const stamp = new Date().toISOString().slice(0, 10);
  const toCsv = el(
    "button",
    { type: "button", class: "small secondary", "data-export": "csv", "aria-label": `${pick("导出 CSV", "Export CSV")}：${title}` },
    "CSV",
  );
  toCsv.addEventListener("click", () => saveFile(`${id}-${stamp}.csv`, csv(panelRows(root))));
  const tools = el("div", { class: "panel-exports" }, toCsv);
  const box = root.querySelector<HTMLElement>(".chart");
  const chart = box ? echarts.getInstanceByDom(box) : undefined;
  if (chart) {
    const toPng = el(
      "button",
      { type: "button", class: "small secondary", "data-export": "png", "aria-label": `${pick("导出 PNG 图片", "Export PNG")}：${title}` },
      "PNG",
    );
    toPng.addEventListener("click", () => {
      const url = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
      // Decoded here: the page's CSP (connect-src 'self') refuses fetching a data: URL.
      const bytes = Uint8Array.from(atob(url.slice(url.indexOf(",") + 1)), (c) => c.charCodeAt(0));
      saveFile(`${id}-${stamp}.png`, new Blob([bytes], { type: "image/png" }));
    });
    tools.append(toPng);
  }
  root.append(tools);
}
