/**
 * The rule table: for every offer of the twelve scenarios, a subject that qualifies and one that
 * does not, with the condition that refuses it — on the shipped catalogue and scoring policy.
 */
import { describe, expect, it } from "vitest";
import { todayInChina } from "../../../shared/scalars.js";
import { activePolicy } from "../../evaluation/policy.js";
import { evaluateProfile } from "../../evaluation/score.js";
import { activeCatalogue, type Offer, validateCatalogue } from "../catalogue.js";
import { checkOffer, type IncentiveFacts } from "../eligibility.js";

const PERSON = "330502199001011236";
const ORGANIZATION = "91110000802100433B";
const today = todayInChina();
const catalogue = activeCatalogue();
const policy = activePolicy();

/** A clean subject of the offer's first kind that meets each of its rules. */
function qualifying(offer: Offer): IncentiveFacts {
  const person = offer.rules.subjectKinds[0] === "PERSON";
  const honour = offer.rules.requiredLists[0] ?? (person ? "MORAL_MODEL" : "INTEGRITY_MODEL_ENTERPRISE");
  return {
    id: person ? PERSON : ORGANIZATION,
    listEntries: [{ id: "L1", list: honour, status: "ACTIVE", listedOn: "2025-01-01", expiresOn: "2028-01-01" }],
    commitments: [{ id: "C1", fulfilment: "FULFILLED", dueOn: "2025-06-01", fulfilledOn: "2025-05-01" }],
    tax: { ratings: [{ year: 2025, level: "A" }], records: [] },
    health: { records: [] },
    transport: { records: [] },
    publicResources: { warningThreshold: 12, records: [] },
    market: { records: [] },
    creditCode: { status: "ACTIVE" },
  };
}

const record = (id: string, category: string, severity = "GENERAL") => ({
  id,
  category,
  severity,
  decidedOn: "2026-06-01",
  publicityEndsOn: "2029-06-01",
  closedOn: null,
});

/** The same subject broken on the offer's first rule, and the condition that should refuse it. */
function failing(offer: Offer): { facts: IncentiveFacts; condition: string } {
  const facts = qualifying(offer);
  const rules = offer.rules;
  if (facts.id === PERSON && rules.consent) return { facts: { ...facts, creditCode: { status: "REVOKED" } }, condition: "CONSENT" };
  if (rules.requiredLists.length > 0) return { facts: { ...facts, listEntries: [] }, condition: "REQUIRED_LIST" };
  if (rules.excludedLists.length > 0) {
    const entry = { id: "B1", list: rules.excludedLists[0], status: "ACTIVE", listedOn: "2026-01-01", expiresOn: null };
    return { facts: { ...facts, listEntries: [...facts.listEntries!, entry] }, condition: "EXCLUDED_LIST" };
  }
  const fact = rules.facts[0];
  if (fact === "TAX_LEVEL_A") return { facts: { ...facts, tax: { ratings: [{ year: 2025, level: "B" }], records: [] } }, condition: "FACT" };
  if (fact === "NO_ACTIVE_HEALTH_DEFAULT") return { facts: { ...facts, health: { records: [record("H1", "PAY_AFTER_DEFAULT")] } }, condition: "FACT" };
  if (fact === "NOT_ON_TRADING_WARNING") {
    const points = { ...record("P1", "BID_RIGGING"), points: 12, pointsValidUntil: "2028-01-01" };
    return { facts: { ...facts, publicResources: { warningThreshold: 12, records: [points] } }, condition: "FACT" };
  }
  if (fact === "NO_BREACHED_COMMITMENT") {
    return { facts: { ...facts, commitments: [{ id: "C2", fulfilment: "BREACHED", dueOn: "2026-01-01", fulfilledOn: null }] }, condition: "FACT" };
  }
  // Level or colour only: a serious tax evasion caps the level.
  return {
    facts: { ...facts, tax: { ratings: [], records: [record("T1", "TAX_EVASION", "SERIOUS")] } },
    condition: facts.id === PERSON ? "COLOUR" : "LEVEL",
  };
}

const check = (offer: Offer, facts: IncentiveFacts) => checkOffer(offer, facts, evaluateProfile(facts, policy, today), today);

describe("the rule table", () => {
  const twelve = catalogue.offers.filter((o) => o.scenario !== "OTHER");
  it("covers every scenario with offers", () => {
    expect(new Set(twelve.map((o) => o.scenario)).size).toBe(12);
  });

  describe.each(twelve.map((o) => [o.scenario, o.id, o] as const))("%s %s", (_scenario, _id, offer) => {
    it("grants a subject meeting every rule, and refuses one that breaks a rule, saying which", () => {
      const yes = check(offer, qualifying(offer));
      expect(yes.status, JSON.stringify(yes.conditions)).toBe("ELIGIBLE");
      expect(yes.conditions.length).toBeGreaterThan(0);
      expect(yes.conditions.every((c) => c.outcome === "MET")).toBe(true);
      const { facts, condition } = failing(offer);
      const no = check(offer, facts);
      expect(no.status).toBe("NOT_ELIGIBLE");
      const refused = no.conditions.filter((c) => c.outcome === "NOT_MET");
      expect(refused.map((c) => c.condition)).toContain(condition);
      for (const c of refused) expect(c.zh.length).toBeGreaterThan(3);
    });
  });

  it("refuses a subject of the wrong kind", () => {
    const organisationsOnly = catalogue.offers.find((o) => o.rules.subjectKinds.join() === "ORGANIZATION")!;
    const verdict = check(organisationsOnly, { ...qualifying(organisationsOnly), id: PERSON });
    expect(verdict.status).toBe("NOT_ELIGIBLE");
    expect(verdict.conditions.find((c) => c.outcome === "NOT_MET")?.condition).toBe("KIND");
  });

  it("leaves level-dependent offers UNKNOWN, naming the department, when one did not answer", () => {
    const leveled = catalogue.offers.filter((o) => o.rules.minLevel && o.rules.subjectKinds.includes("ORGANIZATION"));
    expect(leveled.length).toBeGreaterThan(3);
    for (const offer of leveled) {
      const facts = { ...qualifying(offer), id: ORGANIZATION, market: null };
      const verdict = check(offer, facts);
      expect(verdict.status).toBe("UNKNOWN");
      expect(verdict.missingDepartments).toEqual(["market"]);
    }
  });
});

describe("the catalogue", () => {
  it("has the 35 annex projects in order, each running at least one offer", () => {
    expect(catalogue.projects.map((p) => p.number)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
    for (const p of catalogue.projects) expect(p.offers.length).toBeGreaterThan(0);
    expect(catalogue.projects.filter((p) => p.scenario === "OTHER").length).toBeGreaterThan(0);
    expect(catalogue.projects.filter((p) => p.scenario === "OTHER").every((p) => p.label)).toBe(true);
  });

  it("is refused with every problem listed when broken", () => {
    const broken = structuredClone(catalogue) as any;
    broken.offers[0].rules.minColour = "PURPLE";
    expect(validateCatalogue(broken).join("\n")).toMatch(/minColour/);
    const unlinked = structuredClone(catalogue) as any;
    unlinked.projects[3].offers = ["no-such-offer"];
    unlinked.offers = unlinked.offers.filter((o: Offer) => o.scenario !== "YUE");
    const problems = validateCatalogue(unlinked);
    expect(problems).toEqual(expect.arrayContaining(["scenario YUE has no offer", expect.stringContaining('runs unknown offer "no-such-offer"')]));
  });
});
