/**
 * Times as a person in Huzhou reads them: Beijing time (UTC+8, no daylight saving since 1991), the
 * zone stated. The API keeps its ISO 8601 values (UTC `…Z` is fine there); documents and pages
 * convert with these. Plain arithmetic, no `Intl` time zone data needed.
 */

const OFFSET_MS = 8 * 3600_000;

const shifted = (time: string | Date): Date | undefined => {
  const ms = typeof time === "string" ? Date.parse(time) : time.getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms + OFFSET_MS);
};

/**
 * An instant in Beijing time with its offset, for signed content and machine readers.
 *
 * @example toBeijingIso("2026-12-03T08:50:29.272Z") // "2026-12-03T16:50:29.272+08:00"
 */
export function toBeijingIso(time: string | Date): string {
  const local = shifted(time);
  if (!local) throw new RangeError(`Not a time: ${String(time)}`);
  return `${local.toISOString().slice(0, 23)}+08:00`;
}

/**
 * An instant as a Chinese document prints it, to the minute; the text itself when it is not a time.
 *
 * @example formatBeijingTime("2026-12-03T08:50:29.272Z") // "2026年12月3日 16:50"
 */
export function formatBeijingTime(time: string | Date): string {
  const local = shifted(time);
  if (!local) return String(time);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${formatChineseDate(local.toISOString().slice(0, 10))} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/**
 * A calendar date (`YYYY-MM-DD`) as a Chinese document prints it; other text as it is.
 *
 * @example formatChineseDate("2026-06-01") // "2026年6月1日"
 */
export function formatChineseDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : date;
}

/**
 * The UTC instant (ISO 8601, as the API stores times) at which a Beijing calendar day begins;
 * `days` later for a later day's start.
 *
 * @example beijingDayStartUtc("2026-12-03") // "2026-12-02T16:00:00.000Z"
 */
export function beijingDayStartUtc(date: string, days = 0): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000 - OFFSET_MS).toISOString();
}
