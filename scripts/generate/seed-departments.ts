/**
 * Writes the synthetic population into every department's database, streaming in batches (one
 * transaction per department per batch), so memory stays bounded at any scale. Ids are
 * deterministic and inserts skip existing rows: seeding twice changes nothing.
 */
import type { Config } from "../../shared/config.js";
import { createDatabase, migrateToLatest, type AnyDatabase } from "../../shared/db.js";
import { createProgress } from "../../shared/progress.js";
import { SEEDERS } from "../../subgraphs/registry.js";
import { generatePopulation, type PopulationOptions } from "./population.js";
import type { RepairedRecord } from "../../shared/seeding/seeder.js";

export interface SeedOptions extends PopulationOptions {
  /** Subjects per batch. @default 500 */
  batchSize?: number;
  /** Show a progress bar. @default true */
  progress?: boolean;
}

export interface SeedSummary {
  subjects: number;
  /** Rows written (or already there) per department and table. */
  rows: Record<string, Record<string, number>>;
}

/** Inserts rows in chunks below every database's bind-parameter limit, skipping existing ones. */
async function insertRows(db: AnyDatabase, table: string, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]).length;
  const chunk = Math.max(1, Math.floor(30_000 / columns));
  for (let i = 0; i < rows.length; i += chunk) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + chunk))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

export async function seedDepartments(config: Config, options: SeedOptions): Promise<SeedSummary> {
  // The credit office seeds last: it registers the repairs of every other department's records.
  const seeders = [...SEEDERS].sort((a, b) => Number(a.name === "credit") - Number(b.name === "credit"));
  const handles = seeders.map((s) =>
    createDatabase<unknown>({ department: s.name, dataDir: config.dataDir, databaseUrl: config.departments[s.name].databaseUrl }),
  );
  const summary: SeedSummary = { subjects: 0, rows: Object.fromEntries(seeders.map((s) => [s.name, {}])) };
  try {
    for (const [i, s] of seeders.entries()) await migrateToLatest(handles[i].db, s.migrations);
    for (const s of seeders) s.start?.();
    const progress = options.progress === false ? undefined : createProgress("seeding", options.count);
    const batchSize = options.batchSize ?? 500;
    let batch: Record<string, object[]>[] = seeders.map(() => ({}));
    let inBatch = 0;
    const flush = async () => {
      for (const [i, s] of seeders.entries()) {
        await handles[i].db.transaction().execute(async (trx) => {
          for (const [table, rows] of Object.entries(batch[i])) await insertRows(trx, table, rows);
        });
        for (const [table, rows] of Object.entries(batch[i])) summary.rows[s.name][table] = (summary.rows[s.name][table] ?? 0) + rows.length;
      }
      batch = seeders.map(() => ({}));
      inBatch = 0;
      progress?.tick(summary.subjects);
    };
    for (const subject of generatePopulation(options)) {
      const repaired: RepairedRecord[] = [];
      for (const [i, s] of seeders.entries()) {
        const generated = s.generate(subject, options.asOf, repaired);
        repaired.push(...(generated.repaired ?? []));
        for (const [table, rows] of Object.entries(generated.rows)) {
          batch[i][table] = [...(batch[i][table] ?? []), ...rows];
        }
      }
      summary.subjects++;
      if (++inBatch >= batchSize) await flush();
    }
    if (inBatch > 0) await flush();
    progress?.finish(`seeded ${summary.subjects} subjects into ${seeders.map((s, i) => `${s.name} (${handles[i].location})`).join(", ")}`);
    return summary;
  } finally {
    for (const h of handles) await h.db.destroy();
  }
}
