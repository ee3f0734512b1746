/**
 * The cost model against the published API schema: ordinary queries pass the default limit, the
 * amplifications found in review do not, and unpaged lists count by their size.
 */
import fs from "node:fs";
import path from "node:path";
import { buildASTSchema, getOperationAST, isObjectType, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { PROFILE_FIELDS } from "../../scripts/bench-kit/queries.js";
import { SCHEMA_DIR } from "../../shared/paths.js";
import { DEFAULT_MAX_OPERATION_COST, DEFAULT_WEIGHTS, estimateCost } from "./cost.js";
import { fragmentsOf } from "./limits.js";

const schema = buildASTSchema(parse(fs.readFileSync(path.join(SCHEMA_DIR, "api.graphql"), "utf8")));
const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  return estimateCost(getOperationAST(document)!, fragmentsOf(document.definitions), variables, DEFAULT_WEIGHTS, schema);
};
/** Every scalar field of a type, as a selection. */
const scalarsOf = (type: string) => {
  const named = schema.getType(type);
  if (!isObjectType(named)) throw new Error(`${type} is not an object type`);
  const fields = named.getFields();
  return Object.entries(fields)
    .filter(([, f]) => !/^\[?[A-Z][A-Za-z]*(Profile|Record|Violation|Rating|Arrears|Bid|Use|Visit)!?\]?!?$/.test(String(f.type)) && f.args.length === 0)
    .filter(([name]) => !["tax", "health"].includes(name))
    .map(([name]) => name)
    .join(" ");
};

describe("the cost model", () => {
  it("lets ordinary queries through the default limit", () => {
    const records = `tax { violations { ${scalarsOf("TaxViolation")} } } health { records { ${scalarsOf("HealthRecord")} } }
      transport { records { ${scalarsOf("TransportRecord")} } } publicResources { records { ${scalarsOf("TradingRecord")} } }
      market { records { ${scalarsOf("MarketRecord")} } }`;
    const ordinary = {
      "a page of 100 persons with eligibleIncentives(offerIds: [one])": `{ subjects(first: 100, filter: { kind: PERSON }) { nodes { id name eligibleIncentives(offerIds: ["xing-bus-coupon"]) { offer { id name } status conditions { condition outcome zh } } } } }`,
      "a page of 100 subjects with every department's records": `{ subjects(first: 100) { nodes { id name ${records} } } }`,
      "the bench's whole profile": `query($id: ID!) { subject(id: $id) { ${PROFILE_FIELDS} } }`,
      "a page of 20 whole profiles": `{ subjects(first: 20) { nodes { ${PROFILE_FIELDS} } } }`,
      "one partner check": `{ checkEligibility(subjectId: "330502199001011236", offerId: "xing-bus-coupon") { eligible } }`,
      "one report": `mutation { issueCreditReport(subjectId: "91330502MA2B3C4D5E", purpose: "投标") { number pdfBase64 } }`,
    };
    for (const [label, query] of Object.entries(ordinary)) expect(cost(query), label).toBeLessThanOrEqual(DEFAULT_MAX_OPERATION_COST);
    // A page of records costs about what it makes the departments do: far less than with every offer scored.
    expect(cost(ordinary["a page of 100 subjects with every department's records"])).toBeGreaterThan(100 * 5 * 2);
  });

  it("counts unpaged lists by their size: the public catalogue thirty times in one operation is refused", () => {
    const catalogue = `incentiveCatalogue { offers { ${scalarsOf("IncentiveOffer")} } projects { ${scalarsOf("AnnexProject")} } scenarios { ${scalarsOf("IncentiveScenario")} } }`;
    const once = cost(`{ ${catalogue} }`);
    expect(once).toBeGreaterThan(30 * 5 + 35 * 5);
    expect(cost(`{ ${Array.from({ length: 30 }, (_, i) => `c${i}: ${catalogue}`).join(" ")} }`)).toBeGreaterThan(DEFAULT_MAX_OPERATION_COST);
    // Through a fragment or an inline fragment the list is the same list.
    expect(cost(`{ ...C } fragment C on Query { ${catalogue} }`)).toBe(once);
    expect(cost(`{ ... on Query { ${catalogue} } }`)).toBe(once);
    // Every offer scored costs more than the one asked for.
    const all = cost(`{ subject(id: "330502199001011236") { eligibleIncentives { status conditions { outcome } } } }`);
    const one = cost(`{ subject(id: "330502199001011236") { eligibleIncentives(offerIds: ["a"]) { status conditions { outcome } } } }`);
    expect(all).toBeGreaterThan(one + 29 * 3);
  });

  it("refuses the amplifications found in review", () => {
    const both = `evaluation { score level reasons { en points } } evaluationIf(repair: []) { score level }`;
    expect(cost(`{ ${Array.from({ length: 30 }, (_, i) => `p${i}: subjects(first: 100) { nodes { ${both} } }`).join(" ")} }`)).toBeGreaterThan(
      DEFAULT_MAX_OPERATION_COST,
    );
    expect(cost(`{ subjects(first: 100) { nodes { ${PROFILE_FIELDS} eligibleIncentives { status conditions { outcome zh en } } } } }`)).toBeGreaterThan(
      DEFAULT_MAX_OPERATION_COST,
    );
  });
});
