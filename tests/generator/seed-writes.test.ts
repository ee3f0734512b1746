/**
 * The seed writes what it keeps about once (issue 31, item 2): each SQLite database takes the
 * whole seed as one bulk load (shared/db.ts startBulkLoad: one transaction, plain indexes built
 * after the rows, one checkpoint), so no index page goes out again at every commit and checkpoint.
 * Measured by the bytes this process hands to write calls (/proc/self/io `wchar`, whatever the
 * file system underneath) against the files it leaves. Before: a transaction per 500 subjects with
 * FULL sync and SQLite's 2 MB cache wrote 26× the final size at 30,000 subjects (~150× at city
 * scale); the 20,000 here wrote 19×.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { loadConfig } from "../../shared/config.js";
import { DEFAULT_AS_OF, DEFAULT_SEED } from "../../scripts/generate/scale.js";
import { seedDepartments } from "../../scripts/generate/seed-departments.js";

const SUBJECTS = 20_000;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-seed-writes-"));
const config = loadConfig({ XINYI_DATA_DIR: dataDir, XINYI_GATEWAY_SECRET: "seed-only-no-secret-needed-000000000000" });
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const written = () => Number(/^wchar: (\d+)$/m.exec(fs.readFileSync("/proc/self/io", "utf8"))![1]);
const files = () => fs.readdirSync(dataDir).map((name) => ({ name, bytes: fs.statSync(path.join(dataDir, name)).size }));

it("writes at most 3× the files it leaves, leaves no WAL behind, and writes nearly nothing when seeded again", async () => {
  const before = written();
  const first = await seedDepartments(config, { count: SUBJECTS, seed: DEFAULT_SEED, asOf: DEFAULT_AS_OF, progress: false });
  const bytes = written() - before;
  const kept = files()
    .filter((f) => f.name.endsWith(".sqlite"))
    .reduce((sum, f) => sum + f.bytes, 0);
  expect(files().filter((f) => f.name.endsWith("-wal") && f.bytes > 0)).toEqual([]);
  expect(bytes).toBeGreaterThan(kept); // every page reached the file
  expect(bytes / kept).toBeLessThan(3);
  for (const f of files().filter((f) => f.name.endsWith(".sqlite"))) {
    const db = new Database(path.join(dataDir, f.name), { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true }), f.name).toBe("ok");
      // The plain indexes built after the rows are there, by the names the migrations gave them.
      if (f.name === "credit.sqlite") expect(db.prepare("select count(*) as n from subjects indexed by subjects_name").get()).toEqual({ n: SUBJECTS });
    } finally {
      db.close();
    }
  }

  const again = written();
  const second = await seedDepartments(config, { count: SUBJECTS, seed: DEFAULT_SEED, asOf: DEFAULT_AS_OF, progress: false });
  expect(second.rows).toEqual(first.rows);
  expect((written() - again) / kept).toBeLessThan(0.1);
}, 600_000);
