/**
 * Golden cases of the policy (policy-2026.1.json), one hand-made subject per rule: exact score,
 * level or colour, and first reason. Dimension weights 0.3/0.35/0.15/0.2, every base 750.
 */
import { describe, expect, it } from "vitest";
import { computePersonCheck, computeUsccCheck } from "../../../shared/ids.js";
import { loadPolicy, validatePolicy } from "../policy.js";
import { evaluateProfile, type ProfileFacts, type RecordFacts } from "../score.js";

const policy = loadPolicy();
const AS_OF = "2026-11-01";
const ORG = "9133050212345678" + "9" + computeUsccCheck("91330502123456789");
const PERSON = "33050219900101123" + computePersonCheck("33050219900101123");

const clean = (id: string): ProfileFacts => ({
  id,
  listEntries: [],
  commitments: [],
  tax: { ratings: [], records: [] },
  health: { records: [] },
  transport: { records: [] },
  publicResources: { warningThreshold: 12, records: [] },
  market: { records: [] },
});
const record = (id: string, category: string, severity = "GENERAL", extra: Partial<RecordFacts> = {}): RecordFacts => ({
  id,
  category,
  severity,
  decidedOn: "2026-03-01",
  publicityEndsOn: "2027-03-01",
  closedOn: null,
  ...extra,
});
const entry = (id: string, list: string) => ({ id, list, status: "ACTIVE", listedOn: "2025-01-01", expiresOn: null });
const evaluate = (p: ProfileFacts, asOf = AS_OF, repaired?: Set<string>) => evaluateProfile(p, policy, asOf, repaired);

describe("golden cases", () => {
  it("a clean organisation and a clean person start at 750: GOOD and GREEN", () => {
    expect(evaluate(clean(ORG))).toMatchObject({ score: 750, level: "GOOD", codeColor: null, reasons: [], complete: true, kind: "ORGANIZATION" });
    expect(evaluate(clean(PERSON))).toMatchObject({ score: 750, level: null, codeColor: "GREEN", kind: "PERSON" });
  });

  it("失信被执行人 → RED regardless of points", () => {
    const p = { ...clean(PERSON), listEntries: [entry("CL-1", "DISHONEST_JUDGMENT_DEBTOR")] };
    const e = evaluate(p);
    expect(e).toMatchObject({ score: 750, codeColor: "RED" });
    expect(e.reasons[0]).toMatchObject({ kind: "DOWNGRADE", department: "credit", recordId: "CL-1", en: expect.stringMatching(/dishonest judgment debtor/) });
  });

  it("严重失信主体 → POOR regardless of points, even with honours", () => {
    const p = { ...clean(ORG), listEntries: [entry("CL-2", "SERIOUS_DISHONESTY"), entry("CL-3", "INTEGRITY_MODEL_ENTERPRISE")] };
    expect(evaluate(p)).toMatchObject({
      score: 800,
      level: "POOR",
      reasons: [
        { kind: "DOWNGRADE", recordId: "CL-2" },
        { kind: "LIST", points: 50 },
      ],
    });
  });

  it("market serious-violation list → POOR, and its points count too", () => {
    const p = { ...clean(ORG), market: { records: [record("MR-1", "SERIOUS_VIOLATION", "SERIOUS")] } };
    expect(evaluate(p)).toMatchObject({
      score: 690,
      level: "POOR",
      reasons: [
        { kind: "DOWNGRADE", recordId: "MR-1" },
        { kind: "RECORD", points: -60 },
      ],
    });
  });

  it("tax level D caps the level at FAIR even when points say GOOD", () => {
    const commitments = Array.from({ length: 5 }, (_, k) => ({ id: `CC-${k}`, fulfilment: "FULFILLED", dueOn: "2026-01-01", fulfilledOn: "2025-12-01" }));
    const p = {
      ...clean(ORG),
      listEntries: [entry("CL-4", "INTEGRITY_MODEL_ENTERPRISE")],
      commitments,
      tax: { ratings: [{ year: 2025, level: "D" }], records: [] },
    };
    // 750 − 250×0.3 + 250×0.2 + 5×20×0.3 = 755
    const e = evaluate(p);
    expect(e).toMatchObject({ score: 755, level: "FAIR" });
    expect(e.reasons[0]).toMatchObject({ kind: "DOWNGRADE", department: "tax", en: expect.stringMatching(/level D/) });
    expect(e.reasons[1]).toMatchObject({ kind: "TAX_LEVEL", points: -75 });
  });

  it("the public-resource warning list caps at FAIR from the threshold (12 points) on, not at 11", () => {
    const at = (points: number[]) => ({
      ...clean(ORG),
      tax: { ratings: [{ year: 2025, level: "A" }], records: [] },
      publicResources: {
        warningThreshold: 12,
        records: points.map((n, k) => record(`PR-${k}`, "IMPROPER_CONDUCT", "GENERAL", { points: n, pointsValidUntil: "2027-03-01" })),
      },
    });
    // 750 + 120×0.3 − 12×25×0.15 = 741: GOOD by points, capped
    const capped = evaluate(at([6, 6]));
    expect(capped).toMatchObject({ score: 741, level: "FAIR" });
    expect(capped.reasons[0]).toMatchObject({ kind: "DOWNGRADE", department: "public-resources" });
    const below = evaluate(at([6, 5]));
    expect(below).toMatchObject({ score: 745, level: "GOOD" });
    expect(below.reasons.map((r) => [r.kind, r.points])).toEqual([
      ["TAX_LEVEL", 36],
      ["RECORD", -22.5],
      ["RECORD", -18.7],
    ]); // −18.75 rounds half up
  });

  it("positive records: A-level taxpayer, honours, fulfilled commitments (at most 5)", () => {
    const a = evaluate({
      ...clean(ORG),
      tax: {
        ratings: [
          { year: 2024, level: "B" },
          { year: 2025, level: "A" },
        ],
        records: [],
      },
    });
    expect(a).toMatchObject({ score: 786, level: "GOOD", reasons: [{ kind: "TAX_LEVEL", points: 36, en: "A-level taxpayer (2025)" }] });
    const honour = evaluate({ ...clean(PERSON), listEntries: [entry("CL-5", "VOLUNTEER_5A")] });
    expect(honour).toMatchObject({ score: 800, codeColor: "BLUE", reasons: [{ kind: "LIST", points: 50, zh: "5A志愿者" }] });
    const commitments = Array.from({ length: 7 }, (_, k) => ({ id: `CC-${k}`, fulfilment: "FULFILLED", dueOn: "2026-01-01", fulfilledOn: "2025-12-01" }));
    const kept = evaluate({ ...clean(ORG), commitments });
    expect(kept).toMatchObject({ score: 780 });
    expect(kept.reasons.map((r) => [r.kind, r.points])).toEqual(Array(5).fill(["COMMITMENT", 6]));
  });

  it("a repaired record stops counting from its repair, and counted before it", () => {
    const p = { ...clean(ORG), tax: { ratings: [], records: [record("TV-1", "LATE_FILING", "GENERAL", { closedOn: "2026-06-01" })] } };
    expect(evaluate(p)).toMatchObject({ score: 750, reasons: [] });
    expect(evaluate(p, "2026-05-01")).toMatchObject({
      score: 722,
      level: "GOOD",
      reasons: [{ kind: "RECORD", department: "tax", recordId: "TV-1", points: -28 }],
    });
  });

  it("an expired record no longer counts; a record decided later does not count yet", () => {
    const expired = {
      ...clean(PERSON),
      transport: { records: [record("TT-1", "FARE_EVASION", "GENERAL", { decidedOn: "2025-01-01", publicityEndsOn: "2026-01-01" })] },
    };
    expect(evaluate(expired)).toMatchObject({ score: 750, reasons: [] });
    expect(evaluate(expired, "2025-12-31")).toMatchObject({ score: 738, reasons: [{ points: -12 }] });
    expect(evaluate(expired, "2024-12-31")).toMatchObject({ score: 750 });
  });

  it("thresholds: 800 is BLUE/EXCELLENT and 788 is not; 722 is GREEN and 714 YELLOW; 556 YELLOW and 544 RED", () => {
    const honour = (id: string, list: string) => ({ ...clean(id), listEntries: [entry("CL-6", list)] });
    expect(evaluate(honour(ORG, "INTEGRITY_MODEL_ENTERPRISE"))).toMatchObject({ score: 800, level: "EXCELLENT" });
    expect(evaluate({ ...honour(ORG, "INTEGRITY_MODEL_ENTERPRISE"), transport: { records: [record("TT-2", "PARKING_ARREARS")] } })).toMatchObject({
      score: 788,
      level: "GOOD",
    });
    expect(evaluate({ ...honour(PERSON, "MORAL_MODEL"), transport: { records: [record("TT-3", "FARE_EVASION")] } })).toMatchObject({
      score: 788,
      codeColor: "GREEN",
    });
    const p722 = { ...clean(PERSON), tax: { ratings: [], records: [record("TV-3", "LATE_FILING")] } };
    expect(evaluate(p722)).toMatchObject({ score: 722, codeColor: "GREEN", reasons: [{ recordId: "TV-3", points: -28 }] });
    const p714 = { ...clean(PERSON), health: { records: [record("HR-1", "PAY_AFTER_DEFAULT")] } };
    expect(evaluate(p714)).toMatchObject({ score: 714, codeColor: "YELLOW", reasons: [{ recordId: "HR-1", points: -36 }] });
    // 750 − 350×0.35 − 120×0.3 − 40×0.3 − 2×60×0.2 = 555.5 → 556
    const p556 = {
      ...clean(PERSON),
      tax: { ratings: [], records: [record("TV-2", "TAX_EVASION", "SERIOUS")] },
      health: { records: [record("HR-2", "PAY_AFTER_DEFAULT")] },
      transport: { records: [record("TT-4", "PARKING_ARREARS"), record("TT-5", "FARE_EVASION"), record("TT-6", "FARE_EVASION")] },
    };
    const e556 = evaluate(p556);
    expect(e556).toMatchObject({ score: 556, codeColor: "YELLOW" });
    expect(e556.reasons[0]).toMatchObject({ recordId: "TV-2", points: -122.5, en: "tax evasion (2026-03-01)" });
    const p544 = { ...p556, transport: { records: [...p556.transport.records, record("TT-7", "PARKING_ARREARS")] } };
    expect(evaluate(p544)).toMatchObject({ score: 544, codeColor: "RED" });
  });
});

describe("representations", () => {
  it("a list entry whose null expiresOn the planner left out still counts (regression: it was ignored)", () => {
    const { expiresOn: _omitted, ...withoutExpiry } = entry("CL-9", "DISHONEST_JUDGMENT_DEBTOR");
    expect(evaluate({ ...clean(PERSON), listEntries: [withoutExpiry] })).toMatchObject({ codeColor: "RED" });
  });
});

describe("completeness, what-if and determinism", () => {
  it("a missing department gives complete: false, no score and no level, and names it", () => {
    const { market: _market, ...rest } = clean(ORG);
    const e = evaluate({ ...rest, tax: null });
    expect(e).toMatchObject({ complete: false, score: null, level: null, codeColor: null, missingSources: ["tax", "market"], dimensions: [] });
  });

  it("what-if: repairing records shows the score they would leave", () => {
    const p = {
      ...clean(PERSON),
      health: { records: [record("HR-3", "PAY_AFTER_DEFAULT")] },
      transport: { records: [record("TT-6", "FARE_EVASION"), record("TT-7", "PARKING_ARREARS")] },
    };
    expect(evaluate(p).score).toBe(690);
    expect(evaluate(p, AS_OF, new Set(["HR-3"]))).toMatchObject({ score: 726, codeColor: "GREEN" });
  });

  it("same inputs and policy → the same output; another policy version shows", () => {
    const p = {
      ...clean(ORG),
      market: { records: [record("MR-2", "ADMINISTRATIVE_PENALTY")] },
      tax: { ratings: [{ year: 2025, level: "A" }], records: [] },
    };
    expect(evaluate(structuredClone(p))).toEqual(evaluate(structuredClone(p)));
    const stricter = { ...policy, version: "2026.1-strict", levels: policy.levels.map((l, i) => (i === 1 ? { ...l, minScore: 780 } : l)) };
    expect(validatePolicy(stricter)).toEqual([]);
    const e = evaluateProfile(p, stricter, AS_OF);
    expect(e).toMatchObject({ policyVersion: "2026.1-strict", score: 774, level: "FAIR" });
    expect(evaluate(p)).toMatchObject({ policyVersion: "2026.1", score: 774, level: "GOOD" });
  });

  it("refuses an invalid policy listing every problem", () => {
    const broken = {
      ...policy,
      dimensions: policy.dimensions.map((d) => ({ ...d, weight: 0.3 })),
      levels: [...policy.levels].reverse(),
      recordRules: [{ ...policy.recordRules[0], dimension: "NOPE" }],
    };
    const problems = validatePolicy(broken);
    expect(problems.join("\n")).toMatch(/weights must add up to 1/);
    expect(problems.join("\n")).toMatch(/levels must be, best first/);
    expect(problems.join("\n")).toMatch(/recordRules\[0\]\.dimension "NOPE"/);
    // Shape problems name where they are, from the schema that is also the Policy type.
    const misshapen = validatePolicy({ ...policy, provenance: "", dimensions: [{ name: "x" }], taxLevelRules: [{ ...policy.taxLevelRules[0], level: "Z" }] });
    expect(misshapen.join("\n")).toMatch(/provenance/);
    expect(misshapen.join("\n")).toMatch(/dimensions\.0/);
    expect(misshapen.join("\n")).toMatch(/taxLevelRules\.0\.level/);
  });
});
