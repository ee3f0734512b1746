/** ECharts, only the parts we draw (bar, line, pie on canvas), in the self-hosted CJK font. */
import { BarChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

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

/** A bar or line chart of some series over categories, in an element described for screen readers. */
export async function drawChart(
  element: HTMLElement,
  kind: "bar" | "line",
  categories: string[],
  series: Series[],
  options: { stacked?: boolean; horizontal?: boolean } = {},
): Promise<void> {
  await loadFont([...categories, ...series.map((s) => s.name)].join(""));
  const chart = echarts.init(element, undefined, { renderer: "canvas" });
  charts.add(chart);
  chart.setOption({
    textStyle: { fontFamily: FONT },
    animation: false,
    tooltip: { trigger: "axis" },
    legend: series.length > 1 ? { top: 0 } : undefined,
    grid: { left: options.horizontal ? 64 : 48, right: 16, top: series.length > 1 ? 36 : 12, bottom: options.horizontal ? 24 : 48 },
    [options.horizontal ? "yAxis" : "xAxis"]: {
      type: "category",
      data: categories,
      inverse: options.horizontal,
      axisLabel: { interval: 0, rotate: !options.horizontal && categories.length > 6 ? 40 : 0 },
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
