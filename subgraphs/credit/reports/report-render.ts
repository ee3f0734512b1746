/**
 * A special credit report as an A4 PDF (pdf-lib): the issuing authority's head, the title, the
 * subject block, one table per department, notes, then the closing block — QR code and printed
 * verification link on the left, the seal area with the authority and issue time on the right —
 * and "第 N 页 共 M 页" on every page. It carries the canonical content and its signature as an
 * attachment (`report.json`) for offline verification.
 *
 * Fonts: Noto Sans SC cut down by HarfBuzz (subset-font) to the characters the report uses, its
 * layout tables dropped. pdf-lib (without its own subsetter, which drops CJK glyphs) writes widths
 * and the Unicode map only for the glyphs the font's character map names; a glyph GSUB substitutes
 * (Noto Sans SC's digits in a Latin run) was drawn 1000 units wide and extracted as nothing.
 * Without GSUB every drawn glyph is a mapped one: measured as drawn, read back by `pdftotext`.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { type Color, PDFDocument, type PDFFont, type PDFImage, type PDFPage, rgb } from "pdf-lib";
import subsetFont from "subset-font";
import type { ReportContent } from "./report-content.js";
import { drawQr, frame, ink, widthOf, wrapText } from "./report-pdf-ink.js";
import { buildReportDocument, type ReportDocument, type ReportTable } from "./report-document.js";

const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"),
  bold: require.resolve("@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf"),
};
const fontBytes: Partial<Record<keyof typeof FONT_FILES, Buffer>> = {};

/** What the PDF carries besides its text, for offline verification. */
export interface ReportAttachment {
  /** The canonical content, exactly as hashed and signed. */
  content: string;
  sha256: string;
  signature: string;
}

export const ATTACHMENT_NAME = "report.json";

/** How the PDF is dressed: the seal image (XINYI_REPORT_SEAL_FILE), when there is one. */
export interface ReportPdfOptions {
  sealFile?: string;
}

// A4 in points, 20 mm margins; the footer sits in the bottom margin.
const PAGE = { width: 595.28, height: 841.89, margin: 56.7 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.35, 0.35, 0.4);
const RULE = rgb(0.55, 0.55, 0.6);
const RED = rgb(0.75, 0.08, 0.08);
/** The renderer's own words: in the font subset with the document's (a character missing from it would not draw). */
const WORDS = {
  notes: "说明：",
  scan: "扫描二维码核验本报告",
  digest: "内容摘要（SHA-256）：",
  link: "核验链接：",
  seal: "签章处",
  number: "报告编号：",
  page: (n: number, of: number) => `第 ${n} 页 共 ${of} 页`,
};
/** Characters drawn besides the document's: digits and Latin (page numbers, amounts), the renderer's words. */
const ALWAYS = `${Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("")}${Object.values(WORDS)
  .filter((w) => typeof w === "string")
  .join("")}${WORDS.page(1, 1)}`;
/** Table column widths (points; sum = CONTENT_WIDTH): 序号, 类别, 文号, 日期, 金额, 程度, 状态. */
const COLUMNS = [28, 96, 143, 60, 68, 44, 42.88];
/** The amount column: right-aligned. */
const AMOUNT_COLUMN = 4;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** A cursor over pages: where the next thing goes, a new page when it does not fit. */
class Layout {
  page!: PDFPage;
  y = 0;
  /** On a new page, or from `y` on `page` (a column of the closing block). */
  constructor(
    readonly pdf: PDFDocument,
    readonly fonts: Fonts,
    page?: PDFPage,
    y?: number,
  ) {
    if (page && y !== undefined) [this.page, this.y] = [page, y];
    else this.newPage();
  }

  newPage(): void {
    this.page = this.pdf.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
  }

  /** Room for `height` more points on this page, else a new page. */
  need(height: number): void {
    if (this.y - height < PAGE.margin) this.newPage();
  }

  text(text: string, x: number, size: number, options: { font?: PDFFont; color?: Color } = {}): void {
    ink(this.page, text, { x, y: this.y - size, size, font: options.font ?? this.fonts.regular, color: options.color ?? INK });
  }

  /** A paragraph wrapped to `width` from `x`, page by page; `align` centres each line. */
  paragraph(
    text: string,
    size: number,
    options: { font?: PDFFont; color?: Color; x?: number; width?: number; align?: "center" | "right"; after?: number } = {},
  ): void {
    const font = options.font ?? this.fonts.regular;
    const x = options.x ?? PAGE.margin;
    const width = options.width ?? CONTENT_WIDTH;
    for (const line of wrapText(text, font, size, width)) {
      this.need(size * 1.5);
      const w = widthOf(line, font, size);
      const lineX = options.align === "center" ? x + (width - w) / 2 : options.align === "right" ? x + width - w : x;
      this.text(line, lineX, size, { font, color: options.color });
      this.y -= size * 1.55;
    }
    this.y -= options.after ?? size * 0.4;
  }
}

/** One bordered row of cells, each wrapped to its column; `lines` limits how many lines go on this page. */
function drawRow(
  layout: Layout,
  cells: { text: string; width: number; align?: "right" }[],
  size: number,
  options: { font?: PDFFont; fill?: Color; lines?: string[][] } = {},
): void {
  const font = options.font ?? layout.fonts.regular;
  const pad = 4;
  const lines = options.lines ?? cells.map((c) => wrapText(c.text, font, size, c.width - 2 * pad));
  const height = Math.max(...lines.map((l) => l.length)) * size * 1.45 + 2 * pad - size * 0.45;
  let x = PAGE.margin;
  cells.forEach((cell, i) => {
    frame(layout.page, {
      x,
      y: layout.y - height,
      width: cell.width,
      height,
      borderColor: RULE,
      borderWidth: 0.5,
      color: options.fill,
    });
    lines[i].forEach((line, n) => {
      const lineX = cell.align === "right" ? x + cell.width - pad - widthOf(line, font, size) : x + pad;
      ink(layout.page, line, { x: lineX, y: layout.y - pad - size * 0.88 - n * size * 1.45, size, font, color: INK });
    });
    x += cell.width;
  });
  layout.y -= height;
}

const rowHeight = (lineCount: number, size: number) => lineCount * size * 1.45 + 8 - size * 0.45;

const TABLE_SIZE = 8.5;
/** What a table needs on the page it starts on: its heading row and room for a record and its description. */
const TABLE_START = rowHeight(1, TABLE_SIZE) + rowHeight(2, TABLE_SIZE) * 2;

/** A department's table: the heading row again on every page it runs onto; a long description continues on the next page. */
function drawTable(layout: Layout, table: ReportTable): void {
  const size = TABLE_SIZE;
  const font = layout.fonts.regular;
  const header = () =>
    drawRow(
      layout,
      table.columns.map((text, i) => ({ text, width: COLUMNS[i] })),
      size,
      { font: layout.fonts.bold, fill: rgb(0.93, 0.94, 0.96) },
    );
  layout.need(TABLE_START);
  header();
  for (const row of table.rows) {
    const cells = row.cells.map((text, i) => ({ text, width: COLUMNS[i], align: i === AMOUNT_COLUMN ? ("right" as const) : undefined }));
    const cellLines = cells.map((c) => wrapText(c.text, font, size, c.width - 8));
    const recordHeight = rowHeight(Math.max(...cellLines.map((l) => l.length)), size);
    const spanWidth = CONTENT_WIDTH - COLUMNS[0];
    let description = wrapText(row.description, font, size, spanWidth - 8);
    // A record stays with its description; one longer than ten lines may run on, from its second line, to the next page.
    const keep = description.length <= 10 ? description.length : 2;
    if (layout.y - recordHeight - rowHeight(keep, size) < PAGE.margin) {
      layout.newPage();
      header();
    }
    drawRow(layout, cells, size, { lines: cellLines });
    while (description.length > 0) {
      const room = Math.floor((layout.y - PAGE.margin - 8 + size * 0.45) / (size * 1.45));
      if (room < 1) {
        layout.newPage();
        header();
        continue;
      }
      const part = description.slice(0, room);
      drawRow(
        layout,
        [
          { text: "", width: COLUMNS[0] },
          { text: part.join(""), width: spanWidth },
        ],
        size,
        { lines: [[""], part] },
      );
      description = description.slice(room);
    }
  }
  layout.y -= 10;
}

/**
 * The closing block: the QR code and the content digest on the left; the seal area, the authority
 * and the issue time on the right; the verification link across the page below.
 */
async function drawClosing(layout: Layout, doc: ReportDocument, seal: PDFImage | undefined): Promise<void> {
  layout.need(200);
  const { page, fonts } = layout;
  const top = layout.y - 6;
  drawQr(page, doc.verifyUrl, { x: PAGE.margin, y: top - 96, size: 96 });
  const left = new Layout(layout.pdf, fonts, page, top - 4);
  const textX = PAGE.margin + 106;
  left.paragraph(WORDS.scan, 9, { x: textX, width: 180, after: 4 });
  left.paragraph(`${WORDS.digest}${doc.sha256}`, 7, { x: textX, width: 180, color: GREY });
  // The seal area: the configured seal image, or an empty frame — never an invented seal.
  const area = { width: 150, height: 110, x: PAGE.width - PAGE.margin - 160, y: top - 110 };
  if (seal) {
    const scale = Math.min(area.width / seal.width, area.height / seal.height);
    page.drawImage(seal, {
      x: area.x + (area.width - seal.width * scale) / 2,
      y: area.y + (area.height - seal.height * scale) / 2,
      width: seal.width * scale,
      height: seal.height * scale,
    });
  } else {
    page.drawRectangle({ ...area, borderColor: RULE, borderWidth: 0.8, borderDashArray: [3, 3] });
    const width = widthOf(WORDS.seal, fonts.regular, 10);
    page.drawText(WORDS.seal, { x: area.x + (area.width - width) / 2, y: area.y + area.height / 2 - 4, size: 10, font: fonts.regular, color: GREY });
  }
  const right = new Layout(layout.pdf, fonts, page, area.y - 8);
  const column = { x: area.x - 30, width: area.width + 50, align: "center" as const };
  right.paragraph(doc.authority, 10.5, { ...column, font: fonts.bold, after: 0 });
  right.paragraph(doc.issued, 10, column);
  layout.y = Math.min(left.y, right.y, top - 96) - 10;
  layout.paragraph(`${WORDS.link}${doc.verifyUrl}`, 9);
}

/** "第 N 页 共 M 页" and the report number at the foot of every page. */
function drawFooters(pdf: PDFDocument, font: PDFFont, number: string): void {
  const pages = pdf.getPages();
  pages.forEach((page, i) => {
    const text = WORDS.page(i + 1, pages.length);
    page.drawText(text, { x: (PAGE.width - widthOf(text, font, 9)) / 2, y: 28, size: 9, font, color: GREY });
    page.drawText(`${WORDS.number}${number}`, { x: PAGE.margin, y: 28, size: 7.5, font, color: GREY });
  });
}

async function embedFonts(pdf: PDFDocument, text: string): Promise<Fonts> {
  const embed = async (weight: keyof typeof FONT_FILES) => {
    fontBytes[weight] ??= fs.readFileSync(FONT_FILES[weight]);
    const subset = await subsetFont(fontBytes[weight], text + ALWAYS, { targetFormat: "sfnt", dropTables: ["GSUB", "GPOS"] });
    return pdf.embedFont(subset, { subset: false });
  };
  return { regular: await embed("regular"), bold: await embed("bold") };
}

async function embedSeal(pdf: PDFDocument, file: string | undefined): Promise<PDFImage | undefined> {
  if (!file) return undefined;
  const bytes = fs.readFileSync(file);
  return bytes[0] === 0x89 ? pdf.embedPng(bytes) : pdf.embedJpg(bytes);
}

export async function renderReportPdf(
  content: ReportContent,
  attachment: ReportAttachment,
  verifyUrl: string,
  options: ReportPdfOptions = {},
): Promise<Uint8Array> {
  const doc = buildReportDocument(content, attachment, verifyUrl);
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const fonts = await embedFonts(pdf, JSON.stringify(doc));
  const issued = new Date(content.issuedAt);
  pdf.setTitle(`${doc.title} ${content.number}`);
  pdf.setSubject(content.subject.name);
  pdf.setAuthor(doc.authority);
  pdf.setProducer("Xinyi 信易");
  pdf.setCreationDate(issued);
  pdf.setModificationDate(issued);
  const layout = new Layout(pdf, fonts);
  // The head: the authority in red over a red rule, as a government document's 版头.
  layout.paragraph(doc.authority, 17, { font: fonts.bold, color: RED, align: "center", after: 2 });
  layout.page.drawLine({ start: { x: PAGE.margin, y: layout.y }, end: { x: PAGE.width - PAGE.margin, y: layout.y }, thickness: 1.6, color: RED });
  layout.y -= 22;
  layout.paragraph(doc.title, 22, { font: fonts.bold, align: "center", after: 0 });
  layout.paragraph(doc.subtitle, 11, { align: "center", color: GREY, after: 6 });
  layout.paragraph(`${WORDS.number}${doc.number}`, 9, { align: "right", color: GREY, after: 4 });
  for (const [label, value] of doc.subject)
    drawRow(
      layout,
      [
        { text: label, width: 110 },
        { text: value, width: CONTENT_WIDTH - 110 },
      ],
      10,
    );
  layout.y -= 14;
  layout.paragraph(doc.intro, 10.5, { after: 8 });
  for (const section of doc.sections) {
    // A department's heading and finding stay on the page with the start of its table.
    layout.need(60 + (section.table ? TABLE_START : 0));
    layout.paragraph(section.heading, 12, { font: fonts.bold, after: 2 });
    layout.paragraph(section.finding, 10.5, { x: PAGE.margin + 21, width: CONTENT_WIDTH - 21, after: 6 });
    if (section.table) drawTable(layout, section.table);
  }
  layout.y -= 4;
  layout.paragraph(WORDS.notes, 9.5, { font: fonts.bold, color: GREY, after: 0 });
  doc.notes.forEach((note, i) => layout.paragraph(`${i + 1}. ${note}`, 9, { color: GREY, x: PAGE.margin + 12, width: CONTENT_WIDTH - 12, after: 1 }));
  layout.y -= 10;
  await drawClosing(layout, doc, await embedSeal(pdf, options.sealFile));
  drawFooters(pdf, fonts.regular, doc.number);
  await pdf.attach(Buffer.from(JSON.stringify(attachment), "utf8"), ATTACHMENT_NAME, {
    mimeType: "application/json",
    description: "Canonical report content, its SHA-256 and the platform's Ed25519 signature",
    creationDate: issued,
    modificationDate: issued,
  });
  return pdf.save({ useObjectStreams: false });
}
