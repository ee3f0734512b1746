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
