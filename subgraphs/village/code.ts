/**
 * A household's 文明诚信码: the data file's base plus the points of its events in the window (the
 * last `windowMonths` months up to the day asked, withdrawn events left out), and the colour of
 * the first threshold those points reach. Pure; the thresholds are ours (data/village-2026.1.json).
 */
import { addMonths } from "../../shared/scalars.js";
import { type CodeColour, type VillageData, villageData } from "./village-data.js";

export interface HouseholdCodeValue {
  colour: CodeColour;
  points: number;
  windowFrom: string;
  windowTo: string;
}

/** The first day of the window that ends on `asOf`. */
export const windowStart = (asOf: string, data: Readonly<VillageData> = villageData()): string => addMonths(asOf, -data.code.windowMonths);

/** The colour `points` reach. */
export const colourOf = (points: number, data: Readonly<VillageData> = villageData()): CodeColour =>
  (data.code.colours.find((c) => points >= c.minPoints) ?? data.code.colours[data.code.colours.length - 1]).colour;

/** The code of a household from its events, on `asOf`. */
export function householdCode(
  events: readonly { occurred_on: string; points: number; withdrawn: number }[],
  asOf: string,
  data: Readonly<VillageData> = villageData(),
): HouseholdCodeValue {
  const windowFrom = windowStart(asOf, data);
  const inWindow = events.filter((e) => !e.withdrawn && e.occurred_on > windowFrom && e.occurred_on <= asOf);
  const points = data.code.base + inWindow.reduce((s, e) => s + e.points, 0);
  return { colour: colourOf(points, data), points, windowFrom, windowTo: asOf };
}
