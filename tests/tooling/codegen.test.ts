/**
 * A real client tool in the suite: GraphQL Code Generator makes the tax bureau frontend's types
 * (examples/tax-frontend) from the published schema/api.graphql — how a team works where
 * introspection is off — and from the running gateway's introspection; both agree, the generated
 * code and the frontend using it compile under tsc, and the frontend's operations run.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generate } from "@graphql-codegen/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { ANALYST, startFederation, type Federation } from "../../testing/federation.js";
import frontend, { OUTPUT } from "../../examples/tax-frontend/codegen.js";

const FRONTEND = path.join(PROJECT_ROOT, "examples", "tax-frontend");

let fed: Federation;
let workDir: string;
beforeAll(async () => {
  fed = await startFederation({ subjects: 50 });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-codegen-"));
});
afterAll(async () => {
  await fed?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

/** Code Generator's output for the frontend's operations against one schema source. */
async function generateFrom(schema: string | Record<string, { headers: Record<string, string> }>): Promise<string> {
  const target = path.join(workDir, "out.ts");
  const [file] = await generate({ ...frontend, cwd: PROJECT_ROOT, schema: [schema], generates: { [target]: OUTPUT } }, false);
  return file.content;
}

describe("GraphQL Code Generator for a department frontend", () => {
  it("generates the same types from schema/api.graphql as from the gateway's introspection, and they compile", async () => {
    const fromFile = await generateFrom(path.join(PROJECT_ROOT, "schema", "api.graphql"));
    const token = await fed.token(["dept:tax"], "tax-frontend-codegen");
    const fromGateway = await generateFrom({ [fed.gatewayUrl]: { headers: { authorization: `Bearer ${token}` } } });
    expect(fromFile).toContain("export type TaxRecordsQuery =");
    expect(fromFile).toContain("export type RecordViolationMutationVariables =");
    // Code Generator's URL loader rebuilds custom scalars without their descriptions: the one
    // difference, in comments of the Scalars map (the introspection test compares the schemas whole).
    const scalarDocs = (code: string) => code.replace(/export type Scalars = \{[\s\S]*?\n\};/, (block) => block.replace(/^ *\/\*\*.*\*\/\n/gm, ""));
    expect(scalarDocs(fromGateway)).toBe(scalarDocs(fromFile));
    expect(fromGateway.split("/**").length).toBeGreaterThan(100);

    // The frontend beside its generated types, compiled as a team would (strict, no emit).
    fs.writeFileSync(path.join(workDir, "graphql.ts"), fromFile);
    fs.copyFileSync(path.join(FRONTEND, "tax-client.ts"), path.join(workDir, "tax-client.ts"));
    const tsconfig = {
      compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", lib: ["ES2022", "DOM"], strict: true, noEmit: true, types: [] },
      files: ["tax-client.ts", "graphql.ts"],
    };
    fs.writeFileSync(path.join(workDir, "tsconfig.json"), JSON.stringify(tsconfig));
    const tsc = path.join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc");
    /** tsc's diagnostics, empty when the code compiles. */
    const compile = () => {
      try {
        return execFileSync(process.execPath, [tsc, "-p", workDir], { encoding: "utf8" });
      } catch (error) {
        return String((error as { stdout?: string }).stdout);
      }
    };
    expect(compile()).toBe("");
    // A field the schema does not have is a compile error (the types are not `any`).
    fs.appendFileSync(path.join(workDir, "tax-client.ts"), `\nexport const wrong = (q: import("./graphql.js").TaxRecordsQuery) => q.subject?.tax?.nonsense;\n`);
    expect(compile()).toMatch(/Property 'nonsense' does not exist/);
  });

  it("runs the frontend's operations on the gateway with a dept:tax token", async () => {
    fs.copyFileSync(path.join(FRONTEND, "tax-client.ts"), path.join(workDir, "client.ts"));
    const client = await import(path.join(workDir, "client.ts"));
    const page = await fed.query(`{ subjects(first: 1, filter: { kind: ORGANIZATION }) { nodes { id } } }`, undefined, ANALYST);
    const subjectId = page.body.data.subjects.nodes[0].id;
    const token = await fed.token(["dept:tax"], "tax-frontend");
    const recorded = await client.recordLateFiling(fed.gatewayUrl, token, { subjectId, documentNo: "湖税罚〔2026〕CODEGEN-1号", decidedOn: "2026-03-31" });
    expect(recorded.code).toBeUndefined();
    expect(recorded.id).toBeTruthy();
    const records = await client.activeViolations(fed.gatewayUrl, token, subjectId);
    expect(records.documents).toContain("湖税罚〔2026〕CODEGEN-1号");
  });
});
