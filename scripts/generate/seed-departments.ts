/**
 * Writes the synthetic population into every department's database, streaming: memory stays
 * bounded at any scale. Each SQLite database takes the whole seed as one bulk load (one
 * transaction, one checkpoint; see row-writer.ts), PostgreSQL in batches of subjects. Ids are
 * deterministic and inserts skip existing rows: seeding twice changes nothing.
 */
import { sql } from "kysely";
import type { Config } from "../../shared/config.js";
import { createDatabase, migrateToLatest } from "../../shared/db.js";
import { createProgress } from "../../shared/progress.js";
import { SEEDERS } from "../../subgraphs/registry.js";
import { generatePopulation, type PopulationOptions } from "./population.js";
import { type RepairedRecord, useSyntheticIdKey } from "../../shared/seeding/seeder.js";
import { loadOrCreate } from "../demo-keys.js";
import { createRowWriter, type RowWriter } from "./row-writer.js";

export interface SeedOptions extends PopulationOptions {
  /** Show a progress bar. @default true */
  progress?: boolean;
}

export interface SeedSummary {
  subjects: number;
  /** Rows written (or already there) per department and table. */
  rows: Record<string, Record<string, number>>;
}

/** Subjects between two progress ticks. */
const TICK = 1000;

/** The data folder's file holding the key of its synthetic ids (shared/seeding/seeder.ts, opaqueId). */
export const SYNTHETIC_ID_KEY_FILE = "synthetic-id-key";

export async function seedDepartments(config: Config, options: SeedOptions): Promise<SeedSummary> {
  useSyntheticIdKey(loadOrCreate(config.dataDir, SYNTHETIC_ID_KEY_FILE));
  // The credit office seeds last: it registers the repairs of every other department's records.
  const seeders = [...SEEDERS].sort((a, b) => Number(a.name === "credit") - Number(b.name === "credit"));
  const handles = seeders.map((s) =>
    createDatabase<unknown>({ department: s.name, dataDir: config.dataDir, databaseUrl: config.departments[s.name].databaseUrl }),
  );
  const summary: SeedSummary = { subjects: 0, rows: Object.fromEntries(seeders.map((s) => [s.name, {}])) };
  const writers: RowWriter[] = [];
  try {
    for (const [i, s] of seeders.entries()) await migrateToLatest(handles[i].db, s.migrations);
    for (const s of seeders) s.start?.();
    for (const h of handles) writers.push(createRowWriter(h));
    const progress = options.progress === false ? undefined : createProgress("seeding", options.count);
    for (const subject of generatePopulation(options)) {
      const repaired: RepairedRecord[] = [];
      for (const [i, s] of seeders.entries()) {
        const generated = s.generate(subject, options.asOf, repaired);
        if (generated.repaired) repaired.push(...generated.repaired);
        await writers[i].write(generated.rows);
        const counts = summary.rows[s.name];
        for (const table in generated.rows) counts[table] = (counts[table] ?? 0) + generated.rows[table].length;
      }
      if (++summary.subjects % TICK === 0) progress?.tick(summary.subjects);
    }
    const written: string[] = [];
    for (const [i, s] of seeders.entries()) written.push(`${s.name} (${handles[i].location}: ${await writers[i].finish()})`);
    progress?.finish(`seeded ${summary.subjects} subjects into ${written.join(", ")}`);
    return summary;
  } catch (error) {
    for (const w of writers) await w.abort();
    throw error;
  } finally {
    for (const h of handles) await h.close();
  }
}

/** Subjects in the credit office's directory of a data folder (0 when it was never seeded). */
export async function seededSubjects(config: Config): Promise<number> {
  const credit = SEEDERS.find((s) => s.name === "credit")!;
  const { db, close } = createDatabase<unknown>({ department: "credit", dataDir: config.dataDir, databaseUrl: config.departments.credit.databaseUrl });
  try {
    await migrateToLatest(db, credit.migrations);
    const { rows } = await sql<{ n: number }>`select count(*) as n from subjects`.execute(db);
    return Number(rows[0].n);
  } finally {
    await close();
  }
}
