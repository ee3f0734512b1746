/**
 * The evaluation itself: a pure function of a subject's federated profile, a policy and a date.
 * Same inputs and policy → same output (the caller adds the time of evaluation).
 *
 * A record counts on `asOf` when it was decided by then, its publicity had not ended, and it had
 * not been repaired or closed; what-if repairs (`repaired`) stop a record counting as a repair would.
 */
import { factNamed, needsDepartment, PROFILE_DEPARTMENTS } from "../../shared/departments.js";
import { readFact } from "../../shared/facts.js";
import { parseSubjectId } from "../../shared/ids.js";
import type { ProfileFacts, RecordFacts } from "./profile.type.js";
import type { DirectDowngrade, Level, Policy } from "./policy.js";

export type { DepartmentFacts, ProfileFacts, RecordFacts } from "./profile.type.js";

export interface Reason {
  /** DOWNGRADE reasons cap the level; the others add points. */
  kind: "DOWNGRADE" | "RECORD" | "LIST" | "TAX_LEVEL" | "COMMITMENT" | "FACT";
  department: string;
  /** For a FACT reason: the published fact it weighs (`village.householdCode`). */
  fact?: string;
  recordId: string | null;
  dimension: string | null;
  /** Effect on the 0–1000 score (dimension points × the dimension's weight), one decimal. */
  points: number;
  zh: string;
  en: string;
}

export interface Evaluation {
  subjectId: string;
  kind: "ORGANIZATION" | "PERSON";
  score: number | null;
  level: Level["organization"] | null;
  codeColor: Level["person"] | null;
  dimensions: { name: string; zh: string; score: number; weight: number }[];
  reasons: Reason[];
  complete: boolean;
  missingSources: string[];
  policyVersion: string;
  asOf: string;
}

/**
 * The departments the policy reads, and where each sits in the profile: the credit office's lists
 * and commitments, every department's `Subject` field (missing only for a subject whose evaluation
 * needs it: 长兴's village archive for the persons living in 长兴).
 */
export const SOURCES: readonly (readonly [string, (p: ProfileFacts) => unknown])[] = [
  ["credit", (p) => p.listEntries && p.commitments],
  ...PROFILE_DEPARTMENTS.map((d) => [d.name, (p: ProfileFacts) => p[d.profileField] || !needsDepartment(d, p)] as const),
];

/** Every department's records in the profile, by department (none for one not read). */
export const departmentRecords = (profile: ProfileFacts): [string, RecordFacts[]][] =>
  PROFILE_DEPARTMENTS.map((d) => [d.name, profile[d.profileField]?.records ?? []]);

const round1 = (n: number) => Math.round(n * 10) / 10;

/** A tax rating of year Y is fixed each April for Y (domain.md §3): it counts from Y+1-04-30. */
const ratingPublished = (year: number, asOf: string) => `${year + 1}-04-30` <= asOf;

/** The latest tax rating published by `asOf`, if any. */
export const latestTaxRating = (profile: ProfileFacts, asOf: string) =>
  [...(profile.tax?.ratings ?? [])].filter((r) => ratingPublished(r.year, asOf)).sort((a, b) => b.year - a.year)[0];

/** Whether a record counts on `asOf`: decided by then, still in publicity, not closed or repaired. */
export const recordCounts = (r: RecordFacts, asOf: string, repaired: ReadonlySet<string> = new Set()): boolean =>
  r.decidedOn <= asOf && r.publicityEndsOn > asOf && !(r.closedOn && r.closedOn <= asOf) && !repaired.has(r.id);

/** Public-resources trading points in force on `asOf` (the warning list starts at the threshold). */
export const activeTradingPoints = (profile: ProfileFacts, asOf: string, repaired: ReadonlySet<string> = new Set()): number =>
  (profile.publicResources?.records ?? [])
    .filter((r) => recordCounts(r, asOf, repaired) && (r.pointsValidUntil ?? "") > asOf)
    .reduce((s, r) => s + (r.points ?? 0), 0);

/** Whether a list entry was removed by `asOf`: from its removal date on; one listed in error never counted. */
const removedBy = (e: { status: string; removedOn?: string | null; removalReason?: string | null }, asOf: string) =>
  e.status === "REMOVED" && (e.removalReason === "ERROR" || e.removedOn == null || e.removedOn <= asOf);

/** A subject's list entries in force on `asOf`: listed by then, its term not ended, not removed by then. */
export const activeListEntries = (profile: ProfileFacts, asOf: string, repaired: ReadonlySet<string> = new Set()) =>
  (profile.listEntries ?? []).filter((e) => e.listedOn <= asOf && (e.expiresOn == null || e.expiresOn > asOf) && !removedBy(e, asOf) && !repaired.has(e.id));

/** What one evaluation reads: the profile, the policy, the date and the what-if repairs. */
interface Inputs {
  kind: Evaluation["kind"];
  profile: ProfileFacts;
  policy: Policy;
  asOf: string;
  repaired: ReadonlySet<string>;
}

/** A reason before its weight: which dimension it moves, by how many points. */
type Scored = Omit<Reason, "points"> & { dimension: string; dimensionPoints: number };

/** The RECORD reasons: each counting department record that a record rule matches. */
function recordReasons({ profile, policy, asOf, repaired }: Inputs): Scored[] {
  return departmentRecords(profile).flatMap(([department, records]) =>
    records
      .filter((r) => recordCounts(r, asOf, repaired))
      .flatMap((r): Scored[] => {
        const rule = policy.recordRules.find(
          (x) => x.department === department && (x.category === "*" || x.category === r.category) && (x.severity === "*" || x.severity === r.severity),
        );
        if (!rule) return [];
        const dimensionPoints = rule.points ?? (rule.pointsPerRecordPoint ?? 0) * (r.points ?? 0);
        const { dimension, zh, en } = rule;
        return [{ kind: "RECORD", department, recordId: r.id, dimension, dimensionPoints, zh: `${zh}（${r.decidedOn}）`, en: `${en} (${r.decidedOn})` }];
      }),
  );
}

/** The LIST, TAX_LEVEL and COMMITMENT reasons: the credit office's lists and commitments, the tax rating. */
function creditReasons({ kind, profile, policy, asOf, repaired }: Inputs): Scored[] {
  const reasons: Scored[] = [];
  for (const e of activeListEntries(profile, asOf, repaired)) {
    const rule = policy.listRules.find((x) => x.list === e.list);
    if (rule)
      reasons.push({ kind: "LIST", department: "credit", recordId: e.id, dimension: rule.dimension, dimensionPoints: rule.points, zh: rule.zh, en: rule.en });
  }
  const rating = latestTaxRating(profile, asOf);
  const taxRule = rating && policy.taxLevelRules.find((x) => x.level === rating.level);
  if (taxRule) {
    const { dimension, points, zh, en } = taxRule;
    reasons.push({
      kind: "TAX_LEVEL",
      department: "tax",
      recordId: null,
      dimension,
      dimensionPoints: points,
      zh: `${zh}（${rating.year}年度）`,
      en: `${en} (${rating.year})`,
    });
  }
  // The subject's kind chooses the commitment rules: the 个人诚信码's core is commitments kept (seed 003).
  // A kept one counts from its fulfilment, a broken one from the day its department found it broken
  // (resolvedOn; its due date where none was recorded); an open one, overdue or not, counts nothing.
  const countsFrom = (c: { fulfilment: string; dueOn: string; fulfilledOn?: string | null; resolvedOn?: string | null }) =>
    c.fulfilment === "FULFILLED" ? (c.fulfilledOn ?? "9999") : (c.resolvedOn ?? c.dueOn);
  for (const rule of policy.commitmentRules.filter((r) => !r.subjectKind || r.subjectKind === kind)) {
    const matching = (profile.commitments ?? [])
      .filter((c) => c.fulfilment === rule.fulfilment && !repaired.has(c.id) && countsFrom(c) <= asOf)
      .sort((a, b) => a.id.localeCompare(b.id))
      .slice(0, rule.maxCount ?? Infinity);
    for (const c of matching)
      reasons.push({
        kind: "COMMITMENT",
        department: "credit",
        recordId: c.id,
        dimension: rule.dimension,
        dimensionPoints: rule.points,
        zh: `${rule.zh}（${countsFrom(c)}）`,
        en: `${rule.en} (${countsFrom(c)})`,
      });
  }
  return reasons;
}

/** The FACT reasons: each fact a department publishes (shared/departments.ts `facts`) whose value a fact rule weighs. */
function factReasons({ profile, policy }: Inputs): Scored[] {
  return (policy.factRules ?? []).flatMap((rule): Scored[] => {
    const fact = factNamed(`${rule.department}.${rule.fact}`);
    const value = fact && readFact(profile[fact.profileField], fact);
    if (!fact || value?.code !== rule.value) return [];
    const { department, dimension, points, zh, en } = rule;
    const unit = fact.detail && value.detail !== null ? fact.detail : null;
    return [
      {
        kind: "FACT",
        department,
        fact: fact.key,
        recordId: null,
        dimension,
        dimensionPoints: points,
        zh: unit ? `${zh}（${value.detail}${unit.zh}）` : zh,
        en: unit ? `${en} (${value.detail} ${unit.en})` : en,
      },
    ];
  });
}

/** Direct downgrades in force: each caps the level whatever the points. */
type Downgrade = { rule: DirectDowngrade; recordId: string | null; department: string };

function downgradesOf({ profile, policy, asOf, repaired }: Inputs): Downgrade[] {
  const entries = activeListEntries(profile, asOf, repaired);
  const rating = latestTaxRating(profile, asOf);
  const threshold = profile.publicResources?.warningThreshold;
  return policy.directDowngrades.flatMap((rule): Downgrade[] => {
    if (rule.kind === "LIST") {
      const entry = entries.find((e) => e.list === rule.list);
      return entry ? [{ rule, recordId: entry.id, department: "credit" }] : [];
    }
    if (rule.kind === "RECORD") {
      const records = departmentRecords(profile).find(([d]) => d === rule.department)?.[1] ?? [];
      const record = records.find((r) => r.category === rule.category && recordCounts(r, asOf, repaired));
      return record ? [{ rule, recordId: record.id, department: rule.department }] : [];
    }
    if (rule.kind === "TAX_LEVEL") return rating?.level === rule.level ? [{ rule, recordId: null, department: "tax" }] : [];
    return threshold != null && activeTradingPoints(profile, asOf, repaired) >= threshold ? [{ rule, recordId: null, department: rule.department }] : [];
  });
}

export function evaluateProfile(profile: ProfileFacts, policy: Policy, asOf: string, repaired: ReadonlySet<string> = new Set()): Evaluation {
  const parsed = parseSubjectId(profile.id);
  const kind = parsed.ok ? parsed.value.kind : "ORGANIZATION";
  const inputs = { kind, profile, policy, asOf, repaired };
  const missingSources = SOURCES.filter(([, get]) => !get(profile)).map(([name]) => name);
  const weightOf = new Map(policy.dimensions.map((d) => [d.name, d.weight]));
  const raw = new Map(policy.dimensions.map((d) => [d.name, d.base]));
  const reasons = [...recordReasons(inputs), ...creditReasons(inputs), ...factReasons(inputs)].map(({ dimensionPoints, ...reason }): Reason => {
    raw.set(reason.dimension, (raw.get(reason.dimension) ?? 0) + dimensionPoints);
    return { ...reason, points: round1(dimensionPoints * (weightOf.get(reason.dimension) ?? 0)) };
  });
  const downgrades = downgradesOf(inputs);

  const dimensions = policy.dimensions.map((d) => ({
    name: d.name,
    zh: d.zh,
    weight: d.weight,
    score: Math.min(policy.scale.max, Math.max(policy.scale.min, raw.get(d.name) ?? d.base)),
  }));
  const score = Math.round(dimensions.reduce((s, d) => s + d.weight * d.score, 0));
  const rankOf = (organizationLevel: string) => policy.levels.findIndex((l) => l.organization === organizationLevel);
  let rank = policy.levels.findIndex((l) => score >= l.minScore);
  for (const d of downgrades) rank = Math.max(rank, rankOf(d.rule.capAt));
  const ordered = [
    ...downgrades.map(
      (d): Reason => ({ kind: "DOWNGRADE", department: d.department, recordId: d.recordId, dimension: null, points: 0, zh: d.rule.zh, en: d.rule.en }),
    ),
    ...reasons.sort(
      (a, b) => Math.abs(b.points) - Math.abs(a.points) || a.department.localeCompare(b.department) || (a.recordId ?? "").localeCompare(b.recordId ?? ""),
    ),
  ];
  const complete = missingSources.length === 0;
  return {
    subjectId: profile.id,
    kind,
    score: complete ? score : null,
    level: complete && kind === "ORGANIZATION" ? policy.levels[rank].organization : null,
    codeColor: complete && kind === "PERSON" ? policy.levels[rank].person : null,
    dimensions: complete ? dimensions : [],
    reasons: ordered,
    complete,
    missingSources,
    policyVersion: policy.version,
    asOf,
  };
}
