/**
 * Special credit reports (`report:issue`): issue one for an organisation (its USCC, what it is for,
 * optionally the period), view it in the page, download its PDF, print its HTML; earlier reports
 * listed from the API (`creditReports`, newest first, a page at a time) or opened by number.
 */
import { pick, t } from "../i18n.js";
import { beijingTime, el, errorNote, focusOn, isDate } from "../ui.js";
import { clearProblems, dateInput, field, saveFile, send, showProblems, viewTitle } from "./forms.js";
import { ISSUE_REPORT, REPORT_BY_NUMBER, REPORTS } from "./operations.js";

interface Report {
  number: string;
  subjectId: string;
  subjectName: string;
  purpose: string;
  periodFrom: string;
  periodTo: string;
  issuedAt: string;
  issuer: string;
  verifyUrl: string;
  pdfSha256: string;
  html?: string;
  pdfBase64?: string;
}

type Listed = Pick<Report, "number" | "subjectId" | "subjectName" | "purpose" | "issuedAt" | "issuer">;

/** Earlier reports a page at a time. */
const PAGE_SIZE = 10;

/**
 * The report's HTML as the page can show it: its own inline font (a data: URL) is refused by the
 * page's CSP (font-src 'self'), so the page's own Noto Sans SC faces are declared in it instead.
 */
function withPageFont(html: string): string {
  const faces = [...document.styleSheets]
    .flatMap((sheet) => {
      try {
        return [...sheet.cssRules];
      } catch {
        return [];
      }
    })
    .filter((rule) => rule instanceof CSSFontFaceRule)
    .map((rule) => rule.cssText)
    .join("\n");
  const style = `<style>${faces}\n* { font-family: "Noto Sans SC", sans-serif !important; }</style>`;
  return /<\/head>/i.test(html) ? html.replace(/<\/head>/i, `${style}</head>`) : `${style}${html}`;
}

/** The report as the page shows it: its facts, the PDF to download, the HTML to view and print. */
function reportView(r: Report & { html: string; pdfBase64: string }): HTMLElement {
  const download = el("button", { type: "button", id: "rp-pdf" }, pick("下载 PDF", "Download PDF"));
  download.addEventListener("click", () => {
    const bytes = Uint8Array.from(atob(r.pdfBase64), (c) => c.charCodeAt(0));
    saveFile(`信用报告-${r.number}.pdf`, new Blob([bytes], { type: "application/pdf" }));
  });
  const frame = el("iframe", {
    class: "report-frame",
    title: pick(`报告 ${r.number} 的打印版`, `Report ${r.number}, printable`),
    id: "rp-frame",
    // No scripts in the report's frame, whatever its HTML holds (the token lives beside it); printing still works.
    sandbox: "allow-same-origin allow-modals",
  });
  frame.srcdoc = withPageFont(r.html);
  const print = el("button", { type: "button", id: "rp-print" }, pick("打印", "Print"));
  print.addEventListener("click", () => frame.contentWindow?.print());
  const html = el("button", { type: "button", id: "rp-html", class: "secondary" }, pick("下载 HTML", "Download HTML"));
  html.addEventListener("click", () => saveFile(`信用报告-${r.number}.html`, new Blob([r.html], { type: "text/html;charset=utf-8" })));
  return el(
    "section",
    { class: "panel wide", "aria-labelledby": "h-report", "data-report": r.number },
    el("h3", { id: "h-report", tabindex: "-1" }, `${pick("专项信用报告", "Special credit report")} ${r.number}`),
    el(
      "dl",
      { class: "pairs" },
      ...[
        [pick("报告编号", "Number"), r.number],
        [pick("主体", "Organisation"), `${r.subjectName}（${r.subjectId}）`],
        [pick("用途", "Purpose"), r.purpose],
        [pick("期间", "Period"), `${r.periodFrom} ${pick("至", "to")} ${r.periodTo}`],
        [pick("出具时间", "Issued"), beijingTime(r.issuedAt)],
        [pick("核验地址", "Verify at"), r.verifyUrl],
        ["PDF SHA-256", r.pdfSha256],
      ].flatMap(([k, v]) => [el("dt", {}, k), el("dd", { class: k === "PDF SHA-256" ? "hash" : "" }, v)]),
    ),
    el("div", { class: "actions" }, download, print, html),
    frame,
  );
}

/** Opens a report by number (fetching its PDF and HTML) into the given place. */
async function open(place: HTMLElement, number: string): Promise<void> {
  place.replaceChildren(el("p", { class: "state loading", role: "status" }, t("loading")));
  const outcome = await send<{ creditReport: (Report & { html: string; pdfBase64: string }) | null }>(REPORT_BY_NUMBER, { number });
  if (!outcome) return;
  if (!outcome.ok) return void place.replaceChildren(errorNote(outcome.code, [], "alert"));
  const report = outcome.data.creditReport;
  if (!report) return void place.replaceChildren(errorNote("NOT_FOUND", [], "alert"));
  place.replaceChildren(reportView(report));
  place.setAttribute("data-report-ready", report.number);
  focusOn(place.querySelector<HTMLElement>("#h-report"));
}

/** The view: the issue form, earlier reports, the report opened. */
export function renderReports(main: HTMLElement): Promise<void> {
  const subject = el("input", { autocomplete: "off", maxlength: "18" });
  const purpose = el("input", { autocomplete: "off", maxlength: "100", placeholder: pick("如：投标", "e.g. tender") });
  const from = dateInput();
  const to = dateInput();
  const shown = el("div", { id: "rp-shown" });
  const form = el(
    "form",
    { class: "stack", novalidate: "", id: "issue-form" },
    el("h3", {}, pick("出具专项信用报告", "Issue a special credit report")),
    field("rp-subjectId", pick("组织的统一社会信用代码", "The organisation's USCC"), subject),
    field("rp-purpose", pick("用途（1–100 字）", "Purpose (1–100 characters)"), purpose),
    field("rp-from", pick("起始日期（可空，默认近年）", "From (optional)"), from),
    field("rp-to", pick("截止日期（可空）", "To (optional)"), to),
    el("button", { type: "submit", id: "rp-issue" }, pick("出具报告", "Issue")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearProblems(form);
    const local = [from, to].flatMap((input, i) =>
      input.value.trim() && !isDate(input.value.trim()) ? [{ field: i ? "to" : "from", message: "must be a date" }] : [],
    );
    if (Boolean(from.value.trim()) !== Boolean(to.value.trim())) local.push({ field: from.value.trim() ? "to" : "from", message: "must be a date" });
    if (local.length) return showProblems(form, "rp-", local);
    const button = form.querySelector("button")!;
    button.disabled = true;
    shown.replaceChildren(el("p", { class: "state loading", role: "status" }, pick("正在出具…", "Issuing…")));
    const outcome = await send<{ issueCreditReport: Report }>(ISSUE_REPORT, {
      subjectId: subject.value.trim().toUpperCase(),
      purpose: purpose.value.trim(),
      period: from.value.trim() ? { from: from.value.trim(), to: to.value.trim() } : undefined,
    });
    button.disabled = false;
    if (!outcome) return;
    if (!outcome.ok) {
      shown.replaceChildren();
      return showProblems(
        form,
        "rp-",
        outcome.problems.map((p) => ({ ...p, field: p.field.replace(/^period\./, "") })),
        outcome.code,
      );
    }
    await Promise.all([open(shown, outcome.data.issueCreditReport.number), loadEarlier(true)]);
  });
  const number = el("input", { autocomplete: "off" });
  const lookup = el(
    "form",
    { class: "filters", "aria-label": pick("按编号查看报告", "Open a report by number") },
    field("rp-number", pick("报告编号", "Report number"), number),
    el("button", { type: "submit", id: "rp-open" }, pick("查看", "Open")),
  );
  lookup.addEventListener("submit", (e) => {
    e.preventDefault();
    if (number.value.trim()) void open(shown, number.value.trim());
  });
  const list = el("ul", { class: "earlier", id: "rp-earlier" });
  const more = el("button", { type: "button", id: "rp-more", class: "secondary", hidden: "" }, pick("更早的报告", "Older reports"));
  let cursor: string | null = null;
  /** A page of earlier reports from the API (the first again when `reset`), each opening by its number. */
  const loadEarlier = async (reset: boolean) => {
    more.hidden = true;
    const outcome = await send<{ creditReports: { pageInfo: { endCursor: string | null; hasNextPage: boolean }; nodes: Listed[] } }>(REPORTS, {
      first: PAGE_SIZE,
      after: reset ? null : cursor,
    });
    if (!outcome) return;
    if (!outcome.ok) return void list.replaceChildren(el("li", {}, errorNote(outcome.code, [], "alert")));
    const page = outcome.data.creditReports;
    const items = page.nodes.map((r) => {
      const b = el(
        "button",
        { type: "button", class: "link", "data-open-report": r.number },
        `${r.number} · ${r.subjectName} · ${r.purpose} · ${beijingTime(r.issuedAt)}`,
      );
      b.addEventListener("click", () => void open(shown, r.number));
      return el("li", {}, b);
    });
    if (reset) list.replaceChildren(...(items.length ? items : [el("li", {}, t("none"))]));
    else list.append(...items);
    cursor = page.pageInfo.endCursor;
    more.hidden = !page.pageInfo.hasNextPage;
    if (!reset) focusOn(items[0]?.querySelector("button"));
  };
  more.addEventListener("click", () => void loadEarlier(false));
  main.replaceChildren(
    viewTitle(pick("专项信用报告", "Special credit reports")),
    el(
      "div",
      { class: "two-col" },
      el("section", { class: "panel wide", "aria-label": pick("出具", "Issue") }, form),
      el(
        "section",
        { class: "panel wide", "aria-labelledby": "h-earlier" },
        el("h3", { id: "h-earlier" }, pick("此前的报告", "Earlier reports")),
        lookup,
        el("p", { class: "sub" }, pick("已出具的报告（最新在前）：", "Reports issued, newest first:")),
        list,
        more,
      ),
    ),
    shown,
  );
  return loadEarlier(true);
}
