/** Small DOM helpers: elements, panels with loading / empty / error states, numbers. */
import { currentLang, DEPARTMENTS, label, t } from "./i18n.js";

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
  /** Departments that did not answer, or a message: the panel says so instead of its content. */
  failed(departments: string[], message?: string): void;
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
    failed: (departments, message) =>
      body.replaceChildren(
        el(
          "p",
          { class: "state error", role: "status", "data-missing": departments.join(",") },
          departments.length
            ? `${t("unavailable")}：${t("missingDept")} ${departments.map((d) => `${label(DEPARTMENTS, d)} (${d})`).join("、")}${message ? ` — ${message}` : ""}`
            : `${t("unavailable")}：${message ?? ""}`,
        ),
      ),
  };
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
