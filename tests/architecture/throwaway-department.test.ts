/**
 * The throwaway-department test: adding a department is its folder plus the README recipe's three
 * hand edits, and forgetting any one of them fails a test. In a copy of the project it follows
 * the recipe — `scripts/new-department.ts` copies and renames the template folder, then the edits
 * it prints: the definition in shared/departments.ts, the registry, a scoring-policy rule — and
 * `npm run compose`; then the typecheck, the architecture and composition tests and the probe
 * (throwaway-department.probe.ts: profile, evaluation, special report, repair application, web
 * labels) must pass. Then once per step, in a fresh copy with that one step left out, the check
 * that catches it must fail. Slow (a typecheck and a build per copy): minutes, not seconds.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyTemplate, handEdits, namesOf } from "../../scripts/new-department.js";
import { PROJECT_ROOT } from "../../shared/paths.js";

const NAME = "throwaway";
const names = namesOf(NAME);
const STEPS = ["definition", "registry", "policy", "compose"] as const;
type Step = (typeof STEPS)[number];
const copies: string[] = [];

/** A copy of the project's sources (node_modules linked, not copied). */
function copyProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-throwaway-"));
  const skip = new Set(["node_modules", "dist", "data", "test-artifacts", ".git"]);
  fs.cpSync(PROJECT_ROOT, root, { recursive: true, filter: (source) => !skip.has(path.relative(PROJECT_ROOT, source).split(path.sep)[0]) });
  fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(root, "node_modules"));
  copies.push(root);
  return root;
}

function edit(file: string, change: (text: string) => string): void {
  const before = fs.readFileSync(file, "utf8");
  const after = change(before);
  expect(after, `${file} changed`).not.toBe(before);
  fs.writeFileSync(file, after);
}

const run = (root: string, command: string, args: string[]) => {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8", env: { ...process.env, XINYI_THROWAWAY_DEPARTMENT: NAME }, timeout: 600_000 });
  return { ok: result.status === 0, output: `${result.stdout}\n${result.stderr}`.slice(-200_000) };
};

/** The README's recipe in `root`, leaving out `skip`; the output of `npm run compose` (a build first) if it failed. */
function followRecipe(root: string, skip?: Step): string | null {
  copyTemplate(root, names);
  const edits = handEdits(names);
  addFact(root);
  if (skip !== "definition") {
    // The definition as printed, with a fact beyond its records (the README's "A fact beyond records").
    const definition = `${JSON.stringify({ ...JSON.parse(edits.departments.slice(0, -1)), facts: [FACT] }, null, 2)},`;
    edit(path.join(root, "shared/departments.ts"), (text) => text.replace(/\n {2}\{\n {4}name: "evaluation",/, (at) => `\n${definition}${at}`));
  }
  if (skip !== "registry")
    edit(path.join(root, "subgraphs/registry.ts"), (text) =>
      text
        .replace(/\nconst DEFINITIONS/, `\n${edits.registry.imports}\n\nconst DEFINITIONS`)
        .replace("  evaluation: evaluationDepartment,", `  ${edits.registry.definition}\n  evaluation: evaluationDepartment,`)
        .replace("  incentives: incentivesSeeder,", `  ${edits.registry.seeder}\n  incentives: incentivesSeeder,`),
    );
  if (skip !== "policy") {
    const dir = path.join(root, "subgraphs/evaluation/policy");
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      const policy = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
      if (!Array.isArray(policy.recordRules)) continue;
      policy.recordRules.push(edits.policyRule);
      policy.factRules = [...(policy.factRules ?? []), FACT_RULE];
      fs.writeFileSync(path.join(dir, file), `${JSON.stringify(policy, null, 2)}\n`);
    }
  }
  // Leaving out any step is caught before composing (the typecheck, the architecture test), or is composing.
  if (skip) return null;
  const composed = run(root, "npm", ["run", "compose", "--silent"]);
  return composed.ok ? null : composed.output;
}

/** A fact beyond records: the department's standing, RECORDED while it has a record on file; the policy weighs it. */
const FACT = {
  name: "standing",
  zh: "throwaway记录状况",
  en: "throwaway standing",
  path: [{ field: "standing", type: `${names.pascal}Standing`, nullable: false }],
  code: {
    field: "grade",
    name: `${names.pascal}Grade`,
    description: "Whether the subject has a record on file.",
    values: { CLEAN: { zh: "无记录", en: "No record on file." }, RECORDED: { zh: "有记录", en: "A record on file." } },
  },
  detail: { field: "records", zh: "条", en: "records" },
};
const FACT_RULE = {
  department: NAME,
  fact: "standing",
  value: "RECORDED",
  dimension: "LAW_ABIDING",
  points: -40,
  zh: "throwaway有记录",
  en: "throwaway record on file",
};

/** The fact in the department's own folder: its type (the enum made from the definition) and its resolver. */
function addFact(root: string): void {
  const folder = path.join(root, "subgraphs", NAME);
  edit(path.join(folder, `${NAME}.type.ts`), (text) =>
    text
      .replace(/\n/, `\nimport { factCodes } from "../../shared/facts.js";\n`)
      .replace(
        /(export class \w+Profile \{\n)/,
        `$1  @Field(() => ${names.pascal}Standing, { description: "Standing." })\n  standing!: { grade: string; records: number };\n\n`,
      )
      .concat(
        `\nexport const ${names.pascal}Grade = factCodes("${NAME}.standing");\n`,
        `@ObjectType({ description: "Standing." })\nexport class ${names.pascal}Standing {\n`,
        `  @Field(() => ${names.pascal}Grade, { description: "Grade." }) grade!: string;\n`,
        `  @Field(() => Int, { description: "Records." }) records!: number;\n}\n`,
      ),
  );
  edit(path.join(folder, `${NAME}.resolver.ts`), (text) =>
    text.replace(
      "      records: recordList,",
      `      records: recordList,\n      standing: { grade: records.length > 0 ? "RECORDED" : "CLEAN", records: records.length },`,
    ),
  );
}

const TYPECHECK: [string, string[]] = ["npx", ["tsc", "-p", "tsconfig.json", "--noEmit"]];

/** The check that must catch each step left out, and what its failure names. */
const CATCHES: Record<Step, { run: [string, string[]]; names: RegExp }> = {
  definition: { run: TYPECHECK, names: /subgraphs\/throwaway\/.*"throwaway"/ },
  registry: { run: TYPECHECK, names: /subgraphs\/registry\.ts.*throwaway/ },
  policy: { run: ["npx", ["vitest", "run", "tests/architecture/departments.test.ts"]], names: /throwaway/ },
  compose: { run: ["npx", ["vitest", "run", "tests/composition/composition.test.ts"]], names: /schema\/[\w-]+\.graphql: expected/ },
};

describe("a throwaway department, added by the README's recipe", () => {
  afterAll(() => {
    for (const root of copies) fs.rmSync(root, { recursive: true, force: true });
  });

  it("appears in the profile, the evaluation's inputs, a special report, a repair application and the web app", () => {
    const root = copyProject();
    expect(followRecipe(root)).toBeNull();
    expect(fs.readdirSync(path.join(root, "subgraphs", NAME))).toContain(`${NAME}.type.ts`);
    const typecheck = run(root, ...TYPECHECK);
    expect(typecheck.ok, typecheck.output).toBe(true);
    fs.copyFileSync(path.join(root, "tests/architecture/throwaway-department.probe.ts"), path.join(root, "tests/architecture/throwaway-probe.test.ts"));
    const tests = run(root, "npx", [
      "vitest",
      "run",
      "tests/architecture/departments.test.ts",
      "tests/composition",
      "tests/architecture/throwaway-probe.test.ts",
    ]);
    expect(tests.ok, tests.output).toBe(true);
    expect(tests.output).toMatch(/throwaway-probe\.test\.ts/);
    expect(tests.output).not.toMatch(/skipped/);
  }, 900_000);

  it.each(STEPS)(
    "fails a test when the step '%s' is left out",
    (step) => {
      const root = copyProject();
      followRecipe(root, step);
      const [command, args] = CATCHES[step].run;
      const caught = run(root, command, args);
      expect(caught.ok, `${step} left out, yet ${command} ${args.join(" ")} passed`).toBe(false);
      expect(caught.output).toMatch(CATCHES[step].names);
    },
    900_000,
  );
});
