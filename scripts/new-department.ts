/**
 * `npm run new-department -- <name>`: step 1 of the README's recipe for a new department. Copies
 * the transport bureau's subgraph (records with a publicity window, one figure of its own, a
 * seeder) to `subgraphs/<name>/`, renamed — files, tables, GraphQL types, mutations, scope — and
 * prints the three hand edits outside that folder, ready to paste. Then rewrite what is the
 * transport bureau's in the new folder (its categories' data, its own figure, its seeder).
 *
 * The name is lowercase words joined by hyphens (`village-archive`); its `Subject` field is the
 * camel-cased name (`villageArchive`).
 */
import fs from "node:fs";
import path from "node:path";
import { DEPARTMENTS, departmentNamed } from "../shared/departments.js";
import { PROJECT_ROOT } from "../shared/paths.js";
import { runMain } from "../shared/serve.js";

const TEMPLATE = "transport";

export interface NewDepartmentNames {
  /** `village-archive`: the department's name, folder, scope `dept:<name>`. */
  kebab: string;
  /** `villageArchive`: its `Subject` field. */
  camel: string;
  /** `VillageArchive`: the prefix of its GraphQL types. */
  pascal: string;
  /** `village_archive`: the prefix of its tables. */
  snake: string;
}

export function namesOf(name: string): NewDepartmentNames {
  if (!/^[a-z]+(-[a-z]+)*$/.test(name)) throw new Error(`"${name}": a department's name is lowercase words joined by hyphens, e.g. village-archive`);
  const words = name.split("-");
  const pascal = words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  return { kebab: name, camel: pascal[0].toLowerCase() + pascal.slice(1), pascal, snake: words.join("_") };
}

/** The template's text with the new department's names. */
function renamed(text: string, n: NewDepartmentNames): string {
  return (
    text
      // A one-word name as a property (biome's useLiteralKeys refuses `departments["village"]`), a hyphenated one quoted.
      .replaceAll(`departments.${TEMPLATE}.`, n.kebab.includes("-") ? `departments["${n.kebab}"].` : `departments.${n.kebab}.`)
      .replaceAll(`${TEMPLATE}_`, `${n.snake}_`)
      .replaceAll(`"${TEMPLATE}"`, `"${n.kebab}"`)
      .replaceAll(`./${TEMPLATE}.`, `./${n.kebab}.`)
      .replaceAll("Transport", n.pascal)
      .replace(/(?<![A-Za-z])CouponUse/g, `${n.pascal}CouponUse`)
      .replaceAll(TEMPLATE, n.camel)
  );
}

/** Copies the template to `subgraphs/<name>/` under `root`, renamed; returns the files written. */
export function copyTemplate(root: string, n: NewDepartmentNames): string[] {
  const from = path.join(root, "subgraphs", TEMPLATE);
  const to = path.join(root, "subgraphs", n.kebab);
  if (fs.existsSync(to)) throw new Error(`${path.relative(root, to)} exists already`);
  const written: string[] = [];
  const copy = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(from, dir), { withFileTypes: true })) {
      const source = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "test") copy(source);
        continue;
      }
      const target = path.join(to, renamed(source, n).replace(`${n.camel}.`, `${n.kebab}.`));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, renamed(fs.readFileSync(path.join(from, source), "utf8"), n));
      written.push(path.relative(root, target));
    }
  };
  copy(".");
  return written;
}

/** The three hand edits outside the new folder, as text to paste. */
export function handEdits(n: NewDepartmentNames): {
  departments: string;
  registry: { imports: string; definition: string; seeder: string };
  policyRule: object;
} {
  const template = departmentNamed(TEMPLATE);
  const port = Math.max(...DEPARTMENTS.map((d) => d.defaultPort)) + 1;
  const definition = {
    name: n.kebab,
    zh: `${n.kebab}（中文名称）`,
    en: `${n.kebab} (its English name)`,
    defaultPort: port,
    keepsRecords: true,
    profileField: n.camel,
    records: {
      profileType: `${n.pascal}Profile`,
      recordType: `${n.pascal}Record`,
      table: `${n.snake}_records`,
      categories: { ...template.records.categories, name: `${n.pascal}RecordCategory` },
    },
  };
  return {
    departments: `${JSON.stringify(definition, null, 2)},`,
    registry: {
      imports: `import { ${n.camel}Department } from "./${n.kebab}/app.js";\nimport { ${n.camel}Seeder } from "./${n.kebab}/seed.js";`,
      definition: `"${n.kebab}": ${n.camel}Department,`,
      seeder: `"${n.kebab}": ${n.camel}Seeder,`,
    },
    policyRule: { department: n.kebab, category: "*", severity: "*", dimension: "LAW_ABIDING", points: -60, zh: `${n.kebab}失信记录`, en: `${n.kebab} record` },
  };
}

if (process.argv[1]?.endsWith("new-department.js")) {
  runMain(async () => {
    const n = namesOf(process.argv[2] ?? "");
    const files = copyTemplate(PROJECT_ROOT, n);
    const edits = handEdits(n);
    console.log(`Copied subgraphs/${TEMPLATE} to subgraphs/${n.kebab} (${files.length} files), renamed.\n`);
    console.log(`1. shared/departments.ts — add to DEPARTMENTS, before "evaluation" (then give it its titles and categories):\n${edits.departments}\n`);
    console.log(
      `2. subgraphs/registry.ts — import, and add to DEFINITIONS and SEEDER_BY_NAME:\n${edits.registry.imports}\n${edits.registry.definition}\n${edits.registry.seeder}\n`,
    );
    console.log(
      `3. the scoring policy (subgraphs/evaluation/policy/*.json) — at least one recordRules entry for it, e.g.:\n${JSON.stringify(edits.policyRule)}\n`,
    );
    console.log(
      `A fact beyond its records for the evaluation or the 信易+ (a code, e.g. a grade)? Declare it in the same definition (facts), then factRules in the policy: README, "A fact beyond records".`,
    );
    console.log(`Then: rewrite what is the transport bureau's in subgraphs/${n.kebab}; npm run compose; commit schema/.`);
  });
}
