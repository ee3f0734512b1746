/** Named scales of the synthetic population and the generator's defaults. */

/** The demo `npm start` seeds. */
export const DEMO_SUBJECTS = 2_000;
/** Huzhou: 3.41 M residents and a few hundred thousand organisations (DESIGN.md). */
export const CITY_SUBJECTS = 3_410_000 + 340_000;
export const DEFAULT_SEED = "huzhou";
/** The date the synthetic data describes; fixed so the data is the same on every run. */
export const DEFAULT_AS_OF = "2026-11-01";

/** Subjects for `--scale`: a positive integer, `demo` or `city`. */
export function parseScale(scale: string): number {
  if (scale === "demo") return DEMO_SUBJECTS;
  if (scale === "city") return CITY_SUBJECTS;
  const n = Number(scale);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--scale must be a positive integer, "demo" or "city", got "${scale}"`);
  return n;
}
