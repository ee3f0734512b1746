/**
 * Scalars shared by every subgraph. `Date` is a calendar date as ISO `YYYY-MM-DD` text, which is
 * also how the databases store it (portable across SQLite and PostgreSQL).
 */
import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { ErrorCodes } from "./errors.js";

/** True when `value` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The earliest date any input may carry: the founding of the People's Republic (1949-10-01). No
 * credit record predates it, and dates such as 0001-01-01 or 1800-01-01 could only move a record
 * out of every view (a publicity period ending in 1902).
 */
export const EARLIEST_DATE = "1949-10-01";

function parseDate(value: unknown): string {
  if (typeof value !== "string" || !isIsoDate(value)) {
    throw new GraphQLError(`Date must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`, {
      extensions: { code: ErrorCodes.BAD_USER_INPUT },
    });
  }
  if (value < EARLIEST_DATE) {
    throw new GraphQLError(`Date ${value} is before ${EARLIEST_DATE}, the earliest date accepted`, { extensions: { code: ErrorCodes.BAD_USER_INPUT } });
  }
  return value;
}

export const DateScalar = new GraphQLScalarType({
  name: "Date",
  description: "A calendar date (日期) written YYYY-MM-DD, in China Standard Time.",
  // Output is stored data: any calendar date; the lower bound applies to input.
  serialize: (value) => {
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
    if (typeof text !== "string" || !isIsoDate(text)) throw new GraphQLError(`Not a calendar date: ${JSON.stringify(value)}`);
    return text;
  },
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

/** Today's date in China Standard Time (UTC+8), as `YYYY-MM-DD`. */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** `date` plus whole days (negative: before), as `YYYY-MM-DD`. */
export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** `date` plus whole months (clamped to the month's end), as `YYYY-MM-DD`. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}
