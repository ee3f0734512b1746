/**
 * The filter of the programme metrics (信易+ dashboards) and its canonical form, which is the key
 * of the `ProgrammeMetrics` entity: the incentives subgraph answers the ledger's figures and the
 * credit office adds its own for the same key (registrations, repairs, list entries).
 */
import { createValidationError } from "./errors.js";
import { HUZHOU_DISTRICTS, type DistrictKey } from "./divisions.js";
import { isIsoDate } from "./scalars.js";

export interface MetricsFilter {
  district?: DistrictKey;
  /** First and last day (inclusive), YYYY-MM-DD. */
  from?: string;
  to?: string;
  /** A scenario code of the incentive catalogue (e.g. XING). */
  scenario?: string;
}

const ANY = "*";

/** Checks a filter; throws BAD_USER_INPUT naming every problem. */
export function checkMetricsFilter(filter: MetricsFilter): MetricsFilter {
  const problems: { field: string; message: string }[] = [];
  for (const field of ["from", "to"] as const) {
    const value = filter[field];
    if (value != null && !isIsoDate(value)) problems.push({ field: `filter.${field}`, message: `must be a date YYYY-MM-DD, got "${value}"` });
  }
  if (filter.from && filter.to && filter.from > filter.to) problems.push({ field: "filter.to", message: `${filter.to} is before filter.from ${filter.from}` });
  if (filter.scenario != null && !/^[A-Z]{1,8}$/.test(filter.scenario))
    problems.push({ field: "filter.scenario", message: "must be a scenario code, e.g. XING" });
  if (problems.length > 0) throw createValidationError(problems);
  return { district: filter.district ?? undefined, from: filter.from ?? undefined, to: filter.to ?? undefined, scenario: filter.scenario ?? undefined };
}

/** The entity key of a filter: `district|from|to|scenario`, `*` for an absent part. */
export const metricsKey = (f: MetricsFilter): string => [f.district, f.from, f.to, f.scenario].map((v) => v ?? ANY).join("|");

/** The filter of an entity key (the gateway sends back what `metricsKey` made). */
export function parseMetricsKey(key: string): MetricsFilter {
  const [district, from, to, scenario] = key.split("|").map((v) => (v === ANY || v === undefined ? undefined : v));
  if (district !== undefined && !HUZHOU_DISTRICTS.some((d) => d.key === district)) throw new Error(`unknown district in metrics key "${key}"`);
  return checkMetricsFilter({ district: district as DistrictKey | undefined, from, to, scenario });
}
