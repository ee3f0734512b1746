/**
 * The report's drawing primitives, as PDF operators (pdf-lib): a line of text, a rectangle, a QR
 * code as vector squares, and text measured and wrapped to a width — what report-render.ts lays out.
 */
import {
  type Color,
  degrees,
  drawRectangle as rectangleOperators,
  drawText as textOperators,
  fill,
  type PDFFont,
  type PDFName,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingColor,
} from "pdf-lib";
import QRCode from "qrcode";

const fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();
const advances = new WeakMap<PDFFont, Map<string, number>>();
const UPRIGHT = { rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) };

/** `value` of `key` in `map`, made by `make` the first time. */
function memo<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  const known = map.get(key);
  if (known !== undefined) return known;
  const value = make();
  map.set(key, value);
  return value;
}

/**
 * One line of text on a page, as PDF operators: what `page.drawText` writes, without re-checking
 * every option of every call (a report draws hundreds of lines).
 */
export function ink(page: PDFPage, text: string, at: { x: number; y: number; size: number; font: PDFFont; color: Color }): void {
  if (!fontKeys.has(page)) fontKeys.set(page, new Map());
  const key = memo(fontKeys.get(page)!, at.font, () => page.node.newFontDictionary(at.font.name, at.font.ref));
  page.pushOperators(...textOperators(at.font.encodeText(text), { ...at, font: key, ...UPRIGHT }));
}

/**
 * A QR code drawn as vector squares (a run of dark modules in a row is one rectangle): sharp at any
 * print size, and no PNG to encode and decode again (half a second of a report's first rendering).
 */
export function drawQr(page: PDFPage, text: string, at: { x: number; y: number; size: number }): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const quiet = 2;
  const unit = at.size / (modules.size + 2 * quiet);
  const operators = [pushGraphicsState(), setFillingColor(rgb(0, 0, 0))];
  for (let row = 0; row < modules.size; row += 1) {
    for (let col = 0; col < modules.size; col += 1) {
      if (!modules.get(row, col)) continue;
      let end = col;
      while (end + 1 < modules.size && modules.get(row, end + 1)) end += 1;
      operators.push(rectangle(at.x + (quiet + col) * unit, at.y + at.size - (quiet + row + 1) * unit, (end - col + 1) * unit, unit));
      col = end;
    }
  }
  page.pushOperators(...operators, fill(), popGraphicsState());
}

/** A rectangle, as PDF operators (see `ink`). */
export function frame(
  page: PDFPage,
  box: { x: number; y: number; width: number; height: number; borderColor: Color; borderWidth: number; color?: Color; borderDashArray?: number[] },
): void {
  page.pushOperators(...rectangleOperators({ ...box, color: box.color, ...UPRIGHT }));
}

/**
 * The width of `text` at `size`, as the sum of its characters' advances (cached per font): exact
 * here, where the font has no layout tables to substitute or kern, and far cheaper than laying out
 * every candidate line again.
 */
export function widthOf(text: string, font: PDFFont, size: number): number {
  if (!advances.has(font)) advances.set(font, new Map());
  const cache = advances.get(font)!;
  let units = 0;
  for (const ch of text) {
    units += memo(cache, ch, () => font.widthOfTextAtSize(ch, 1000));
  }
  return (units * size) / 1000;
}

/**
 * Splits text into lines no wider than `width`: Chinese between any two characters, Latin words and
 * numbers at spaces (a word wider than the line is cut where it must be); never past the width.
 */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const tokens = text.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|\s+|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+/g) ?? [];
  const lines: string[] = [];
  let current = "";
  let used = 0;
  const push = () => {
    if (current.trim()) lines.push(current.trimEnd());
    [current, used] = ["", 0];
  };
  for (const token of tokens) {
    const w = widthOf(token, font, size);
    if (used + w <= width) {
      [current, used] = [current + token, used + w];
      continue;
    }
    push();
    if (/^\s+$/.test(token)) continue;
    if (w <= width) {
      [current, used] = [token, w];
      continue;
    }
    for (const ch of token) {
      const c = widthOf(ch, font, size);
      if (used + c > width && current) push();
      [current, used] = [current + ch, used + c];
    }
  }
  push();
  return lines.length > 0 ? lines : [""];
}
