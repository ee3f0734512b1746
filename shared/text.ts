/** Free text from clients: normalisation and the characters no input may carry. */

/**
 * Control characters (C0, DEL, C1) and the bidirectional controls that can make stored text read
 * differently from what it is (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C). Tab and line
 * breaks are ordinary text.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this expression's purpose.
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** A problem naming the first unsafe character of `text` and its position, or undefined. */
export function findUnsafeCharacter(text: string): string | undefined {
  const match = UNSAFE.exec(text);
  if (!match) return undefined;
  const position = [...text.slice(0, match.index)].length + 1;
  return `contains the control character U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")} at position ${position}`;
}

/**
 * A decision document number in one canonical form, so that the same number typed with full-width
 * digits or brackets, other case or stray spaces is the same number: NFKC, trimmed, upper case,
 * inner whitespace removed.
 */
export const normaliseDocumentNo = (text: string): string => text.normalize("NFKC").trim().replace(/\s+/gu, "").toUpperCase();

/**
 * One line of text for the audit (a stated purpose): NFKC (full-width forms folded), every run of
 * whitespace — line breaks, U+2028/9 — one space, format characters (zero-width spaces and joiners,
 * soft hyphens, bidirectional marks) and blank look-alikes (Hangul fillers, the blank braille
 * pattern, variation selectors) removed, trimmed. What it shows is what it says.
 */
export const normaliseLine = (text: string): string =>
  text
    .normalize("NFKC")
    .replace(/\p{Cf}|\p{Variation_Selector}|\u034F|\u115F|\u1160|\u2800|\u3164|\uFFA0/gu, "")
    .replace(/\s+/gu, " ")
    .trim();

/** Short free text from a client (a channel, a reason), NFC and trimmed, with its problem if any: 1–`max` characters, no control character. */
export function checkText(field: string, value: string, max: number): { text: string; problem?: { field: string; message: string } } {
  const text = String(value ?? "")
    .normalize("NFC")
    .trim();
  const length = [...text].length;
  if (length < 1 || length > max) return { text, problem: { field, message: `must be 1–${max} characters` } };
  const unsafe = findUnsafeCharacter(text);
  return unsafe ? { text, problem: { field, message: unsafe } } : { text };
}

/** Text made safe inside HTML (element content and quoted attributes). */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
