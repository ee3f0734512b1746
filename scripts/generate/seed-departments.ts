/**
 * Writes the synthetic population into every department's database, streaming in batches (one
 * transaction per department per batch), so memory stays bounded at any scale. Ids are
 * deterministic and inserts skip existing rows: seeding twice changes nothing.
 */
import type { Config } from "../../shared/config.js";
import { createDatabase, migrateToLatest } from "../../shared/db.js";
import { createProgress } from "../../shared/progress.js";
import { insertCreditRecords } from "../../subgraphs/credit/credit-record.repo.js";
import type { CreditDB } from "../../subgraphs/credit/db.js";
import { migrations as creditMigrations } from "../../subgraphs/credit/migrations/index.js";
import { generateCreditRecords, type CreditRecords } from "../../subgraphs/credit/seed.js";
import { insertSubjects } from "../../subgraphs/credit/subject.repo.js";
import type { TaxDB } from "../../subgraphs/tax/db.js";
import { migrations as taxMigrations } from "../../subgraphs/tax/migrations/index.js";
import { generateTaxRecords, type TaxRecords } from "../../subgraphs/tax/seed.js";
import { insertTaxRecords } from "../../subgraphs/tax/tax.repo.js";
import { generatePopulation, type PopulationOptions } from "./population.js";

export interface SeedOptions extends PopulationOptions {
  /** Subjects per batch. @default 500 */
  batchSize?: number;
  /** Show a progress bar. @default true */
  progress?: boolean;
}

export interface SeedSummary {
  subjects: number;
  example: { organization?: string; person?: string };
}

const concat = <T, K extends keyof T>(items: T[], key: K) => items.flatMap((x) => x[key] as unknown[]) as T[K];

export async function seedDepartments(config: Config, options: SeedOptions): Promise<SeedSummary> {
  const credit = createDatabase<CreditDB>({ department: "credit", dataDir: config.dataDir, databaseUrl: config.departments.credit.databaseUrl });
  const tax = createDatabase<TaxDB>({ department: "tax", dataDir: config.dataDir, databaseUrl: config.departments.tax.databaseUrl });
  const summary: SeedSummary = { subjects: 0, example: {} };
  try {
    await migrateToLatest(credit.db, creditMigrations);
    await migrateToLatest(tax.db, taxMigrations);
    const progress = options.progress === false ? undefined : createProgress("seeding", options.count);
    const batchSize = options.batchSize ?? 500;
    let creditBatch: CreditRecords[] = [];
    let taxBatch: TaxRecords[] = [];
    const flush = async () => {
      await credit.db.transaction().execute(async (trx) => {
        await insertSubjects(trx, creditBatch.map((c) => c.subject));
        await insertCreditRecords(trx, {
          listEntries: concat(creditBatch, "listEntries"),
          commitments: concat(creditBatch, "commitments"),
          repairs: concat(creditBatch, "repairs"),
        });
      });
      await tax.db.transaction().execute(async (trx) => {
        await insertTaxRecords(trx, { ratings: concat(taxBatch, "ratings"), arrears: concat(taxBatch, "arrears"), violations: concat(taxBatch, "violations") });
      });
      creditBatch = [];
      taxBatch = [];
      progress?.tick(summary.subjects);
    };
    for (const subject of generatePopulation(options)) {
      const taxRecords = generateTaxRecords(subject, options.asOf);
      const repaired = taxRecords.repaired.map((r) => ({ department: "tax", ...r }));
      creditBatch.push(generateCreditRecords(subject, options.asOf, repaired));
      taxBatch.push(taxRecords);
      summary.subjects++;
      // An example of each kind with records in both departments, for the start-up banner.
      const key = subject.kind === "PERSON" ? "person" : "organization";
      if (!summary.example[key] && taxRecords.violations.length + taxRecords.arrears.length > 0) summary.example[key] = subject.id;
      if (creditBatch.length >= batchSize) await flush();
    }
    if (creditBatch.length > 0) await flush();
    progress?.finish(`seeded ${summary.subjects} subjects into credit (${credit.location}) and tax (${tax.location})`);
    return summary;
  } finally {
    await credit.db.destroy();
    await tax.db.destroy();
  }
}
