import { describe, expect, it } from "vitest";
import { computeUsccCheck, parsePersonId, parseSubjectId, parseUscc } from "./ids.js";

const TODAY = new Date("2026-11-23T00:00:00Z");

describe("统一社会信用代码 (GB 32100-2015)", () => {
  it("accepts the worked example of domain.md and reads its parts", () => {
    const result = parseUscc("91110000802100433B");
    expect(result).toEqual({
      ok: true,
      value: { kind: "ORGANIZATION", id: "91110000802100433B", registrationDepartment: "9", orgType: "ENTERPRISE", divisionCode: "110000" },
    });
  });

  it("reads the organisation subtype from positions 1–2", () => {
    const withPrefix = (prefix: string) => `${prefix}330502MA2B3C4D5` + computeUsccCheck(`${prefix}330502MA2B3C4D5`);
    expect(parseUscc(withPrefix("12"))).toMatchObject({ ok: true, value: { orgType: "PUBLIC_INSTITUTION", divisionCode: "330502" } });
    expect(parseUscc(withPrefix("92"))).toMatchObject({ ok: true, value: { orgType: "INDIVIDUAL_BUSINESS" } });
    expect(parseUscc(withPrefix("Y1"))).toMatchObject({ ok: true, value: { orgType: "OTHER" } });
  });

  it.each([
    ["91110000802100433", "LENGTH", undefined, /length is 17, expected 18/],
    ["91110000802100433BB", "LENGTH", undefined, /length is 19/],
    ["9111000080210O433B", "CHARSET", 14, /"O" at position 14/],
    ["91110000802100433S", "CHARSET", 18, /"S" at position 18/],
    ["91110000802100433C", "CHECKSUM", 18, /position 18 is "C", expected "B"/],
  ])("rejects %s: %s", (id, reason, position, message) => {
    const result = parseUscc(id);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.reason).toBe(reason);
      expect(result.problem.position).toBe(position);
      expect(result.problem.message).toMatch(message);
    }
  });

  it("rejects an unknown division at positions 3–8", () => {
    // 99 is no province; the check character is valid so only the division is wrong.
    const result = parseUscc("91990000802100433" + computeUsccCheck("91990000802100433"));
    expect(result).toMatchObject({ ok: false, problem: { reason: "DISTRICT", position: 3 } });
  });
});

describe("居民身份证号码 (GB 11643-1999)", () => {
  it("accepts both worked examples of domain.md", () => {
    expect(parsePersonId("11010519491231002X", TODAY)).toEqual({
      ok: true,
      value: { kind: "PERSON", id: "11010519491231002X", divisionCode: "110105", birthDate: "1949-12-31", sex: "FEMALE" },
    });
    expect(parsePersonId("330502199001011236", TODAY)).toMatchObject({ ok: true, value: { sex: "MALE", birthDate: "1990-01-01" } });
    expect(parsePersonId("11010519491231002x", TODAY).ok).toBe(true);
  });

  it.each([
    ["33050219900101123", "LENGTH", undefined, /length is 17/],
    ["3305021990010112A6", "CHARSET", 17, /"A" at position 17/],
    ["33050219900101123Y", "CHARSET", 18, /position 18/],
    ["330502199001011235", "CHECKSUM", 18, /position 18 is "5", expected "6"/],
    ["330502199002301234", "BIRTH_DATE", 7, /impossible birth date "19900230"/],
    ["330502203001011234", "BIRTH_DATE", 7, /out of range/],
    ["990502199001011234", "DISTRICT", 1, /unknown district: "990502"/],
    ["330599199001011234", "DISTRICT", 1, /not a Huzhou division code/],
  ])("rejects %s: %s", (id, reason, position, message) => {
    const result = parsePersonId(id, TODAY);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.reason).toBe(reason);
      expect(result.problem.position).toBe(position);
      expect(result.problem.message).toMatch(message);
    }
  });
});

describe("parseSubjectId", () => {
  it("tells persons from organisations and reports the right problems", () => {
    expect(parseSubjectId("330502199001011236")).toMatchObject({ ok: true, value: { kind: "PERSON" } });
    expect(parseSubjectId(" 91110000802100433b ")).toMatchObject({ ok: true, value: { kind: "ORGANIZATION", id: "91110000802100433B" } });
    expect(parseSubjectId("330502199001011235")).toMatchObject({ ok: false, problem: { reason: "CHECKSUM", expected: "6" } });
    expect(parseSubjectId("")).toMatchObject({ ok: false, problem: { reason: "LENGTH" } });
    // An all-digit USCC with a wrong check digit is reported as a USCC, not as a person's ID.
    const digits = "91330502123456789";
    const wrong = (Number(computeUsccCheck(digits)) + 1) % 10;
    expect(parseSubjectId(`${digits}${wrong}`)).toMatchObject({ ok: false, problem: { reason: "CHECKSUM", position: 18 } });
  });
});
