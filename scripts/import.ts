/**
 * `npm run import -- --department <name> --file <records.csv|records.ndjson> [--skip-invalid]`:
 * validates every row, then imports all of them or none (see scripts/import/import-records.ts).
 * The subject directory is checked through the credit subgraph, so the federation must be running.
 */
import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { loadConfig } from "../shared/config.js";
import { createDatabase, migrateToLatest } from "../shared/db.js";
import { createDirectoryClient } from "../shared/directory.js";
import { runMain } from "../shared/serve.js";
import { DEPARTMENT_DEFINITIONS } from "../subgraphs/registry.js";
import { withDemoSecrets } from "./demo-keys.js";
import { importRecords } from "./import/import-records.js";

/** Who runs the import, as the operating system knows them (the audit log's caller of its records). */
const importer = (): string => {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? "unknown";
  }
};

runMain(async () => {
  const { values } = parseArgs({ options: { department: { type: "string" }, file: { type: "string" }, "skip-invalid": { type: "boolean", default: false } } });
  const department = DEPARTMENT_DEFINITIONS.find((d) => d.name === values.department && "importSpec" in d && d.importSpec);
  const importable = DEPARTMENT_DEFINITIONS.filter((d) => "importSpec" in d && d.importSpec).map((d) => d.name);
  if (!department || !("importSpec" in department) || !department.importSpec) {
    throw new Error(`usage: npm run import -- --department <${importable.join("|")}> --file <file.csv|file.ndjson> [--skip-invalid]`);
  }
  if (!values.file || !fs.existsSync(values.file)) throw new Error(`--file: no such file "${values.file ?? ""}"`);
  const config = loadConfig(withDemoSecrets(process.env));
  const { db, location } = createDatabase<unknown>({
    department: department.name,
    dataDir: config.dataDir,
    databaseUrl: config.departments[department.name].databaseUrl,
  });
  try {
    await migrateToLatest(db, department.migrations);
    const report = await importRecords({
      db,
      spec: department.importSpec,
      file: values.file,
      skipInvalid: values["skip-invalid"],
      findMissingSubjects: createDirectoryClient(config.departments.credit.url, config.gatewaySecret, department.name),
      actor: `import:${importer()}`,
    });
    for (const { line, reasons } of report.invalid.slice(0, 100)) process.stderr.write(`line ${line}: ${reasons.join("; ")}\n`);
    if (report.invalid.length > 100) process.stderr.write(`… and ${report.invalid.length - 100} more bad rows\n`);
    if (!report.written) {
      process.stderr.write(`${report.invalid.length} of ${report.rows} rows are invalid: nothing imported (use --skip-invalid to import the valid rows)\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      `imported ${report.inserted} new records into ${department.name} (${location}); ${report.alreadyPresent} already present; ${report.invalid.length} rejected` +
        (report.rejectsFile ? ` (see ${report.rejectsFile})` : "") +
        "\n",
    );
  } finally {
    await db.destroy();
  }
});
