/**
 * Bulk import into a department, against the running federation's directory: bad rows are named
 * by line and stop the whole file; a clean file imports; importing it again changes nothing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../shared/db.js";
import { createDirectoryClient } from "../../shared/directory.js";
import { importRecords } from "../../scripts/import/import-records.js";
import { taxDepartment } from "../../subgraphs/tax/app.js";
import { ANALYST, recordChangesOf, startFederation, type Federation } from "../../testing/federation.js";

let fed: Federation;
let subjects: string[];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-import-"));

beforeAll(async () => {
  fed = await startFederation({ subjects: 200 });
  const page = await fed.query(`{ subjects(first: 20, filter: { kind: ORGANIZATION }) { nodes { id } } }`, undefined, ANALYST);
  subjects = page.body.data.subjects.nodes.map((n: { id: string }) => n.id);
});
afterAll(async () => {
  await fed?.close();
});

const HEADER = "subject_id,document_no,category,severity,amount,description,decided_on";
/** 15 clean rows: line k+1 of the file holds row k (line 1 is the header). */
const cleanRows = (tag: string) =>
  Array.from(
    { length: 15 },
    (_, k) => `${subjects[k % subjects.length]},湖税罚〔2026〕${tag}-${k}号,LATE_FILING,GENERAL,${100 + k},"未按期申报, 第${k}次",2026-0${1 + (k % 9)}-15`,
  );

function writeFile(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

async function run(file: string, skipInvalid = false) {
  const { db } = createDatabase<any>({ department: "tax", dataDir: fed.config.dataDir });
  try {
    const report = await importRecords({
      db,
      spec: taxDepartment.importSpec,
      file,
      skipInvalid,
      progress: false,
      findMissingSubjects: createDirectoryClient(fed.subgraphUrl("credit"), fed.config.gatewaySecret, "tax"),
    });
    const { n } = await db
      .selectFrom("tax_violations")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return { report, count: Number(n) };
  } finally {
    await db.destroy();
  }
}

describe("npm run import", () => {
  it("rejects a file with a bad ID checksum on line 7 and a bad date on line 12, naming both, writing nothing", async () => {
    const rows = cleanRows("bad");
    const id = subjects[5];
    rows[5] = rows[5].replace(id, `${id.slice(0, 17)}${id[17] === "0" ? "1" : "0"}`); // line 7
    rows[10] = rows[10].replace(/2026-0\d-15$/, "2026-02-30"); // line 12
    const before = (await run(writeFile("empty.csv", [HEADER]))).count;
    const { report, count } = await run(writeFile("bad.csv", [HEADER, ...rows]));
    expect(report.written).toBe(false);
    expect(report.invalid.map((i) => i.line)).toEqual([7, 12]);
    expect(report.invalid[0].reasons.join()).toMatch(/subjectId: check character at position 18/);
    expect(report.invalid[1].reasons.join()).toMatch(/decidedOn: must be a date/);
    expect(count).toBe(before);
  });

  it("imports a clean file, and importing it twice changes nothing", async () => {
    const file = writeFile("clean.csv", [HEADER, ...cleanRows("clean")]);
    const first = await run(file);
    expect(first.report).toMatchObject({ written: true, inserted: 15, alreadyPresent: 0, invalid: [] });
    const second = await run(file);
    expect(second.report).toMatchObject({ written: true, inserted: 0, alreadyPresent: 15 });
    expect(second.count).toBe(first.count);
    // The imported records show in the profile through the gateway.
    const profile = await fed.query(`query($id: ID!) { subject(id: $id) { tax { violations { documentNo amount } } } }`, { id: subjects[3] }, ANALYST);
    expect(profile.body.data.subject.tax.violations).toContainEqual({ documentNo: "湖税罚〔2026〕CLEAN-3号", amount: 103 }); // document numbers are stored normalised (NFKC, upper case)
  });

  it("writes one record_changes row per new record, like every other write (before null, after as stored), and none when importing again", async () => {
    const file = writeFile("changes.csv", [HEADER, ...cleanRows("changes")]);
    await run(file);
    await run(file);
    const { db } = createDatabase<any>({ department: "tax", dataDir: fed.config.dataDir });
    try {
      const records = await db.selectFrom("tax_violations").selectAll().where("document_no", "like", "%CHANGES-%").execute();
      const changes = await recordChangesOf(
        fed,
        "tax",
        records.map((r) => r.id),
      );
      expect(records).toHaveLength(15);
      expect(changes).toHaveLength(15);
      for (const record of records) {
        const change = changes.find((c) => c.record_id === record.id);
        expect(change).toMatchObject({ actor: "import", record_table: "tax_violations", subject_id: record.subject_id, action: "RECORD", before: null });
        expect(JSON.parse(change?.after ?? "null")).toEqual(record);
      }
    } finally {
      await db.destroy();
    }
  });

  it("imports NDJSON, refuses unknown subjects and repeated document numbers, and with --skip-invalid writes the rest and a rejects file", async () => {
    const unknownButValid = "330502199001011236";
    const lines = [
      {
        subjectId: subjects[0],
        documentNo: "nd-1",
        category: "TAX_EVASION",
        severity: "SERIOUS",
        amount: 50000,
        description: "偷逃税款",
        decidedOn: "2025-06-01",
      },
      { subjectId: unknownButValid, documentNo: "nd-2", category: "LATE_FILING", severity: "GENERAL", description: "逾期申报", decidedOn: "2025-06-01" },
      { subjectId: subjects[1], documentNo: "nd-1", category: "LATE_FILING", severity: "GENERAL", description: "逾期申报", decidedOn: "2025-06-01" },
      { subjectId: subjects[2], documentNo: "nd-4", category: "NOT_A_CATEGORY", severity: "GENERAL", description: "x", decidedOn: "2025-06-01" },
    ].map((o) => JSON.stringify(o));
    const file = writeFile("mixed.ndjson", [...lines, "{not json"]);
    const strict = await run(file);
    expect(strict.report.written).toBe(false);
    expect(strict.report.invalid.map((i) => [i.line, i.reasons[0].split(":")[0]])).toEqual([
      [2, "subjectId"],
      [3, "documentNo"],
      [4, "category"],
      [5, "not a JSON object"],
    ]);
    const lenient = await run(file, true);
    expect(lenient.report).toMatchObject({ written: true, inserted: 1 });
    const rejects = fs
      .readFileSync(lenient.report.rejectsFile!, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rejects.map((r) => r.line)).toEqual([2, 3, 4, 5]);
  });
});
