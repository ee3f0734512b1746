/**
 * The live evaluation through the real gateway: it scores the federated profile with the same
 * engine as the golden cases, goes incomplete when a department is down, answers what-ifs, and
 * the population snapshot reports a non-degenerate distribution, resumably.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../shared/db.js";
import type { EvaluationDB } from "../../subgraphs/evaluation/db.js";
import { loadPolicy } from "../../subgraphs/evaluation/policy.js";
import { REQUIRED_FIELDS } from "../../subgraphs/evaluation/profile.type.js";
import { evaluateProfile } from "../../subgraphs/evaluation/score.js";
import { runPopulationSnapshot } from "../../scripts/evaluate/run-snapshot.js";
import { serviceGateway } from "../../shared/gateway-client.js";
import { ANALYST, startFederation, type Federation } from "../../testing/federation.js";

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation({ subjects: 1500 });
});
afterAll(async () => {
  await fed?.close();
});

const EVALUATION =
  "score level codeColor complete missingSources policyVersion reasons { kind department recordId points zh en } dimensions { name score weight }";
const AS_OF = "2026-11-01";

describe("Subject.evaluation through the gateway", () => {
  it("is the policy applied to the subject's federated records, with reasons", async () => {
    const page = await fed.query(
      `query($asOf: Date) { subjects(first: 100) { nodes { id ${REQUIRED_FIELDS} evaluation(asOf: $asOf) { ${EVALUATION} } } } }`,
      { asOf: AS_OF },
      ANALYST,
    );
    expect(page.body.errors).toBeUndefined();
    const policy = loadPolicy();
    let withReasons = 0;
    for (const node of page.body.data.subjects.nodes) {
      const { evaluation, ...profile } = node;
      const expected = evaluateProfile(profile, policy, AS_OF);
      expect(evaluation).toEqual({
        score: expected.score,
        level: expected.level,
        codeColor: expected.codeColor,
        complete: true,
        missingSources: [],
        policyVersion: "2026.1",
        reasons: expected.reasons.map(({ kind, department, recordId, points, zh, en }) => ({ kind, department, recordId, points, zh, en })),
        dimensions: expected.dimensions.map(({ name, score, weight }) => ({ name, score, weight })),
      });
      if (evaluation.reasons.length > 0) withReasons++;
    }
    expect(withReasons).toBeGreaterThan(5);
  });

  it("answers as of a date and what-if repairs, and exposes the policy", async () => {
    const page = await fed.query(
      `{ subjects(first: 100, filter: { kind: ORGANIZATION }) { nodes { id evaluation(asOf: "${AS_OF}") { score reasons { kind recordId points } } } } }`,
      undefined,
      ANALYST,
    );
    const hit = page.body.data.subjects.nodes.find((n: any) => n.evaluation.reasons.some((r: any) => r.kind === "RECORD" && r.points < 0));
    const records = hit.evaluation.reasons.filter((r: any) => r.kind === "RECORD" && r.points < 0).map((r: any) => r.recordId);
    const q = `query($id: ID!, $repair: [ID!]!) { subject(id: $id) { now: evaluation(asOf: "${AS_OF}") { score } then: evaluation(asOf: "2010-01-01") { score reasons { kind } } ifRepaired: evaluationIf(repair: $repair, asOf: "${AS_OF}") { score reasons { recordId } } } }`;
    const { body } = await fed.query(q, { id: hit.id, repair: records }, ANALYST);
    expect(body.data.subject.then.reasons.filter((r: any) => r.kind === "RECORD")).toEqual([]);
    expect(body.data.subject.ifRepaired.score).toBeGreaterThan(body.data.subject.now.score);
    expect(body.data.subject.ifRepaired.reasons.map((r: any) => r.recordId)).not.toContain(records[0]);

    const policy = await fed.query(`{ scoringPolicy { version provenance levels { organization person minScore } rules { kind matches capAt } } }`);
    expect(policy.body.data.scoringPolicy.version).toBe("2026.1");
    expect(policy.body.data.scoringPolicy.provenance).toMatch(/OURS/);
    expect(policy.body.data.scoringPolicy.rules[0]).toEqual({ kind: "LIST", matches: "DISHONEST_JUDGMENT_DEBTOR", capAt: "POOR" });
  });

  it("is refused to a department scope and given to an analyst", async () => {
    const q = `{ subjects(first: 1) { nodes { evaluation { score } } } }`;
    const tax = await fed.query(q, undefined, { scopes: ["dept:tax", "dept:credit"] });
    expect(tax.body.errors?.[0].extensions.code).toBe("FORBIDDEN");
    const analyst = await fed.query(q, undefined, { scopes: ["profile:read"], purpose: "test" });
    expect(typeof analyst.body.data.subjects.nodes[0].evaluation.score).toBe("number");
  });
});

describe("the population snapshot", () => {
  it("reports every organisation level and every 诚信码 colour, resumes, and is served to dashboards", async () => {
    const { db } = createDatabase<EvaluationDB>({ department: "evaluation", dataDir: fed.config.dataDir });
    try {
      const common = {
        gateway: serviceGateway(fed.config, "evaluation"),
        operator: "operator:test",
        db,
        policyVersion: "2026.1",
        asOf: AS_OF,
        progress: false,
      };
      const partial = await runPopulationSnapshot({ ...common, pageSize: 100, maxPages: 3 });
      expect(partial).toMatchObject({ subjects: 300, done: false });
      // The rest in one page of 1,200: larger than any bearer token may ask for.
      const resumed = await runPopulationSnapshot({ ...common, resume: true });
      expect(resumed).toMatchObject({ snapshotId: partial.snapshotId, subjects: 1500, done: true });
    } finally {
      await db.destroy();
    }
    const { body } = await fed.query(`{ evaluationSnapshot { policyVersion asOf subjects distribution { kind district grade count } } }`, undefined, {
      scopes: ["metrics:read"],
    });
    const snapshot = body.data.evaluationSnapshot;
    expect(snapshot).toMatchObject({ policyVersion: "2026.1", asOf: AS_OF, subjects: 1500 });
    const total = (kind: string, grade: string) =>
      snapshot.distribution.filter((d: any) => d.kind === kind && d.grade === grade).reduce((s: number, d: any) => s + d.count, 0);
    expect(snapshot.distribution.reduce((s: number, d: any) => s + d.count, 0)).toBe(1500);
    const counts = Object.fromEntries([
      ...["EXCELLENT", "GOOD", "FAIR", "POOR"].map((g) => [g, total("ORGANIZATION", g)]),
      ...["BLUE", "GREEN", "YELLOW", "RED"].map((g) => [g, total("PERSON", g)]),
    ]);
    for (const [grade, n] of Object.entries(counts)) expect(n, `${grade} in ${JSON.stringify(counts)}`).toBeGreaterThan(0);
    expect(total("ORGANIZATION", "INCOMPLETE") + total("PERSON", "INCOMPLETE")).toBe(0);

    // Audited as the service acting for the operator, every subject it read named once (pages do not overlap).
    const audit = await fed.query(`{ auditLog(caller: "service:evaluation", first: 100) { nodes { caller actingFor purpose subjectIds } } }`, undefined, {
      scopes: ["audit:read"],
    });
    const entries = audit.body.data.auditLog.nodes;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e: any) => e.actingFor === "operator:test" && e.purpose.includes("population snapshot"))).toBe(true);
    expect(entries.flatMap((e: any) => e.subjectIds)).toHaveLength(1500);
  });

  it("pages larger than 100 and costs over the limit are for the platform's services only", async () => {
    const asAnalyst = { scopes: ["profile:read"], purpose: "test" };
    const big = await fed.query(`{ subjects(first: 1000) { nodes { kind } } }`, undefined, asAnalyst);
    expect(big.body.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" }, message: expect.stringContaining("0 to 100") });
    const costly = await fed.query(`{ subjects(first: 5000) { nodes { evaluation { level } } } }`, undefined, asAnalyst);
    expect(costly.body.errors?.[0].extensions.code).toBe("OPERATION_TOO_COSTLY");
    const admin = await fed.query(`{ subjects(first: 101) { nodes { kind } } }`, undefined, { scopes: ["admin"] });
    expect(admin.body.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});

describe("a department outage", () => {
  it("makes the evaluation incomplete, without a level, naming the department, and the rest still answers", async () => {
    const id = (await fed.query(`{ subjects(first: 1, filter: { kind: ORGANIZATION }) { nodes { id } } }`, undefined, ANALYST)).body.data.subjects.nodes[0].id;
    await fed.stop("transport");
    const { body } = await fed.query(
      `query($id: ID!) { subject(id: $id) { name tax { violations { id } } evaluation { score level complete missingSources } } }`,
      { id },
      ANALYST,
    );
    expect(body.data.subject.evaluation).toEqual({ score: null, level: null, complete: false, missingSources: ["transport"] });
    expect(body.data.subject.name.length).toBeGreaterThan(0);
    expect(Array.isArray(body.data.subject.tax.violations)).toBe(true);
    expect(body.errors?.length ?? 0).toBeGreaterThan(0);
    expect(body.errors?.every((e: any) => e.extensions.department === "transport")).toBe(true);
  });
});
