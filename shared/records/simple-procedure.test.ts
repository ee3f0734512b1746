/**
 * 简易程序 is checked where every write passes (record, correct, import: validateRecordInput):
 * a serious record or a fine above the limit for the subject's kind is refused, naming the limit.
 */
import { describe, expect, it } from "vitest";
import { computePersonCheck, computeUsccCheck } from "../ids.js";
import { validateRecordInput } from "./validation.js";

const org = `91330502MA2B00001` + computeUsccCheck("91330502MA2B00001");
const PERSON = `33050219900101123` + computePersonCheck("33050219900101123");
const base = {
  subjectId: org,
  documentNo: "湖市监简〔2026〕1号",
  category: "ADMINISTRATIVE_PENALTY",
  severity: "GENERAL",
  description: "未明码标价",
  decidedOn: "2026-06-01",
};
const check = (input: Partial<typeof base> & { amount?: number; simpleProcedure?: boolean }) =>
  validateRecordInput({ ...base, ...input }, ["ADMINISTRATIVE_PENALTY"], "2026-12-01").problems;

describe("simple procedure (简易程序)", () => {
  it("refuses a serious record and names the rule's source", () => {
    const problems = check({ severity: "SERIOUS", amount: 50_000, simpleProcedure: true });
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe("simpleProcedure");
    expect(problems[0].message).toMatch(/SERIOUS.*行政处罚法/);
  });

  it("refuses a fine above 3,000 yuan for an organisation, 200 for a citizen, naming the limit", () => {
    expect(check({ amount: 3_000.01, simpleProcedure: true })[0].message).toMatch(/at most 3000 yuan for an organisation, got 3000.01/);
    expect(check({ amount: 3_000, simpleProcedure: true })).toEqual([]);
    const person = check({ subjectId: PERSON, amount: 201, simpleProcedure: true });
    expect(person.map((p) => p.field)).toContain("simpleProcedure");
    expect(person.find((p) => p.field === "simpleProcedure")?.message).toMatch(/at most 200 yuan for a citizen/);
  });

  it("leaves the ordinary procedure alone", () => {
    expect(check({ severity: "SERIOUS", amount: 50_000 })).toEqual([]);
    expect(check({ amount: 50_000, simpleProcedure: false })).toEqual([]);
  });
});
