/**
 * 简易程序 (simple procedure): which decisions may be made on the spot, as data with its source.
 * The Administrative Penalty Law (中华人民共和国行政处罚法, 2021 revision) Art. 51 allows it for a
 * warning or a fine of up to 200 yuan for a citizen and up to 3,000 yuan for a legal person or
 * other organisation, where the facts are certain and there is a legal basis. domain.md does not
 * give these figures and the law's text was not read here: they are the figures as the issue
 * states them; change them here if the text says otherwise. A serious (严重失信) record is never a
 * simple-procedure decision (ours: a decision that puts a subject on a serious list is not a
 * warning or a small fine).
 */
import type { Severity } from "./publicity.js";

export const SIMPLE_PROCEDURE = {
  source: "《中华人民共和国行政处罚法》（2021年修订）第五十一条（未在此核对原文：数额按任务所述）",
  /** The largest fine, in fen, by kind of subject. */
  maxFineFen: { PERSON: 20_000, ORGANIZATION: 300_000 },
  severities: ["GENERAL"] as readonly Severity[],
} as const;

/** Why a decision may not be a simple-procedure one, naming the limit; null when it may. */
export function simpleProcedureProblem(kind: "PERSON" | "ORGANIZATION", severity: Severity, amountFen: number | null): string | null {
  if (!SIMPLE_PROCEDURE.severities.includes(severity)) return `a ${severity} record is never decided by simple procedure (${SIMPLE_PROCEDURE.source})`;
  const max = SIMPLE_PROCEDURE.maxFineFen[kind];
  if (amountFen !== null && amountFen > max)
    return `simple procedure allows a fine of at most ${max / 100} yuan for ${kind === "PERSON" ? "a citizen" : "an organisation"}, got ${amountFen / 100} (${SIMPLE_PROCEDURE.source})`;
  return null;
}
