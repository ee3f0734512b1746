/**
 * Audit by type: a read of anything that belongs to a subject is recorded under that subject,
 * whatever the entry point — a report by its number (GraphQL, the public verification, /verify),
 * an application approved by its id, a record corrected by its id — without the client selecting
 * the subject. A person's id in such an entry is masked to an audit reader without pii:read. And
 * every root field of the supergraph either names its subject in its arguments or returns only
 * types that name their subject (Subject.id, or a subjectId field the gateway tracks).
 */
import { REPAIR_MATERIALS } from "../../testing/repair.js";
import fs from "node:fs";
import { buildSchema, type GraphQLField, type GraphQLNamedType, getNamedType, isInputObjectType, isInterfaceType, isObjectType, isUnionType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_SCHEMA_FILE } from "../../shared/paths.js";
import { addMonths, todayInChina } from "../../shared/scalars.js";
import { ANALYST, startFederation, type As, type Federation } from "../../testing/federation.js";

const today = todayInChina();
const ISSUER: As = { sub: "issuer-audit", scopes: ["report:issue"] };
const AUDITOR: As = { sub: "auditor", scopes: ["audit:read", "pii:read"] };
const MATERIALS = REPAIR_MATERIALS;

let fed: Federation;
let origin: string;
let org: string;
let person: string;
let number: string;
let pdf: Buffer;

interface Entry {
  caller: string;
  operationName: string | null;
  fields: string[];
  subjectIds: string[];
}

/** The audit log of a subject, newest first. */
const historyOf = async (subjectId: string, as: As = AUDITOR): Promise<Entry[]> => {
  const { body } = await fed.query(
    `query($id: ID!) { auditLog(subjectId: $id, first: 100) { nodes { caller operationName fields subjectIds } } }`,
    { id: subjectId },
    as,
  );
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data.auditLog.nodes;
};

async function taxRecord(subjectId: string, decidedOn: string): Promise<string> {
  const { body } = await fed.query(
    `mutation($in: RecordTaxViolationInput!) { recordTaxViolation(input: $in) { id } }`,
    { in: { subjectId, documentNo: `audit-by-type-${Math.random()}`, category: "LATE_FILING", severity: "GENERAL", description: "逾期申报", decidedOn } },
    { scopes: ["dept:tax"] },
  );
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data.recordTaxViolation.id;
}

beforeAll(async () => {
  fed = await startFederation({ subjects: 120 });
  origin = new URL(fed.gatewayUrl).origin;
  const page = await fed.query(
    `{ orgs: subjects(first: 5, filter: { kind: ORGANIZATION }) { nodes { id } } people: subjects(first: 5, filter: { kind: PERSON }) { nodes { id } } }`,
    {},
    ANALYST,
  );
  org = page.body.data.orgs.nodes[0].id;
  person = page.body.data.people.nodes[0].id;
  const issued = await fed.query(`mutation($id: ID!) { issueCreditReport(subjectId: $id, purpose: "投标") { number pdfBase64 } }`, { id: org }, ISSUER);
  expect(issued.body.errors, JSON.stringify(issued.body.errors)).toBeUndefined();
  number = issued.body.data.issueCreditReport.number;
  pdf = Buffer.from(issued.body.data.issueCreditReport.pdfBase64, "base64");
}, 180_000);

afterAll(async () => fed?.close());

describe("a report read by its number is in its organisation's audit log", () => {
  it.each([
    [
      "creditReport(number) through GraphQL",
      async () => fed.query(`query ReadByNumber($n: ID!) { creditReport(number: $n) { purpose pdfSha256 } }`, { n: number }, ISSUER),
      "ReadByNumber",
    ],
    [
      "verifyCreditReport(number) through GraphQL, anonymously",
      async () => fed.query(`query VerifyByNumber { verifyCreditReport(number: "${number}") { found issuedAt } }`),
      "VerifyByNumber",
    ],
    ["GET /verify/<number>", async () => fetch(`${origin}/verify/${number}?format=json`).then((r) => r.json()), "VerifyCreditReport"],
    [
      "POST /verify/<number> with the PDF",
      async () =>
        fetch(`${origin}/verify/${number}`, { method: "POST", headers: { "content-type": "application/pdf" }, body: new Uint8Array(pdf) }).then((r) =>
          r.json(),
        ),
      "VerifyCreditReport",
    ],
  ] as const)("%s (the client selects no subject id)", async (_label, read, operationName) => {
    const before = (await historyOf(org)).filter((e) => e.operationName === operationName).length;
    const answer: any = await read();
    expect(answer.errors).toBeUndefined();
    const entries = (await historyOf(org)).filter((e) => e.operationName === operationName);
    expect(entries.length).toBe(before + 1);
    expect(entries[0].subjectIds).toEqual([org]);
  });
});

describe("an application approved by its id, a record corrected by its id", () => {
  it("records the subject of an application approved, and read, by its id", async () => {
    const record = await taxRecord(org, addMonths(today, -4));
    const applied = await fed.query(
      `mutation($in: ApplyForCreditRepairInput!) { applyForCreditRepair(input: $in) { id } }`,
      { in: { subjectId: org, recordId: record, reason: "罚款已缴清", materials: MATERIALS, commitment: "一年内不再发生同类违法行为" } },
      { sub: "agent-audit", scopes: ["repair:apply"], subjects: [org] },
    );
    const id = applied.body.data.applyForCreditRepair.id;
    const approved = await fed.query(
      `mutation ApproveById($id: ID!) { approveCreditRepair(applicationId: $id, reason: "材料齐全") { status } }`,
      { id },
      { sub: "tax-reviewer-audit", scopes: ["dept:tax"] },
    );
    expect(approved.body.data.approveCreditRepair.status).toBe("APPROVED");
    expect(approved.body.data.approveCreditRepair.subjectId).toBeUndefined();
    const [entry] = (await historyOf(org)).filter((e) => e.operationName === "ApproveById");
    expect(entry).toMatchObject({ caller: "tax-reviewer-audit", subjectIds: [org] });
  });

  it("records the subject of a person's record corrected by its id, masked to an audit reader without pii:read", async () => {
    const record = await taxRecord(person, addMonths(today, -1));
    const corrected = await fed.query(
      `mutation CorrectById($id: ID!) { correctTaxViolation(id: $id, input: { amount: 30 }) { amount } }`,
      { id: record },
      { sub: "tax-clerk-audit", scopes: ["dept:tax"] },
    );
    expect(corrected.body.data.correctTaxViolation.amount).toBe(30);
    const [whole] = (await historyOf(person)).filter((e) => e.operationName === "CorrectById");
    expect(whole.subjectIds).toEqual([person]);
    const [masked] = (await historyOf(person, { sub: "auditor-2", scopes: ["audit:read"] })).filter((e) => e.operationName === "CorrectById");
    expect(masked.subjectIds).toEqual([`${person.slice(0, 6)}********${person.slice(14)}`]);
  });
});

/** Types that belong to no subject (public rules, catalogues, aggregates) or are pages of types that do. */
const NO_SUBJECT = new Set([
  "DirectoryStatistics",
  "EvaluationSnapshot",
  "IncentiveCatalogue",
  "ProgrammeMetrics",
  "RepairRulesView",
  "ScoringPolicy",
  "VillageFigures",
  "PageInfo",
  "SubjectConnection",
  "AuditEntryConnection",
  "RepairApplicationConnection",
  "CreditReportConnection",
  "HouseholdConnection",
]);

describe("every entry point", () => {
  it("names its subject in its arguments, or returns only types that name their subject", () => {
    const schema = buildSchema(fs.readFileSync(API_SCHEMA_FILE, "utf8"));
    const names = (type: GraphQLNamedType) => type.name === "Subject" || ((isObjectType(type) || isInterfaceType(type)) && "subjectId" in type.getFields());
    const namesSubjectInArguments = (field: GraphQLField<unknown, unknown>) =>
      field.args.some((a) => {
        const type = getNamedType(a.type);
        return a.name === "subjectId" || (isInputObjectType(type) && "subjectId" in type.getFields());
      });
    const untracked: string[] = [];
    for (const root of [schema.getQueryType()!, schema.getMutationType()!]) {
      for (const field of Object.values(root.getFields())) {
        if (field.name === "subject" || namesSubjectInArguments(field)) continue;
        const type = getNamedType(field.type);
        for (const returned of isUnionType(type) ? type.getTypes() : [type]) {
          if ((isObjectType(returned) || isInterfaceType(returned)) && !names(returned) && !NO_SUBJECT.has(returned.name))
            untracked.push(`${root.name}.${field.name}: ${returned.name}`);
        }
      }
    }
    expect(untracked).toEqual([]);
  });
});
