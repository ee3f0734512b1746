/**
 * The rule sets file is checked when it loads, every problem listed: a gap or overlap between the
 * general sets (a decision date under no rule, or two), a category no department has, a set ending
 * before it starts. The shipped file passes.
 */
import { describe, expect, it } from "vitest";
import { activeRuleSets, DEFAULT_RULE_SETS_FILE, validateRuleSets } from "../../shared/rules/rule-sets.js";
import fs from "node:fs";

const shipped = () => JSON.parse(fs.readFileSync(DEFAULT_RULE_SETS_FILE, "utf8"));

describe("the rule sets data", () => {
  it("the shipped file is valid", () => {
    expect(validateRuleSets(shipped())).toEqual([]);
    expect(activeRuleSets().ruleSets.length).toBeGreaterThanOrEqual(5);
  });

  it("lists a gap between general sets, an unknown category and a reversed range together", () => {
    const data = shipped();
    const set = (id: string) => data.ruleSets.find((s: { id: string }) => s.id === id);
    set("NDRC-527-2019").effectiveTo = "2023-03-31"; // Order 58 starts 2023-05-01: April 2023 under no rule
    set("NDRC-58-2023").rules[0].category = "NO_SUCH_CATEGORY";
    set("SAMR-45-2021").effectiveTo = "2020-01-01";
    const problems = validateRuleSets(data);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/gap or overlap at 2023-04-01/),
        expect.stringMatching(/NO_SUCH_CATEGORY/),
        expect.stringMatching(/SAMR-45-2021.*effectiveTo before effectiveFrom/),
      ]),
    );
  });

  it("refuses a malformed set by its shape, naming the field", () => {
    const data = shipped();
    data.ruleSets[0].source.inForceFrom = "2017";
    expect(validateRuleSets(data).join("\n")).toMatch(/ruleSets\.0\.source\.inForceFrom/);
  });
});
