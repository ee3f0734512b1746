/**
 * A special credit report as a printable HTML page: the same document as the PDF (report-document.ts),
 * self-contained — its font (Noto Sans SC cut down to the page's characters, WOFF) and its QR code
 * (SVG) inline — so it shows Chinese on a machine without CJK fonts, opened from a file or printed.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import QRCode from "qrcode";
import subsetFont from "subset-font";
import { escapeHtml } from "../../../shared/text.js";
import type { ReportContent } from "./report-content.js";
import { buildReportDocument } from "./report-document.js";
import type { ReportAttachment } from "./report-render.js";

const require = createRequire(import.meta.url);
/** One weight: the browser draws the headings' bold from it (a second cut would double the page's font time and size). */
const FONT = require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf");
let fontBytes: Buffer | undefined;
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("");

const STYLE = `body{font-family:"Report Sans SC",sans-serif;color:#1a1a1f;max-width:794px;margin:24px auto;padding:0 24px;line-height:1.6;font-size:14px}
.authority{color:#bf1414;text-align:center;font-size:22px;font-weight:700;margin:0;padding-bottom:6px;border-bottom:2px solid #bf1414}
h1{text-align:center;font-size:28px;margin:20px 0 0}.subtitle{text-align:center;color:#555;margin:0}.number{text-align:right;color:#555;font-size:12px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
.subject th{width:9em;font-weight:400;background:#f4f5f7}.records{table-layout:fixed}.records th{background:#eef0f4;white-space:nowrap}.records .amount{text-align:right}
.records th:nth-child(1){width:3em}.records th:nth-child(2){width:18%}.records th:nth-child(3){width:26%}.records th:nth-child(4){width:7em}.records th:nth-child(6),.records th:nth-child(7){width:5em}
h2{font-size:16px;margin:16px 0 4px}.finding{margin:0 0 4px 1.5em}.notes{color:#555;font-size:12px}
.closing{display:flex;justify-content:space-between;gap:24px;margin-top:24px;break-inside:avoid}.verify{display:flex;gap:12px;font-size:12px}
.verify p{margin:0;overflow-wrap:anywhere}.qr{width:120px;height:120px;flex:none}.qr svg{width:100%;height:100%}.hash{color:#555;font-size:11px}.seal{text-align:center;font-weight:700}
.seal-area{width:200px;height:146px;border:1px dashed #999;display:flex;align-items:center;justify-content:center;color:#777;font-weight:400;margin-bottom:8px}
.seal-area img{max-width:100%;max-height:100%}.seal .time{font-weight:400}@page{size:A4;margin:20mm}@media print{body{margin:0;padding:0;max-width:none}}`;

/** The @font-face rule of the page's text, the font cut down to it. */
async function fontFace(text: string): Promise<string> {
  fontBytes ??= fs.readFileSync(FONT);
  // WOFF, not WOFF2: a quarter larger but five times faster to make (WOFF2's Brotli takes ~1 s here).
  const woff = await subsetFont(fontBytes, text + ASCII, { targetFormat: "woff", dropTables: ["GSUB", "GPOS"] });
  return `@font-face{font-family:"Report Sans SC";src:url(data:font/woff;base64,${woff.toString("base64")}) format("woff")}`;
}

/** A printable HTML page of the report. `sealImage`: the seal (XINYI_REPORT_SEAL_FILE) as a data URL; absent, the area is an empty frame. */
export async function renderReportHtml(content: ReportContent, attachment: ReportAttachment, verifyUrl: string, sealImage?: string): Promise<string> {
  const doc = buildReportDocument(content, attachment, verifyUrl);
  // An inline SVG: no PNG to encode (and the page stays one file).
  const qr = await QRCode.toString(verifyUrl, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  const e = escapeHtml;
  const sections = doc.sections
    .map((section) => {
      const table = section.table
        ? `<table class="records"><thead><tr>${section.table.columns.map((c) => `<th scope="col">${e(c)}</th>`).join("")}</tr></thead><tbody>${section.table.rows
            .map(
              (row) =>
                `<tr>${row.cells.map((cell, i) => `<td${i === 4 ? ' class="amount"' : ""}>${e(cell)}</td>`).join("")}</tr><tr><td></td><td colspan="${row.cells.length - 1}">${e(row.description)}</td></tr>`,
            )
            .join("")}</tbody></table>`
        : "";
      return `<h2>${e(section.heading)}</h2><p class="finding">${e(section.finding)}</p>${table}`;
    })
    .join("\n");
  const body = `<p class="authority">${e(doc.authority)}</p>
<h1>${e(doc.title)}</h1><p class="subtitle">${e(doc.subtitle)}</p><p class="number">报告编号：${e(doc.number)}</p>
<table class="subject">${doc.subject.map(([k, v]) => `<tr><th scope="row">${e(k)}</th><td>${e(v)}</td></tr>`).join("")}</table>
<p>${e(doc.intro)}</p>
${sections}
<div class="notes"><p>说明：</p><ol>${doc.notes.map((n) => `<li>${e(n)}</li>`).join("")}</ol></div>
<div class="closing"><div class="verify"><div class="qr" role="img" aria-label="核验二维码：${e(verifyUrl)}">${qr}</div><div><p>扫码或访问以下链接核验：</p><p>核验：${e(verifyUrl)}</p>
<p class="hash">内容摘要（SHA-256）：${e(doc.sha256)}</p></div></div>
<div class="seal"><div class="seal-area">${sealImage ? `<img src="${e(sealImage)}" alt="${e(doc.authority)}签章">` : "签章处"}</div><div>${e(doc.authority)}</div><div class="time">${e(doc.issued)}</div></div></div>`;
  const faces = await fontFace(body.replace(/<[^>]*>/g, ""));
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(doc.title)} ${e(doc.number)}</title>
<style>${faces}\n${STYLE}</style></head>
<body>${body}</body></html>`;
}
