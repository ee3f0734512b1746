/**
 * The dashboard's village panel (issue 29, Build item 3): 长兴's 一户一档一码 household archives, their
 * 文明诚信码 colours by township and the 文明诚信积分 points by rule category — from DASHBOARD_VILLAGE
 * (villageFigures, which `metrics:read` may read). Township names come from the data; the colours
 * and categories are shared/labels.ts's. dashboard-panels.ts lists it with the others.
 */
import { CODE_COLOR, VILLAGE_RULE_CATEGORY } from "../../shared/labels.js";
import type { Answer } from "./api.js";
import type { DashboardData, VillageFigures } from "./dashboard-data.js";
import { label, pick } from "./i18n.js";
import { compactTable, el, figure, formatNumber, type Panel } from "./ui.js";

const COLOURS = Object.keys(CODE_COLOR);

export const villagePanel = () => ({
  id: "village",
  title: pick("长兴文明诚信档案", "长兴 village credit archives"),
  definition: pick(
    "长兴县村居“一户一档一码”：现有农户文明诚信档案数；各乡镇（街道）按文明诚信码颜色的户数（以各户最近一次积分事件时的颜色计）；按村规民约类别的积分事件数和积分合计（已撤回的不计）。全县全部时期，不随区县和日期筛选变化。",
    "长兴 county's 一户一档一码: household archives kept; households by township and 文明诚信码 colour (each household's colour as of its latest point event); point events and their points by village-rule category (withdrawn events left out). The whole county over all time: the district and date filters do not apply.",
  ),
  query: "village" as const,
  value: (a: Answer<DashboardData["village"]>): VillageFigures | null | undefined => a.data?.villageFigures,
  render: (v: VillageFigures, p: Panel) => {
    const townships = [...new Set(v.codesByTownship.map((c) => c.township))];
    const households = (township: string, colour: string) => v.codesByTownship.find((c) => c.township === township && c.colour === colour)?.households ?? 0;
    p.body.replaceChildren(
      figure("villageArchives", v.archives),
      el("p", { class: "sub" }, `${pick("户档案，覆盖村居", "household archives, in villages and communities:")} ${formatNumber(v.villages)}`),
      compactTable(
        pick("文明诚信码按乡镇和颜色", "文明诚信码 by township and colour"),
        [pick("乡镇（街道）", "Township"), ...COLOURS.map((colour) => label(CODE_COLOR, colour))],
        townships.map((township) => [
          [township],
          COLOURS.map((colour) => el("td", { "data-township": township, "data-colour": colour }, formatNumber(households(township, colour)))),
        ]),
      ),
      compactTable(
        pick("积分按村规民约类别", "Points by village-rule category"),
        [pick("类别", "Category"), pick("事件", "Events"), pick("积分", "Points")],
        v.pointsByCategory.map((c) => [
          [label(VILLAGE_RULE_CATEGORY, c.category)],
          [el("td", { "data-category": c.category }, formatNumber(c.events)), el("td", {}, formatNumber(c.points))],
        ]),
      ),
    );
  },
});
