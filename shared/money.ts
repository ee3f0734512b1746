/** Money: stored as integer fen, exchanged in GraphQL as yuan with at most two decimals. */

export const fenToYuan = (fen: number): number => fen / 100;

/** Fen for a yuan amount, or a problem text when it is negative, not finite or has > 2 decimals. */
export function yuanToFen(yuan: number, options: { positive?: boolean } = {}): { fen: number } | { problem: string } {
  if (!Number.isFinite(yuan)) return { problem: "must be a finite number of yuan" };
  const fen = Math.round(yuan * 100);
  if (Math.abs(fen - yuan * 100) > 1e-6) return { problem: `${yuan} has more than 2 decimals` };
  if (options.positive ? fen <= 0 : fen < 0) return { problem: `must be ${options.positive ? "greater than 0" : "0 or more"}, got ${yuan}` };
  if (fen > Number.MAX_SAFE_INTEGER / 10) return { problem: `${yuan} is too large` };
  return { fen };
}
