/**
 * What the throwaway-department test (throwaway-department.test.ts) runs inside its copy of the
 * project, once the recipe has added a department: that department, named by
 * XINYI_THROWAWAY_DEPARTMENT, appears in the profile, the evaluation's inputs, a special report, a
 * repair application and the web app's labels and profile query. Not a test of this checkout (its
 * name does not end in .test.ts); the copy runs it as `tests/throwaway-probe.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEPARTMENT_FACTS, PROFILE_DEPARTMENTS } from "../../shared/departments.js";
import { activePolicy } from "../../subgraphs/evaluation/policy.js";
import { REQUIRED_FIELDS } from "../../subgraphs/evaluation/profile.type.js";
import { ANALYST, startFederation, type Federation } from "../../testing/federation.js";
import { REPAIR_MATERIALS } from "../../testing/repair.js";
import { PROFILE } from "../../web/src/operations.js";

const name = process.env.XINYI_THROWAWAY_DEPARTMENT ?? "";
const department = PROFILE_DEPARTMENTS.find((d) => d.name === name);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

let fed: Federation;
let org: string;
let recordId: string;

describe(`the throwaway department ${name}`, () => {
  beforeAll(async () => {
    expect(department, `${name} in shared/departments.ts`).toBeDefined();
    // The first special report subsets its font: give the credit office time on a busy machine.
    fed = await startFederation({ subjects: 40, env: { XINYI_CREDIT_TIMEOUT_MS: "30000" } });
    const page = await fed.query<{ subjects: { nodes: { id: string }[] } }>(
      `{ subjects(first: 1, filter: { kind: ORGANIZATION }) { nodes { id } } }`,
      undefined,
      ANALYST,
    );
    org = page.body.data!.subjects.nodes[0].id;
    const type = department!.records.recordType;
    const category = Object.keys(department!.records.categories.values)[0];
    const input = {
      subjectId: org,
      documentNo: "THROWAWAY-1",
      category,
      severity: "GENERAL",
      description: "throwaway record",
      decidedOn: daysAgo(120),
      amount: 100,
    };
    const recorded = await fed.query<Record<string, { id: string }>>(
      `mutation($in: Record${type}Input!) { record${type}(input: $in) { id } }`,
      { in: input },
      {
        scopes: [`dept:${name}`],
      },
    );
    expect(recorded.body.errors).toBeUndefined();
    recordId = recorded.body.data![`record${type}`].id;
  });
  afterAll(() => fed?.close());

  it("is in the profile and the evaluation reads it", async () => {
    const field = department!.profileField;
    expect(REQUIRED_FIELDS).toMatch(new RegExp(`(^|\\s)${field} \\{`));
    const { body } = await fed.query<{
      subject: Record<string, { records: { id: string }[] }> & {
        evaluation: { reasons: { kind: string; department: string; recordId: string | null; fact: string | null }[] };
      };
    }>(`query($id: ID!) { subject(id: $id) { ${field} { records { id } } evaluation { reasons { kind department recordId fact } } } }`, { id: org }, ANALYST);
    expect(body.errors).toBeUndefined();
    expect(body.data!.subject[field].records.map((r) => r.id)).toContain(recordId);
    expect(body.data!.subject.evaluation.reasons).toContainEqual({ kind: "RECORD", department: name, recordId, fact: null });
    // Each fact it publishes beyond its records, with a policy fact rule, is weighed without a line in the evaluation.
    const facts = DEPARTMENT_FACTS.filter((f) => f.department === name && activePolicy().factRules?.some((r) => `${r.department}.${r.fact}` === f.key));
    for (const f of facts)
      expect(body.data!.subject.evaluation.reasons).toContainEqual(expect.objectContaining({ kind: "FACT", department: name, fact: f.key }));
  });

  it("is a line of a special report", async () => {
    const { body } = await fed.query<{ issueCreditReport: { lines: { department: string; clean: boolean; records: { documentNo: string }[] }[] } }>(
      `mutation($id: ID!) { issueCreditReport(subjectId: $id, purpose: "throwaway") { lines { department clean records { documentNo } } } }`,
      { id: org },
      { sub: "issuer-throwaway", scopes: ["report:issue"] },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.issueCreditReport.lines).toContainEqual({ department: name, clean: false, records: [{ documentNo: "THROWAWAY-1" }] });
  });

  it("takes a repair application", async () => {
    const { body } = await fed.query<{ applyForCreditRepair: { status: string; department: string } }>(
      `mutation($in: ApplyForCreditRepairInput!) { applyForCreditRepair(input: $in) { status department } }`,
      { in: { subjectId: org, recordId, reason: "已整改", materials: REPAIR_MATERIALS, commitment: "一年内不再发生同类行为" } },
      { sub: "agent-throwaway", scopes: ["repair:apply"], subjects: [org] },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.applyForCreditRepair).toEqual({ status: "PENDING", department: name });
  });

  it("has the web app's label and profile section", async () => {
    // The web app's text module keeps the chosen language in the page's sessionStorage; Node has none.
    Object.assign(globalThis, { sessionStorage: { getItem: () => null, setItem: () => undefined } });
    const { DEPARTMENTS: WEB_LABELS } = await import("../../web/src/i18n.js");
    expect(WEB_LABELS[name]).toEqual([department!.zh, department!.en]);
    expect(PROFILE).toContain(`${department!.profileField} { records {`);
  });
});
