/**
 * A special credit report rendered in Chinese: a PDF (pdf-lib, with Noto Sans SC cut down by
 * HarfBuzz to the characters the report uses — pdf-lib's own subsetter drops CJK glyphs — and
 * embedded with its Unicode map, so `pdftotext` reads the Chinese back) carrying the canonical content and its signature as an
 * attachment (`report.json`) and a QR code of its verification URL; and a printable HTML page.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";
import QRCode from "qrcode";
import subsetFont from "subset-font";
import type { ReportContent } from "./report-content.js";
import { escapeHtml } from "../../../shared/text.js";

const FONT_FILE = createRequire(import.meta.url).resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf");
let fontBytes: Buffer | undefined;

/** What the PDF carries besides its text, for offline verification. */
export interface ReportAttachment {
  /** The canonical content, exactly as hashed and signed. */
  content: string;
  sha256: string;
  signature: string;
}

export const ATTACHMENT_NAME = "report.json";

const lineText = (line: ReportContent["lines"][number]) =>
  line.clean ? "报告期内无行政处罚及其他违法违规记录" : `报告期内有 ${line.records.length} 条行政处罚或其他违法违规记录：`;

const recordText = (r: ReportContent["lines"][number]["records"][number]) =>
  `${r.decidedOn}　${r.category}（${r.severity === "SERIOUS" ? "严重" : "一般"}）　${r.documentNo}${r.amount !== null ? `　${r.amount} 元` : ""}　${r.description}`;

/** The report's text, in reading order: [size, text] pairs. */
function paragraphs(content: ReportContent): [number, string][] {
  return [
    [18, "专项信用报告（代替无违法违规证明）"],
    [10, `报告编号：${content.number}`],
    [10, `主体名称：${content.subject.name}`],
    [10, `统一社会信用代码：${content.subject.id}`],
    [10, `报告期间：${content.period.from} 至 ${content.period.to}`],
    [10, `用途：${content.purpose}`],
    [10, `出具时间：${content.issuedAt}`],
    [12, "各部门记录"],
    ...content.lines.flatMap((line): [number, string][] => [
      [11, `${line.title}：${lineText(line)}`],
      ...line.records.map((r): [number, string] => [9, `· ${recordText(r)}`]),
    ]),
    [9, "说明：已修复、公示期满的记录和简易程序作出的处罚不列入本报告。"],
  ];
}

/** Splits text into lines no wider than `width` (character by character: Chinese has no spaces). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const ch of text) {
    if (font.widthOfTextAtSize(current + ch, size) > width && current) {
      lines.push(current);
      current = "";
    }
    current += ch;
  }
  if (current) lines.push(current);
  return lines;
}

export async function renderReportPdf(content: ReportContent, attachment: ReportAttachment, verifyUrl: string): Promise<Uint8Array> {
  fontBytes ??= fs.readFileSync(FONT_FILE);
  const texts = [
    ...paragraphs(content).map(([, text]) => text),
    `内容摘要（SHA-256）：${attachment.sha256}`,
    `平台签名（Ed25519）：${attachment.signature}`,
    `核验：${verifyUrl}`,
  ];
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(await subsetFont(fontBytes, texts.join(""), { targetFormat: "sfnt" }), { subset: false });
  const issued = new Date(content.issuedAt);
  pdf.setTitle(`专项信用报告 ${content.number}`);
  pdf.setSubject(content.subject.name);
  pdf.setProducer("Xinyi 信易");
  pdf.setCreationDate(issued);
  pdf.setModificationDate(issued);
  const [width, height, margin] = [595.28, 841.89, 56];
  let page: PDFPage = pdf.addPage([width, height]);
  let y = height - margin;
  const write = (size: number, text: string, color = rgb(0.1, 0.1, 0.12)) => {
    for (const line of wrap(text, font, size, width - 2 * margin)) {
      if (y - size < margin + 130) {
        page = pdf.addPage([width, height]);
        y = height - margin;
      }
      page.drawText(line, { x: margin, y: y - size, size, font, color });
      y -= size * 1.6;
    }
    y -= size * 0.3;
  };
  for (const [size, text] of paragraphs(content)) write(size, text);
  write(8, texts[texts.length - 3], rgb(0.3, 0.3, 0.35));
  write(8, texts[texts.length - 2], rgb(0.3, 0.3, 0.35));
  const qr = await pdf.embedPng(await QRCode.toBuffer(verifyUrl, { margin: 1, width: 240 }));
  page.drawImage(qr, { x: width - margin - 100, y: margin, width: 100, height: 100 });
  page.drawText(texts[texts.length - 1], { x: margin, y: margin + 4, size: 8, font, color: rgb(0.2, 0.2, 0.25) });
  await pdf.attach(Buffer.from(JSON.stringify(attachment), "utf8"), ATTACHMENT_NAME, {
    mimeType: "application/json",
    description: "Canonical report content, its SHA-256 and the platform's Ed25519 signature",
    creationDate: issued,
    modificationDate: issued,
  });
  return pdf.save({ useObjectStreams: false });
}

/** A printable HTML page of the report (self-contained: the QR code is inline). */
export async function renderReportHtml(content: ReportContent, attachment: ReportAttachment, verifyUrl: string): Promise<string> {
  const qr = await QRCode.toDataURL(verifyUrl, { margin: 1, width: 160 });
  const body = paragraphs(content)
    .map(([size, text]) => (size >= 18 ? `<h1>${escapeHtml(text)}</h1>` : size >= 12 ? `<h2>${escapeHtml(text)}</h2>` : `<p>${escapeHtml(text)}</p>`))
    .join("\n");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>专项信用报告 ${escapeHtml(content.number)}</title>
<style>body{font-family:"Noto Sans SC",sans-serif;max-width:760px;margin:24px auto;line-height:1.6}h1{font-size:22px}h2{font-size:16px}p{margin:4px 0}.sig{font-size:11px;color:#555;word-break:break-all}@media print{body{margin:0}}</style></head>
<body>${body}
<p class="sig">内容摘要（SHA-256）：${escapeHtml(attachment.sha256)}<br>平台签名（Ed25519）：${escapeHtml(attachment.signature)}</p>
<p><img src="${qr}" alt="核验二维码：${escapeHtml(verifyUrl)}" width="120" height="120"><br>核验：${escapeHtml(verifyUrl)}</p></body></html>`;
}
