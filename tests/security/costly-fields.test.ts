/**
 * Fields that cost the platform far more than their selection says (security issue 22): a special
 * credit report is permanent, and a partner's check or redemption makes the incentives service read
 * a whole federated profile. Found in review: 30 `issueCreditReport` aliases stored 30 reports, and
 * one HTTP batch of 5 × 30 `checkEligibility` took ~2 CPU-s across the stack.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstSubject, startFederation, subjectIds, type As, type Federation } from "../../testing/federation.js";
import { presentedCodes, registerForPartners, viaChannel } from "../../testing/presentation.js";
import { windowWithRoom } from "../../testing/wait.js";

let fed: Federation;
let organizations: string[];
let person: string;
const ISSUER: As = { sub: "costly-issuer", scopes: ["report:issue"] };
const PARTNER: As = { sub: "costly-partner", scopes: ["eligibility:check", "incentive:redeem"], offers: ["xing-bus-coupon"], purpose: "公交刷卡" };

beforeAll(async () => {
  fed = await startFederation({ subjects: 200, env: { XINYI_REPORTS_PER_ISSUER_PER_HOUR: "3" } });
  organizations = await subjectIds(fed, "ORGANIZATION", 10);
  person = await firstSubject(fed, "PERSON");
  // Partners name a person by the code they present: the person registers with the channel.
  await registerForPartners(viaChannel(fed), person);
});
afterAll(async () => {
  await fed?.close();
});

/** Reports stored for an organisation, as the credit office's own count reads them. */
async function reportsOf(issuer: string): Promise<number> {
  const { body } = await fed.query(`{ programmeMetrics { reportsIssued } }`, undefined, { sub: "m", scopes: ["metrics:read"] });
  expect(body.errors, issuer).toBeUndefined();
  return body.data.programmeMetrics.reportsIssued;
}

describe("fields that store permanent artefacts or read a profile on the caller's behalf", () => {
  it("30 issueCreditReport aliases in one operation, spelt four ways, store no report", async () => {
    const before = await reportsOf("before");
    const aliases = (n: number) =>
      Array.from({ length: n }, (_, i) => `r${i}: issueCreditReport(subjectId: "${organizations[0]}", purpose: "投标") { number }`).join(" ");
    const variants = [
      `mutation { ${aliases(30)} }`,
      `mutation { ${aliases(2)} }`,
      `mutation { ...A ...B } fragment A on Mutation { a: issueCreditReport(subjectId: "${organizations[0]}", purpose: "投标") { number } } fragment B on Mutation { b: issueCreditReport(subjectId: "${organizations[0]}", purpose: "投标") { number } }`,
      `mutation { ... on Mutation { x: issueCreditReport(subjectId: "${organizations[0]}", purpose: "投标") { number } } issueCreditReport(subjectId: "${organizations[1]}", purpose: "投标") { number } }`,
    ];
    for (const query of variants) {
      const { body } = await fed.query(query, undefined, ISSUER);
      expect(body.data ?? null, query).toBeNull();
      expect(body.errors?.[0].extensions.code).toBe("OPERATION_TOO_COMPLEX");
      expect(body.errors?.[0].message).toContain("issueCreditReport at most 1 per operation");
    }
    expect(await reportsOf("after")).toBe(before);
    // The same fragment spread twice is one report: one response key.
    const once = await fed.query(
      `mutation { ...A ...A } fragment A on Mutation { issueCreditReport(subjectId: "${organizations[2]}", purpose: "投标") { number } }`,
      undefined,
      ISSUER,
    );
    expect(once.body.errors).toBeUndefined();
    expect(await reportsOf("once")).toBe(before + 1);
  });

  it("caps reports per issuer per hour, counted before the departments are read; another issuer is not held", async () => {
    const issue = (org: string, as: As) => fed.query(`mutation($id: ID!) { issueCreditReport(subjectId: $id, purpose: "贷款") { number } }`, { id: org }, as);
    const desk: As = { sub: "hourly-desk", scopes: ["report:issue"] };
    const codes: string[] = [];
    for (const org of organizations.slice(3, 8)) codes.push((await issue(org, desk)).body.errors?.[0]?.extensions?.code ?? "OK");
    expect(codes).toEqual(["OK", "OK", "OK", "RATE_LIMITED", "RATE_LIMITED"]);
    const other = await issue(organizations[3], { sub: "another-desk", scopes: ["report:issue"] });
    expect(other.body.errors).toBeUndefined();
    // Concurrent issues by one desk cannot pass the cap together.
    const burst: As = { sub: "burst-desk", scopes: ["report:issue"] };
    const answers = await Promise.all(organizations.slice(0, 8).map((org) => issue(org, burst)));
    expect(answers.filter((a) => a.body.data?.issueCreditReport)).toHaveLength(3);
    expect(answers.filter((a) => a.body.errors?.[0]?.extensions?.code === "RATE_LIMITED")).toHaveLength(5);
  });

  it("one HTTP batch of 5 operations × 30 checkEligibility serves no check; one check an operation is served", async () => {
    const [shown, spare] = await presentedCodes(viaChannel(fed), person, 2);
    const check = (alias: string) => `${alias}: checkEligibility(presentation: $p, offerId: "xing-bus-coupon") { eligible }`;
    const operation = `query($p: String!) { ${Array.from({ length: 30 }, (_, i) => check(`c${i}`)).join(" ")} }`;
    const token = await fed.token(PARTNER.scopes!, PARTNER.sub, undefined, PARTNER.offers);
    const requestsBefore = fed.requests.incentives.length;
    const response = await fetch(fed.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": encodeURIComponent("公交刷卡") },
      body: JSON.stringify(Array.from({ length: 5 }, () => ({ query: operation, variables: { p: shown } }))),
    });
    const answers = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] }[];
    expect(answers).toHaveLength(5);
    for (const a of answers) {
      expect(a.data ?? null).toBeNull();
      expect(a.errors[0].extensions.code).toBe("OPERATION_TOO_COMPLEX");
    }
    // Not one check reached the incentives service.
    expect(fed.requests.incentives.length).toBe(requestsBefore);
    const redeem = `mutation($p: String!) { a: redeemIncentive(input: { presentation: $p, offerId: "xing-bus-coupon", amount: 1, channel: "公交", idempotencyKey: "k1" }) { id } b: redeemIncentive(input: { presentation: $p, offerId: "xing-bus-coupon", amount: 1, channel: "公交", idempotencyKey: "k2" }) { id } }`;
    expect((await fed.query(redeem, { p: spare }, PARTNER)).body.errors?.[0].extensions.code).toBe("OPERATION_TOO_COMPLEX");
    // The code refused whole above was never used: one check an operation is served with it.
    const one = await fed.query(`query($p: String!) { ${check("only")} }`, { p: shown }, PARTNER);
    expect(one.body.errors).toBeUndefined();
    expect(typeof one.body.data.only.eligible).toBe("boolean");
  });

  it("a merchant's public code once an operation: 30 aliases are refused before the credit office reads any profile", async () => {
    const code = (alias: string, id: string) => `${alias}: merchantCode(subjectId: "${id}") { name level }`;
    const many = `{ ${Array.from({ length: 30 }, (_, i) => code(`m${i}`, organizations[i % organizations.length])).join(" ")} }`;
    const creditBefore = fed.requests.credit.length;
    const refused = await fed.query(many);
    expect(refused.body.errors?.[0].extensions.code).toBe("OPERATION_TOO_COMPLEX");
    expect(fed.requests.credit.length).toBe(creditBefore);
    const one = await fed.query(`{ ${code("only", organizations[0])} }`);
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data.only).toBeNull(); // not opted in: nothing shown
  });

  it("anonymous callers have a cost budget per address, and unpaged lists count by their size", async () => {
    const limited = await fed.startGateway({ XINYI_ANONYMOUS_COST_PER_MINUTE: "3000" });
    try {
      const post = async (body: unknown, headers: Record<string, string> = {}) =>
        (await fetch(limited.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) })).json();
      const catalogue = `incentiveCatalogue { offers { id name en benefit kind } projects { number name content } }`;
      await windowWithRoom(60_000, 15_000); // the budget counts clock minutes
      const codes: string[] = [];
      for (let i = 0; i < 12; i++) codes.push((await post({ query: `{ ${catalogue} }` })).errors?.[0]?.extensions?.code ?? "OK");
      expect(codes.slice(0, 3)).toEqual(["OK", "OK", "OK"]);
      expect(codes.at(-1)).toBe("RATE_LIMITED");
      // Thirty catalogues in one operation cost what thirty answers make (over the address's budget), not thirty fields.
      const batch = await post(Array.from({ length: 5 }, () => ({ query: `{ ${Array.from({ length: 30 }, (_, i) => `c${i}: ${catalogue}`).join(" ")} }` })));
      for (const answer of batch) {
        expect(answer.data ?? null).toBeNull();
        expect(answer.errors[0].extensions.code).toBe("RATE_LIMITED");
      }
      // A token holder from the same address has its own budget.
      const token = await fed.token(["metrics:read"], "catalogue-reader");
      expect((await post({ query: `{ ${catalogue} }` }, { authorization: `Bearer ${token}` })).errors).toBeUndefined();
    } finally {
      await limited.close();
    }
  });
});
