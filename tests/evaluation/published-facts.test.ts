/**
 * A fact a department publishes beyond its records (shared/departments.ts `facts`), read with no
 * line of its own in the evaluation or the incentives: the policy's factRules weigh its value, a
 * catalogue offer requires it (`{ fact, anyOf }`: UNKNOWN while its department is down), and both
 * refuse a fact or value no department declares. Pure: the policy, the catalogue, a profile.
 */
import { describe, expect, it } from "vitest";
import { PROFILE_DEPARTMENTS } from "../../shared/departments.js";
import { computePersonCheck } from "../../shared/ids.js";
import { activePolicy, type Policy, validatePolicy } from "../../subgraphs/evaluation/policy.js";
import { evaluateProfile, type ProfileFacts } from "../../subgraphs/evaluation/score.js";
import { activeCatalogue, type Catalogue, validateCatalogue } from "../../subgraphs/incentives/catalogue.js";
import { checkOffer, type IncentiveFacts } from "../../subgraphs/incentives/eligibility.js";

const policy = activePolicy();
const AS_OF = "2026-11-01";
const PERSON = `33052219900101123${computePersonCheck("33052219900101123")}`;

/** A clean person of 长兴 whose household code is `colour` (or who has no household: null; village down: undefined). */
function person(colour: string | null | undefined): IncentiveFacts {
  const village = colour === undefined ? null : { records: [], household: colour === null ? null : { code: { colour, points: 62 } } };
  // Every department answering with no record; the tax rating list and the trading threshold beside them.
  const answering = Object.fromEntries(PROFILE_DEPARTMENTS.map((d) => [d.profileField, { records: [] }]));
  return {
    ...answering,
    id: PERSON,
    district: "CHANGXING",
    listEntries: [],
    commitments: [],
    tax: { ratings: [], records: [] },
    publicResources: { warningThreshold: 12, records: [] },
    village,
    creditCode: { status: "ACTIVE" },
  };
}
const evaluate = (p: ProfileFacts, with_: Policy = policy) => evaluateProfile(p, with_, AS_OF);

describe("the policy's factRules", () => {
  it("weigh a published fact's value, naming the department and the fact, and nothing for a person without it", () => {
    const red = evaluate(person("RED"));
    expect(red.reasons).toEqual([
      {
        kind: "FACT",
        department: "village",
        fact: "village.householdCode",
        recordId: null,
        dimension: "SOCIAL_MORALITY",
        points: -40,
        zh: "长兴文明诚信码红码（户）（62分）",
        en: "household civility code red (Changxing) (62 points)",
      },
    ]);
    expect(red.score).toBe(evaluate(person(null)).score! - 40);
    expect(evaluate(person("GREEN")).reasons).toEqual([]);
    expect(evaluate(person(undefined))).toMatchObject({ complete: false, missingSources: ["village"], reasons: [] });
  });

  it("refuse a fact no department publishes and a value not one of its codes", () => {
    const broken = {
      ...policy,
      factRules: [
        { department: "village", fact: "noSuchFact", value: "RED", dimension: "SOCIAL_MORALITY", points: -1, zh: "x", en: "x" },
        { department: "village", fact: "householdCode", value: "PURPLE", dimension: "SOCIAL_MORALITY", points: -1, zh: "x", en: "x" },
      ],
    };
    const problems = validatePolicy(broken).join("\n");
    expect(problems).toMatch(/factRules\[0\]: village publishes no fact "noSuchFact"/);
    expect(problems).toMatch(/factRules\[1\]\.value "PURPLE" is not one of BLUE, GREEN, YELLOW, RED/);
  });
});

describe("a catalogue offer requiring a published fact", () => {
  const catalogue = activeCatalogue();
  const offer = catalogue.offers.find((o) => o.id === "other-civility-household-priority")!;
  const condition = (colour: string | null | undefined) => {
    const facts = person(colour);
    const result = checkOffer(offer, facts, evaluateProfile(facts, policy, AS_OF), AS_OF);
    return { status: result.status, missing: result.missingDepartments, fact: result.conditions.find((c) => c.condition === "FACT") };
  };

  it("is met by one of its values, not met by another or by none, unknown while its department is down", () => {
    expect(offer.rules.facts).toEqual([{ fact: "village.householdCode", anyOf: ["BLUE", "GREEN"] }]);
    expect(condition("GREEN")).toMatchObject({
      status: "ELIGIBLE",
      fact: { outcome: "MET", department: "village", zh: "长兴文明诚信码（户）为蓝码或绿码（当前：绿码，62分）" },
    });
    expect(condition("YELLOW")).toMatchObject({
      status: "NOT_ELIGIBLE",
      fact: { outcome: "NOT_MET", en: "Changxing household civility code BLUE or GREEN (now: YELLOW, 62 points)" },
    });
    expect(condition(null)).toMatchObject({ status: "NOT_ELIGIBLE", fact: { outcome: "NOT_MET", zh: "长兴文明诚信码（户）为蓝码或绿码（当前：无）" } });
    expect(condition(undefined)).toMatchObject({ status: "UNKNOWN", missing: ["village"], fact: { outcome: "UNKNOWN" } });
  });

  it("is refused for a fact no department publishes and a value not one of its codes", () => {
    const broken: Catalogue = structuredClone(catalogue);
    const rules = broken.offers.find((o) => o.id === offer.id)!.rules;
    rules.facts = [
      { fact: "village.noSuchFact", anyOf: ["GREEN"] },
      { fact: "village.householdCode", anyOf: ["PURPLE"] },
    ];
    const problems = validateCatalogue(broken).join("\n");
    expect(problems).toMatch(/no department publishes the fact "village\.noSuchFact"/);
    expect(problems).toMatch(/"PURPLE" is not a value of village\.householdCode/);
  });
});
