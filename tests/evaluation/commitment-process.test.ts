/**
 * 信用承诺 as a process (issue 27 item 3), through the real gateway, on SQLite and PostgreSQL: the tax
 * department records a commitment a demo person made in an approval — the person's colour does not
 * move; an open one past its due date reads as overdue and still counts nothing; the tax department
 * finds the commitment broken (with evidence) and the live evaluation lowers the person's colour,
 * naming the commitment. Another department cannot resolve it; of two resolutions at the same
 * moment one wins and the other is CONFLICT, as is any later one; the audit log holds the record
 * and the resolution with the stored row before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskIdNumber } from "../../shared/masking.js";
import { addMonths, todayInChina } from "../../shared/scalars.js";
import { ANALYST, startFederation, type As, type Federation } from "../../testing/federation.js";
import { databaseOn, type TestPostgres } from "../../testing/postgres.js";

const today = todayInChina();
const TAX: As = { sub: "tax-clerk-commitments", scopes: ["dept:tax"] };
const CREDIT: As = { sub: "credit-officer-commitments", scopes: ["dept:credit"] };
const MARKET: As = { sub: "market-clerk-commitments", scopes: ["dept:market"] };
const AUDITOR: As = { sub: "auditor-commitments", scopes: ["audit:read", "pii:read"] };

const COMMITMENT = "id subjectId source department matter content committedOn dueOn fulfilment fulfilledOn resolvedOn evidence overdue";
const RECORD = `mutation($in: RecordCommitmentInput!) { recordCommitment(input: $in) { ${COMMITMENT} } }`;
const RESOLVE = `mutation($id: ID!, $outcome: CommitmentOutcome!, $evidence: String) { resolveCommitment(id: $id, outcome: $outcome, evidence: $evidence) { ${COMMITMENT} } }`;

type Evaluation = { codeColor: string; score: number; reasons: { kind: string; recordId: string | null; points: number }[] };

for (const dialect of ["sqlite", "postgres"] as const) {
  describe(`on ${dialect}`, () => {
    let postgres: TestPostgres | undefined;
    let fed: Federation;
    let person: string;

    const profile = async (id: string) => {
      const { body } = await fed.query<{ subject: { evaluation: Evaluation; commitments: Record<string, unknown>[] } }>(
        `query($id: ID!) { subject(id: $id) { evaluation { codeColor score reasons { kind recordId points } } commitments { ${COMMITMENT} } } }`,
        { id },
        ANALYST,
      );
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data.subject;
    };
    const record = (input: Record<string, unknown>, as: As = TAX) =>
      fed.query(RECORD, { in: { subjectId: person, matter: "告知承诺制办理涉税证明", content: "承诺所报纳税情况属实，于期限内补交完税证明", ...input } }, as);

    beforeAll(async () => {
      const db = await databaseOn(dialect, "xinyi");
      postgres = db.postgres;
      fed = await startFederation({ subjects: 80, env: db.env });
      // A demo person whose live evaluation is GREEN and has no reason at all (no record, list or commitment counts).
      const page = await fed.query<{ subjects: { nodes: { id: string; evaluation: Evaluation }[] } }>(
        `{ subjects(first: 100, filter: { kind: PERSON }) { nodes { id evaluation { codeColor score reasons { kind recordId points } } } } }`,
        undefined,
        ANALYST,
      );
      const clean = page.body.data.subjects.nodes.find((n) => n.evaluation.codeColor === "GREEN" && n.evaluation.reasons.length === 0);
      expect(clean, "a clean GREEN demo person").toBeDefined();
      person = clean!.id;
    }, 300_000);

    afterAll(async () => {
      await fed?.close();
      await postgres?.stop();
    });

    it("refuses bad input with the field named, and a token that is not one department's", async () => {
      const bad = await record({ subjectId: `${person.slice(0, 17)}${person[17] === "0" ? "1" : "0"}`, committedOn: today, dueOn: today });
      expect(bad.body.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
      const fields = bad.body.errors?.[0].extensions.problems?.map((p) => p.field);
      expect(fields).toEqual(["subjectId", "dueOn"]);
      expect(bad.body.errors?.[0].extensions.problems?.[0].message).toMatch(/position 18/);
      const long = await record({ matter: "项".repeat(101), committedOn: addMonths(today, 1), dueOn: addMonths(today, 2) });
      expect(long.body.errors?.[0].extensions.problems?.map((p) => p.field)).toEqual(["matter", "committedOn"]);
      const two = await record({ committedOn: today, dueOn: addMonths(today, 1) }, { sub: "two-hats", scopes: ["dept:tax", "dept:market"] });
      expect(two.body.errors?.[0].extensions.code).toBe("FORBIDDEN");
    });

    it("recorded, the colour stays; overdue counts nothing; breached with evidence, the live evaluation drops it; audited before/after", async () => {
      const before = await profile(person);
      expect(before.evaluation.codeColor).toBe("GREEN");
      expect(before.commitments).toEqual([]);

      // Made a month ago, due in two months: open, not overdue. Another, due yesterday: overdue.
      const made = await record({ committedOn: addMonths(today, -1), dueOn: addMonths(today, 2) });
      expect(made.body.errors, JSON.stringify(made.body.errors)).toBeUndefined();
      const commitment = made.body.data.recordCommitment;
      expect(commitment).toMatchObject({ source: "APPROVAL", department: "tax", fulfilment: "PENDING", overdue: false, resolvedOn: null });
      // The clerk holds no pii:read: the person's ID comes back masked.
      expect(commitment.subjectId).toBe(maskIdNumber(person));
      const late = await record({ matter: "容缺受理承诺补交材料", committedOn: addMonths(today, -2), dueOn: addMonths(today, -1) });
      expect(late.body.data.recordCommitment.overdue).toBe(true);

      const recorded = await profile(person);
      expect(recorded.evaluation).toEqual(before.evaluation);
      expect(recorded.commitments.map((c) => [c.id, c.fulfilment, c.overdue])).toEqual(
        expect.arrayContaining([
          [commitment.id, "PENDING", false],
          [late.body.data.recordCommitment.id, "PENDING", true],
        ]),
      );

      // Another department may not resolve it; a breach needs evidence.
      const foreign = await fed.query(RESOLVE, { id: commitment.id, outcome: "FULFILLED" }, MARKET);
      expect(foreign.body.errors?.[0].extensions.code).toBe("FORBIDDEN");
      const bare = await fed.query(RESOLVE, { id: commitment.id, outcome: "BREACHED" }, TAX);
      expect(bare.body.errors?.[0].extensions.problems).toEqual([{ field: "evidence", message: "is required for BREACHED" }]);

      // Two resolutions at the same moment (the department and the credit office): one wins, the other is CONFLICT.
      const evidence = "2026年核查：未按期补交完税证明，承诺内容不实";
      const race = await Promise.all([
        fed.query(RESOLVE, { id: commitment.id, outcome: "BREACHED", evidence }, TAX),
        fed.query(RESOLVE, { id: commitment.id, outcome: "BREACHED", evidence: `信用办复核：${evidence}` }, CREDIT),
      ]);
      const winners = race.filter((r) => !r.body.errors);
      expect(winners, JSON.stringify(race.map((r) => r.body.errors))).toHaveLength(1);
      expect(race.find((r) => r.body.errors)!.body.errors![0].extensions).toMatchObject({ code: "CONFLICT", fulfilment: "BREACHED" });
      expect(winners[0].body.data.resolveCommitment).toMatchObject({ fulfilment: "BREACHED", resolvedOn: today, overdue: false });
      const again = await fed.query(RESOLVE, { id: commitment.id, outcome: "FULFILLED", evidence: "已补交" }, TAX);
      expect(again.body.errors?.[0].extensions.code).toBe("CONFLICT");

      // The live evaluation: one breached commitment makes the clean person YELLOW, the commitment its reason.
      const breached = await profile(person);
      expect(breached.evaluation.codeColor).toBe("YELLOW");
      expect(breached.evaluation.score).toBeLessThan(before.evaluation.score);
      expect(breached.evaluation.reasons).toEqual([{ kind: "COMMITMENT", recordId: commitment.id, points: -120 }]);

      // The audit: the record (no before) and the one resolution, each with the stored row.
      const { body } = await fed.query(
        `query($id: ID!) { auditLog(recordId: $id, first: 20) { nodes { caller outcome changes { department recordId subjectId action before after } } } }`,
        { id: commitment.id },
        AUDITOR,
      );
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      const changes = (body.data.auditLog.nodes as { caller: string; changes: { recordId: string; action: string; before: string | null; after: string }[] }[])
        .flatMap((n) => n.changes.filter((c) => c.recordId === commitment.id).map((c) => ({ caller: n.caller, ...c })))
        .reverse();
      expect(changes.map((c) => [c.caller, c.action])).toEqual([
        [TAX.sub, "RECORD"],
        [race.indexOf(winners[0]) === 0 ? TAX.sub : CREDIT.sub, "DECIDE"],
      ]);
      expect(changes[0].before).toBeNull();
      expect(JSON.parse(changes[0].after)).toMatchObject({ subject_id: person, department: "tax", fulfilment: "PENDING" });
      expect(JSON.parse(changes[1].before!)).toMatchObject({ fulfilment: "PENDING", evidence: null, resolved_on: null });
      expect(JSON.parse(changes[1].after)).toMatchObject({ fulfilment: "BREACHED", resolved_on: today, evidence: expect.stringContaining(evidence) });
    });
  });
}
