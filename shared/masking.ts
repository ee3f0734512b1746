import { parsePersonId } from "./ids.js";

/**
 * Masking of personal data for callers without `pii:read` (domain.md §8: there is no single
 * national rule; these follow common practice). Organisation names and USCCs are public
 * registration data and are never masked.
 */

/** 张三 → 张*, 张三丰 → 张*丰, 欧阳娜娜 → 欧**娜: first and last character kept (two-character names keep the first). */
export function maskPersonName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return "*";
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 330502199001011236 → 330502********1236 (first 6 + last 4). */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return "*".repeat(id.length);
  return `${id.slice(0, 6)}${"*".repeat(id.length - 10)}${id.slice(-4)}`;
}

/** 13812341234 → 138****1234; other lengths keep the first 3 and last 4 when long enough. */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return "*".repeat(phone.length);
  return `${phone.slice(0, 3)}${"*".repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/**
 * 18 characters shaped like a 居民身份证号码 however they are written: ASCII or full-width digits
 * and X, glued to letters or Chinese (a 身份证号330… is still one), or grouped the ways people
 * write one — one space, dash or dot after the 6-digit division and between the 4-digit groups
 * (330502 19900101 1236, 330502-1990-0101-1236) — but not inside a longer run of digits. Only
 * those groupings: a separator anywhere would make UUIDs' digits (TAX-1234…) read as IDs.
 */
const D = "[0-9０-９]";
const SEP = "[ \\-‐‑–—−.·　]?";
const PERSON_ID_SHAPE = new RegExp(`(?<![0-9０-９])${D}{6}${SEP}${D}{4}${SEP}${D}{4}${SEP}${D}{3}[0-9０-９XxＸｘ](?![0-9０-９])`, "g");

/** One match of that shape: the text as written and its canonical 18 characters (NFKC, separators dropped). */
export interface PersonIdCandidate {
  match: string;
  candidate: string;
  /** Written with separators (then only a valid ID number counts: see maskPersonIdsInText). */
  grouped: boolean;
}

/** Everything in `text` shaped like a person's ID number. */
export function personIdCandidates(text: string): PersonIdCandidate[] {
  if (text.length < 18) return [];
  return [...text.matchAll(PERSON_ID_SHAPE)].map(([match]) => {
    const candidate = match
      .normalize("NFKC")
      .replace(/[^0-9Xx]/g, "")
      .toUpperCase();
    return { match, candidate, grouped: candidate.length !== match.length };
  });
}

/**
 * Masks everything in `text` that reads as a person's ID number — 18 digits in a row whether the
 * checksum holds or not, since a mistyped one is still nearly someone's; a grouped one when it is
 * a valid ID number — keeping only all-digit USCCs, which are public (`isPublicCode`, shared/ids.ts
 * `parseUscc`). A masked one is replaced by its canonical form masked.
 */
export function maskPersonIdsInText(text: string, isPublicCode: (candidate: string) => boolean): string {
  if (text.length < 18) return text;
  return text.replace(PERSON_ID_SHAPE, (match) => {
    const [{ candidate, grouped }] = personIdCandidates(match);
    if (isPublicCode(candidate) || (grouped && !parsePersonId(candidate).ok)) return match;
    return maskIdNumber(candidate);
  });
}
