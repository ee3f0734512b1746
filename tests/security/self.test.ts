/**
 * Self-service (issue 27 item 2): a subject's own token (`self:read`, claim `self`) reads its own
 * profile unmasked — colour or level with reasons, records, offers with conditions, repair
 * applications, a firm's reports — and nothing of anyone else, by any route: another subject's id
 * inline, through a variable or its default, aliased beside its own, in a named or inline
 * fragment, lists and searches, root fields without a subject, `_entities`, writes. Other people's
 * ID numbers inside its own data stay masked; its reads are audited as the owner reading itself; a
 * repair agent's `subjects` claim keeps its masked view; a self scope without a valid `self` is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../gateway/src/jwt.js";
import { maskIdNumber } from "../../shared/masking.js";
import { ANALYST, startFederation, type As, type Federation } from "../../testing/federation.js";

const AUDITOR: As = { sub: "self-auditor", scopes: ["audit:read", "pii:read"] };

let fed: Federation;
/** The resident (a person with a registered 诚信码), another person, the merchant firm, another firm. */
let person: string;
let other: string;
let firm: string;
let otherFirm: string;
let names: Record<string, string>;
let otherReport: string;

/** A subject's own token, as `npm run token -- --self` and the OpenID provider mint it. */
const selfAs = async (self: string | undefined, sub = `self-${self}`, scopes = ["self:read"], extra: Record<string, unknown> = {}): Promise<As> => {
  const token = await mintToken(fed.config.auth, { sub, scopes, ttlSeconds: 600, ...(self === undefined ? {} : { self }), ...extra });
  return { headers: { authorization: `Bearer ${token}` } };
};

/** Records a department's record through the gateway. */
const record = async (field: string, inputType: string, input: Record<string, unknown>, scope: string) => {
  const { body } = await fed.query(`mutation($in: ${inputType}!) { ${field}(input: $in) { id } }`, { in: input }, { scopes: [scope] });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
};

beforeAll(async () => {
  fed = await startFederation({ subjects: 80 });
  const page = await fed.query(`{ subjects(first: 80) { nodes { id kind name creditCode { status } } } }`, undefined, ANALYST);
  const nodes: { id: string; kind: string; name: string; creditCode: { status: string } }[] = page.body.data.subjects.nodes;
  names = Object.fromEntries(nodes.map((n) => [n.id, n.name]));
  const persons = nodes.filter((n) => n.kind === "PERSON");
  person = (persons.find((n) => n.creditCode.status === "ACTIVE") ?? persons[0]).id;
  other = persons.find((n) => n.id !== person)!.id;
  [firm, otherFirm] = nodes.filter((n) => n.kind === "ORGANIZATION").map((n) => n.id);
  // Records that name another person (a co-party, a legal representative) inside the owner's own data.
  const decidedOn = "2026-05-01";
  const tax = {
    subjectId: person,
    documentNo: "self-1",
    category: "LATE_FILING",
    severity: "GENERAL",
    description: `本人${person}与${other}逾期申报`,
    decidedOn,
  };
  await record("recordTaxViolation", "RecordTaxViolationInput", tax, "dept:tax");
  const market = {
    subjectId: firm,
    documentNo: "self-2",
    category: "ADMINISTRATIVE_PENALTY",
    severity: "GENERAL",
    description: `法定代表人${other}未年报`,
    decidedOn,
  };
  await record("recordMarketRecord", "RecordMarketRecordInput", market, "dept:market");
  const issue = (id: string) =>
    fed.query(`mutation($id: ID!) { issueCreditReport(subjectId: $id, purpose: "投标") { number } }`, { id }, { sub: "self-issuer", scopes: ["report:issue"] });
  expect((await issue(firm)).body.errors).toBeUndefined();
  otherReport = (await issue(otherFirm)).body.data.issueCreditReport.number;
}, 120_000);
afterAll(async () => {
  await fed?.close();
});

const PROFILE = `query Mine($id: ID!) {
  subject(id: $id) {
    id name kind
    evaluation { codeColor level reasons { zh kind } }
    eligibleIncentives(includeIneligible: true) { status offer { id name } conditions { zh outcome } }
    repairApplications { id status }
    creditCode { status }
    tax { records { description } }
    market { records { description } }
  }
}`;

describe("a subject's own token", () => {
  it("reads its own colour, reasons, offers with conditions and records, unmasked; other people's IDs in them stay masked", async () => {
    const { body } = await fed.query(PROFILE, { id: person }, await selfAs(person));
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const mine = body.data.subject;
    expect(mine.id).toBe(person);
    expect(mine.name).toBe(names[person]);
    expect(mine.name).not.toContain("*");
    expect(mine.evaluation.codeColor).toMatch(/^(GREEN|BLUE|YELLOW|RED)$/);
    expect(mine.evaluation.reasons.length).toBeGreaterThan(0);
    expect(mine.eligibleIncentives.length).toBeGreaterThan(0);
    expect(mine.eligibleIncentives[0].conditions.length).toBeGreaterThan(0);
    expect(Array.isArray(mine.repairApplications)).toBe(true);
    const text = JSON.stringify(body);
    expect(text).toContain(`本人${person}`);
    expect(text).not.toContain(other);
    expect(text).toContain(maskIdNumber(other));
  });

  it("a firm reads its level, its records and its special reports; a legal representative's ID stays masked", async () => {
    const as = await selfAs(firm, "merchant", ["self:read", "self:write"]);
    const { body } = await fed.query(
      `query($id: ID!) { subject(id: $id) { name evaluation { level reasons { zh } } market { records { description } } } creditReports(subjectId: $id) { totalCount nodes { number subjectId } } }`,
      { id: firm },
      as,
    );
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(body.data.subject.name).toBe(names[firm]);
    expect(body.data.subject.evaluation.level).toBeTruthy();
    expect(body.data.creditReports.totalCount).toBe(1);
    expect(body.data.creditReports.nodes[0].subjectId).toBe(firm);
    expect(JSON.stringify(body)).not.toContain(other);
    expect(JSON.stringify(body)).toContain(`法定代表人${maskIdNumber(other)}`);
  });

  it("gets FORBIDDEN, and nothing of the other subject, by every route to another person or firm", async () => {
    // Self-only, the response check stands behind the document's; beside another scope, the document's rule alone holds.
    const tokens = [await selfAs(person, undefined, ["self:read", "self:write"]), await selfAs(person, "self-and-redeem", ["self:read", "incentive:redeem"])];
    const routes: [string, string, Record<string, unknown>?][] = [
      ["argument", `{ subject(id: "${other}") { name } }`],
      ["argument, lower-case x and spaces", `{ subject(id: " ${other.toLowerCase()} ") { name } }`],
      ["variable", `query($id: ID!) { subject(id: $id) { name evaluation { codeColor } } }`, { id: other }],
      ["variable default", `query($id: ID! = "${other}") { subject(id: $id) { name } }`],
      [
        "alias beside its own",
        `query($me: ID!, $x: ID!) { me: subject(id: $me) { id } x: subject(id: $x) { name tax { records { id } } } }`,
        { me: person, x: other },
      ],
      ["named fragment", `query($id: ID!) { ...Q } fragment Q on Query { subject(id: $id) { evaluation { codeColor reasons { zh } } } }`, { id: other }],
      ["inline fragment", `{ ... on Query { subject(id: "${otherFirm}") { name market { records { id } } } } }`],
      [
        "firm's nested records",
        `query($id: ID!) { subject(id: $id) { eligibleIncentives { status } repairApplications { id } creditCode { status } } }`,
        { id: firm },
      ],
      ["list of subjects", `{ subjects(first: 5) { nodes { id name } } }`],
      ["search by kind", `{ subjects(first: 5, filter: { kind: PERSON }) { totalCount nodes { id } } }`],
      ["reports of all", `{ creditReports(first: 5) { nodes { subjectId subjectName } } }`],
      ["reports of another firm", `query($id: ID) { creditReports(subjectId: $id) { nodes { number } } }`, { id: otherFirm }],
      ["a report by number", `{ creditReport(number: "${otherReport}") { subjectName } }`],
      ["repair applications by argument", `{ repairApplications(subjectId: "${other}") { id } }`],
      ["repairable records", `{ repairableRecords(subjectId: "${other}") { recordId } }`],
      ["repair queue", `{ repairQueue(first: 5) { nodes { subjectId } } }`],
      ["audit log", `{ auditLog(subjectId: "${other}", first: 5) { nodes { subjectIds } } }`],
      ["programme metrics", `{ programmeMetrics { checks } }`],
      ["eligibility check", `{ checkEligibility(subjectId: "${otherFirm}", offerId: "xing-bus-coupon") { eligible } }`],
      ["presentation for another", `mutation { issueCodePresentation(subjectId: "${other}") { token } }`],
      [
        "repair application for another",
        `mutation($in: ApplyForCreditRepairInput!) { applyForCreditRepair(input: $in) { id } }`,
        { in: { subjectId: otherFirm, recordId: "x", reason: "改正", materials: [] } },
      ],
      ["a material by id", `{ repairMaterial(id: "m-1") { id } }`],
      ["directory statistics", `{ directoryStatistics { __typename } }`],
      ["population snapshot", `{ evaluationSnapshot { __typename } }`],
      ["another firm's merchant code setting (self:write)", `mutation { setMerchantCode(subjectId: "${otherFirm}", display: true) { __typename } }`],
      ["_entities", `{ _entities(representations: [{ __typename: "Subject", id: "${other}" }]) { ... on Subject { name } } }`],
    ];
    for (const [label, query, variables, as] of routes.flatMap(([l, q, v]) => tokens.map((as) => [l, q, v, as] as const))) {
      const { body } = await fed.query(query, variables, as);
      const codes = (body.errors ?? []).map((e) => e.extensions?.code);
      expect(
        codes.some((c) => c === "FORBIDDEN" || c === "GRAPHQL_VALIDATION_FAILED"),
        `${label}: ${JSON.stringify(body)}`,
      ).toBe(true);
      const text = JSON.stringify(body);
      for (const stranger of [other, otherFirm, firm]) {
        expect(text, label).not.toContain(stranger);
        expect(text, label).not.toContain(names[stranger]);
      }
    }
  });

  it("keeps the own part of an operation that also names another subject: only that field is refused", async () => {
    const { body } = await fed.query(
      `query($me: ID!, $x: ID!) { me: subject(id: $me) { id evaluation { codeColor } } x: subject(id: $x) { name } }`,
      { me: person, x: other },
      await selfAs(person),
    );
    expect(body.data.me.id).toBe(person);
    expect(body.data.x).toBeNull();
    expect(body.errors?.map((e) => [e.path, e.extensions.code])).toEqual([[["x"], "FORBIDDEN"]]);
  });

  it("a response that would touch another subject by a public route is withheld whole", async () => {
    const { body } = await fed.query(`{ verifyCreditReport(number: "${otherReport}") { found subjectName subjectId } }`, undefined, await selfAs(person));
    expect(body.data).toBeNull();
    expect(body.errors?.[0].extensions.code).toBe("FORBIDDEN");
    expect(JSON.stringify(body)).not.toContain(otherFirm);
  });

  it("its reads are audited as the owner reading itself", async () => {
    await fed.query(PROFILE, { id: person }, { ...(await selfAs(person, "resident-audited")), purpose: "查看我的信用" });
    const { body } = await fed.query(
      `query($id: ID!) { auditLog(subjectId: $id, caller: "resident-audited", first: 5) { nodes { caller purpose scopes subjectIds outcome } } }`,
      { id: person },
      AUDITOR,
    );
    expect(body.errors).toBeUndefined();
    const [entry] = body.data.auditLog.nodes;
    expect(entry).toMatchObject({
      caller: "resident-audited",
      purpose: "本人查询 (self: 查看我的信用)",
      scopes: ["self:read"],
      subjectIds: [person],
      outcome: "OK",
    });
    // A token with self:read and an analyst's scope reading someone else: its own purpose, not a self-read.
    const mixed = { ...(await selfAs(person, "resident-and-analyst", ["self:read", "profile:read"])), purpose: "审查" };
    await fed.query(`query($id: ID!) { subject(id: $id) { id name } }`, { id: other }, mixed);
    const read = await fed.query(
      `query($id: ID!) { auditLog(subjectId: $id, caller: "resident-and-analyst", first: 5) { nodes { purpose } } }`,
      { id: other },
      AUDITOR,
    );
    expect(read.body.data.auditLog.nodes.map((n: { purpose: string }) => n.purpose)).toEqual(["审查"]);
  });
});

describe("what is not a subject's own token", () => {
  it("a repair agent's subjects claim still reads only its applications, masked, and no profile", async () => {
    const agent: As = { sub: "agent-of-person", scopes: ["repair:apply"], subjects: [person] };
    const profile = await fed.query(`query($id: ID!) { subject(id: $id) { name } }`, { id: person }, agent);
    expect(profile.body.errors?.[0].extensions.code).toBe("FORBIDDEN");
    const { body } = await fed.query(`query($id: ID!) { repairApplications(subjectId: $id) { subjectId } }`, { id: person }, agent);
    expect(body.errors).toBeUndefined();
    const withSelf = await fed.query(
      `query($id: ID!) { x: repairApplications(subjectId: $id) { id } }`,
      { id: person },
      await selfAs(other, "agent-and-self", ["self:read", "repair:apply"], { subjects: [person] }),
    );
    // The agent's claim acts for the person; the self claim (another person) does not unmask it.
    expect(JSON.stringify(withSelf.body)).not.toContain(person);
  });

  it("a token with a self scope and no valid self claim is refused", async () => {
    for (const [label, self, scopes] of [
      ["no claim", undefined, ["self:read"]],
      ["no claim, self:write", undefined, ["self:write"]],
      ["not an ID", "me", ["self:read"]],
      ["bad check digit", `${person.slice(0, 17)}${person[17] === "0" ? "1" : "0"}`, ["self:read"]],
      ["not canonical", ` ${person.toLowerCase()}`, ["self:read"]],
    ] as const) {
      const { status, body } = await fed.query(`{ __typename }`, undefined, await selfAs(self, "bad-self", [...scopes]));
      expect(status, label).toBe(401);
      expect(body.errors?.[0].extensions.code, label).toBe("UNAUTHENTICATED");
    }
  });
});
