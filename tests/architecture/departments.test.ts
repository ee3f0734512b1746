/**
 * The lists that cannot be derived from the department list are checked against it, so adding a
 * department cannot silently leave it out: the evaluation's sources and the fields it @requires,
 * the scopes, the registry.
 */
import { describe, expect, it } from "vitest";
import { DEPARTMENT_NAMES, PROFILE_DEPARTMENTS, PROFILE_FIELDS, RECORD_DEPARTMENTS } from "../../shared/departments.js";
import { READ_ALL_DEPARTMENTS, READ_DIRECTORY } from "../../shared/scopes.js";
import { REQUIRED_FIELDS } from "../../subgraphs/evaluation/profile.type.js";
import { DEFAULT_POLICY_FILE, loadPolicy } from "../../subgraphs/evaluation/policy.js";
import { SOURCES } from "../../subgraphs/evaluation/score.js";
import { DEPARTMENT_DEFINITIONS, SEEDERS } from "../../subgraphs/registry.js";

describe("every department, everywhere it must be", () => {
  it("the registry defines each subgraph once, in order, and seeds each record department", () => {
    expect(DEPARTMENT_DEFINITIONS.map((d) => d.name)).toEqual(DEPARTMENT_NAMES);
    expect(SEEDERS.map((s) => s.name).sort()).toEqual([...RECORD_DEPARTMENTS, "incentives"].sort());
  });

  it("the evaluation reads every record department, and @requires every profile field", () => {
    expect(SOURCES.map(([name]) => name)).toEqual(RECORD_DEPARTMENTS);
    for (const { field } of PROFILE_FIELDS) expect(REQUIRED_FIELDS, field).toMatch(new RegExp(`(^|\\s)${field} \\{`));
  });

  it("the scoring policy has a rule for the records of every department with a Subject field", () => {
    const policy = loadPolicy(DEFAULT_POLICY_FILE);
    for (const { name } of PROFILE_DEPARTMENTS) expect(policy.recordRules.filter((r) => r.department === name).length, name).toBeGreaterThan(0);
  });

  it("each record department's scope opens the directory and, together, the evaluation", () => {
    for (const name of RECORD_DEPARTMENTS) {
      expect(READ_DIRECTORY).toContain(`"dept:${name}"`);
      expect(READ_ALL_DEPARTMENTS).toContain(`"dept:${name}"`);
    }
  });
});
