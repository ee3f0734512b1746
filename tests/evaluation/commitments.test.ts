/**
 * The 个人诚信码's core is commitments kept (seed 003: "以信用承诺和履约践诺为核心"): through the real
 * gateway, two persons alike in everything but their commitments get different colours, the
 * commitment named in the reasons. Under the policy before issue 24 (+6 and −30 on 1,000) both
 * stayed GREEN.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../shared/db.js";
import type { CreditDB } from "../../subgraphs/credit/db.js";
import { ANALYST, startFederation, type Federation } from "../../testing/federation.js";

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation({ subjects: 200 });
});
afterAll(async () => {
  await fed?.close();
});

const AS_OF = "2026-11-01";
type Answer = {
  id: string;
  evaluation: { score: number; codeColor: string; reasons: { kind: string; recordId: string | null; points: number; zh: string }[] };
};

const evaluationOf = async (id: string) =>
  (
    await fed.query<{ subject: Answer }>(
      `query($id: ID!) { subject(id: $id) { id evaluation(asOf: "${AS_OF}") { score codeColor reasons { kind recordId points zh } } } }`,
      { id },
      ANALYST,
    )
  ).body.data.subject.evaluation;

describe("persons' commitments in the 诚信码", () => {
  it("a person who kept two commitments is BLUE, one who broke one is YELLOW; each commitment is a reason", async () => {
    // Two clean persons of the seeded demo (no record, list or commitment counts for them).
    const page = await fed.query<{ subjects: { nodes: Answer[] } }>(
      `{ subjects(first: 100, filter: { kind: PERSON }) { nodes { id evaluation(asOf: "${AS_OF}") { score codeColor reasons { kind recordId points zh } } } } }`,
      undefined,
      ANALYST,
    );
    const clean = page.body.data.subjects.nodes.filter((n) => n.evaluation.reasons.length === 0);
    expect(clean.length).toBeGreaterThanOrEqual(2);
    const [kept, broke] = clean;
    expect([kept.evaluation.codeColor, broke.evaluation.codeColor]).toEqual(["GREEN", "GREEN"]);

    const { db } = createDatabase<CreditDB>({ department: "credit", dataDir: fed.config.dataDir });
    try {
      const commitment = (id: string, subject: string, fulfilment: "FULFILLED" | "BREACHED") => ({
        id,
        subject_id: subject,
        matter: "证明事项告知承诺（户籍、社保证明）",
        committed_on: "2026-03-01",
        due_on: "2026-06-01",
        fulfilment,
        fulfilled_on: fulfilment === "FULFILLED" ? "2026-03-20" : null,
      });
      await db
        .insertInto("commitments")
        .values([
          commitment("CC-TEST-KEPT-1", kept.id, "FULFILLED"),
          commitment("CC-TEST-KEPT-2", kept.id, "FULFILLED"),
          commitment("CC-TEST-BROKE", broke.id, "BREACHED"),
        ])
        .execute();
    } finally {
      await db.destroy();
    }

    const keptNow = await evaluationOf(kept.id);
    const brokeNow = await evaluationOf(broke.id);
    expect(keptNow.codeColor).toBe("BLUE");
    expect(brokeNow.codeColor).toBe("YELLOW");
    expect(keptNow.reasons.map((r) => [r.kind, r.recordId])).toEqual([
      ["COMMITMENT", "CC-TEST-KEPT-1"],
      ["COMMITMENT", "CC-TEST-KEPT-2"],
    ]);
    expect(keptNow.reasons[0].zh).toBe("信用承诺已履行（个人诚信码核心）（2026-03-20）");
    expect(brokeNow.reasons).toEqual([{ kind: "COMMITMENT", recordId: "CC-TEST-BROKE", points: -120, zh: "信用承诺未履行（个人诚信码核心）（2026-06-01）" }]);
  });
});
