/** Small DOM helpers: elements, panels with loading / empty / error states, error notes, numbers, dates, focus. */
import { currentLang, DEPARTMENTS, errorText, LIST_COLORS, label, pick, t } from "./i18n.js";

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

export const formatNumber = (n: number, digits = 0): string =>
  new Intl.NumberFormat(currentLang() === "zh" ? "zh-CN" : "en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);

export interface Panel {
  root: HTMLElement;
  body: HTMLElement;
  loading(): void;
  empty(): void;
  /** Departments that did not answer, and the error's code: the panel says so, in words, instead of its content. */
  failed(departments: string[], code?: string): void;
}

/** A titled panel; its definition shows on hover and focus; a published figure, when given, beside it. */
export function panel(id: string, title: string, definition: string, reference?: string): Panel {
  const tipId = `def-${id}`;
  const body = el("div", { class: "panel-body" });
  const info = el("button", { type: "button", class: "info", "aria-describedby": tipId, "aria-label": `${t("definition")}: ${title}` }, "ⓘ");
  const root = el(
    "section",
    { class: "panel", "data-panel": id, "aria-labelledby": `h-${id}` },
    el("h2", { id: `h-${id}` }, title, " ", info),
    el("p", { id: tipId, role: "tooltip", class: "definition" }, definition),
    body,
  );
  if (reference) root.append(el("p", { class: "reference", "data-reference": id }, `${t("reference")}：${reference}`));
  const state = (cls: string, text: string) => body.replaceChildren(el("p", { class: `state ${cls}` }, text));
  return {
    root,
    body,
    loading: () => state("loading", t("loading")),
    empty: () => state("empty", t("empty")),
    failed: (departments, code) => body.replaceChildren(errorNote(code, departments)),
  };
}

/**
 * What a person reads when something failed: in words (the departments that did not answer, by
 * name, or what the error code means), the code beside it, small, for support.
 */
export function errorNote(code: string | undefined, departments: string[] = [], role = "status"): HTMLElement {
  const text = departments.length
    ? `${t("unavailable")}：${t("missingDept")} ${departments.map((d) => label(DEPARTMENTS, d)).join("、")}`
    : `${t("unavailable")}：${errorText(code)}`;
  const support = [code, ...departments].filter(Boolean).join(" · ");
  return el(
    "p",
    { class: "state error", role, "data-missing": departments.join(","), ...(code ? { "data-code": code } : {}) },
    text,
    ...(support ? [" ", el("small", { class: "error-code" }, `${t("errorCode")} ${support}`)] : []),
  );
}

/** A red or black list marker: a CSS shape (no emoji font needed) and the list's colour in words (short: 红 / 黑). */
export function listMarker(color: string, short = false): HTMLElement {
  const red = color === "RED";
  return el(
    "span",
    { class: `marker ${red ? "red" : "black"}`, "data-color": color },
    short ? (red ? pick("红", "Red") : pick("黑", "Black")) : label(LIST_COLORS, color),
  );
}

const BEIJING = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** An instant (ISO 8601, any zone) as Beijing time, `YYYY-MM-DD HH:mm`, whatever the browser's locale and zone. */
export function beijingTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const part = Object.fromEntries(BEIJING.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}（${t("beijingTime")}）`;
}

/** Whether a text is a calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** A month key `YYYY-MM` as a person reads it: `2026年3月`, `Mar 2026`. */
export function monthName(key: string): string {
  const [year, month] = key.split("-").map(Number);
  return pick(`${year}年${month}月`, `${new Date(Date.UTC(year, month - 1, 1)).toLocaleString("en", { month: "short", timeZone: "UTC" })} ${year}`);
}

/** Moves focus to new content (a heading, a message) so keyboard and screen-reader users land there, not on <body>. */
export function focusOn(target: HTMLElement | null | undefined): void {
  if (!target) return;
  if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) target.setAttribute("tabindex", "-1");
  target.focus();
}

/** A headline number with its raw value for machines (data-value). */
export function figure(id: string, value: number, unit = "", digits = 0): HTMLElement {
  return el(
    "p",
    { class: "figure", "data-figure": id, "data-value": String(value) },
    formatNumber(value, digits),
    unit ? el("span", { class: "unit" }, unit) : "",
  );
}

/** A dashboard table: its caption (for screen readers), column headers, and rows led by their header cell's content. */
export const compactTable = (caption: string, head: string[], rows: [header: (Node | string)[], cells: HTMLElement[]][]): HTMLElement =>
  el(
    "div",
    { class: "table-scroll" },
    el(
      "table",
      { class: "compact" },
      el("caption", { class: "sr-only" }, caption),
      el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, ...rows.map(([header, cells]) => el("tr", {}, el("th", { scope: "row" }, ...header), ...cells))),
    ),
  );

/** A cell of a {@link cardTable}: its content and its attributes. */
export type Cell = [content: Node | string, attrs?: Record<string, string>];

/**
 * A table of records (class `records`: one card per row on a narrow screen, each cell labelled from
 * its column by `data-label`, style.css): its attributes, caption (for screen readers), columns, rows.
 */
export const cardTable = (
  attrs: Record<string, string>,
  caption: string,
  columns: string[],
  rows: [attrs: Record<string, string>, cells: Cell[]][],
): HTMLElement =>
  el(
    "table",
    { class: "records", ...attrs },
    el("caption", { class: "sr-only" }, caption),
    el("thead", {}, el("tr", {}, ...columns.map((h) => el("th", { scope: "col" }, h)))),
    el(
      "tbody",
      {},
      ...rows.map(([row, cells]) => el("tr", row, ...cells.map(([content, cell], i) => el("td", { "data-label": columns[i], ...cell }, content)))),
    ),
  );
