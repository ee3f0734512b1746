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
 * and X, spaces, dashes, dots or slashes between them, glued to letters or Chinese (a 身份证号330…
 * is still one) — but not inside a longer run of digits.
 */
const D = "[0-9０-９]";
const SEP = "[\\s\\-‐-―−.·/_]*";
const PERSON_ID_SHAPE = new RegExp(`(?<![0-9０-９])${D}(?:${SEP}${D}){16}${SEP}[0-9０-９XxＸｘ](?!${SEP}[0-9０-９])`, "g");

/**
 * Masks everything in `text` that reads as a person's ID number — checksum valid or not, since a
 * mistyped one is still nearly someone's — keeping only all-digit USCCs, which are public.
 * `isPublicCode` tells those apart (shared/ids.ts `parseUscc`). A match is read in its canonical
 * form (NFKC, separators dropped) before it is judged, and replaced by that form masked.
 */
export function maskPersonIdsInText(text: string, isPublicCode: (candidate: string) => boolean): string {
  if (text.length < 18) return text;
  return text.replace(PERSON_ID_SHAPE, (match) => {
    const candidate = match.normalize("NFKC").replace(/[^0-9Xx]/g, "");
    return isPublicCode(candidate) ? match : maskIdNumber(candidate);
  });
}
