/** ECharts, only the parts we draw (bar, line, pie on canvas), in the self-hosted CJK font. */
import { BarChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { pick } from "./i18n.js";
import { monthName } from "./ui.js";

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export const FONT = '"Noto Sans SC", sans-serif';

/** Loads the font subsets the text needs before a canvas draws it (a canvas does not ask for them itself). */
export async function loadFont(text: string): Promise<void> {
  await document.fonts.load(`14px ${FONT}`, text).catch(() => undefined);
}

const charts = new Set<echarts.ECharts>();
window.addEventListener("resize", () => {
  for (const chart of charts) chart.resize();
});

export interface Series {
  name: string;
  values: number[];
  color?: string;
}

/** Roughly the width a month label takes (`12月` over `2026`), in px. */
const MONTH_LABEL_WIDTH = 44;

/**
 * A month axis (categories `YYYY-MM`, consecutive): every k-th month labelled so that labels never
 * overlap at the chart's width, as `3月`, with the year under the first label and where it changes.
 */
function monthAxis(months: string[], width: number) {
  const step = Math.max(1, Math.ceil(months.length / Math.max(2, Math.floor((width - 64) / MONTH_LABEL_WIDTH))));
  const year = (i: number) => months[i]?.slice(0, 4);
  return {
    interval: (index: number) => index % step === 0,
    hideOverlap: true,
    rotate: 0,
    formatter: (value: string, index: number) => {
      const month = Number(value.slice(5, 7));
      const name = pick(`${month}月`, new Date(Date.UTC(2000, month - 1, 1)).toLocaleString("en", { month: "short", timeZone: "UTC" }));
      return index === 0 || year(index) !== year(index - step) ? `${name}\n${value.slice(0, 4)}` : name;
    },
  };
}

/** A bar or line chart of some series over categories, in an element described for screen readers. */
export async function drawChart(
  element: HTMLElement,
  kind: "bar" | "line",
  categories: string[],
  series: Series[],
  options: { stacked?: boolean; horizontal?: boolean; months?: boolean } = {},
): Promise<void> {
  await loadFont([...categories, ...series.map((s) => s.name), "0123456789年月"].join(""));
  const chart = echarts.init(element, undefined, { renderer: "canvas" });
  charts.add(chart);
  const axisLabel = options.months
    ? monthAxis(categories, element.clientWidth)
    : { interval: 0, rotate: !options.horizontal && categories.length > 6 ? 40 : 0, hideOverlap: !options.horizontal };
  chart.setOption({
    textStyle: { fontFamily: FONT },
    animation: false,
    tooltip: options.months
      ? { trigger: "axis", formatter: (items: { name: string; value: number }[]) => `${monthName(items[0].name)}${pick("：", ": ")}${items[0].value}` }
      : { trigger: "axis" },
    legend: series.length > 1 ? { top: 0 } : undefined,
    grid: { left: options.horizontal ? 64 : 48, right: 16, top: series.length > 1 ? 36 : 12, bottom: options.horizontal ? 24 : 48 },
    [options.horizontal ? "yAxis" : "xAxis"]: {
      type: "category",
      data: categories,
      inverse: options.horizontal,
      boundaryGap: kind === "bar",
      axisLabel,
    },
    [options.horizontal ? "xAxis" : "yAxis"]: { type: "value", minInterval: 1 },
    series: series.map((s) => ({
      type: kind,
      name: s.name,
      data: s.values,
      stack: options.stacked ? "total" : undefined,
      itemStyle: s.color ? { color: s.color } : undefined,
    })),
  });
}

/** A pie chart of named counts. */
export async function drawPie(element: HTMLElement, slices: { name: string; value: number; color?: string }[]): Promise<void> {
  await loadFont(slices.map((s) => s.name).join(""));
  const chart = echarts.init(element, undefined, { renderer: "canvas" });
  charts.add(chart);
  chart.setOption({
    textStyle: { fontFamily: FONT },
    animation: false,
    tooltip: { trigger: "item" },
    series: [
      { type: "pie", radius: ["35%", "65%"], data: slices.map((s) => ({ name: s.name, value: s.value, itemStyle: s.color ? { color: s.color } : undefined })) },
    ],
  });
}

/** Frees the charts of a view being replaced. */
export function disposeCharts(): void {
  for (const chart of charts) chart.dispose();
  charts.clear();
}
