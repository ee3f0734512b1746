/** Kysely queries on the health department's pay-after-treatment visits (its records are the kernel's: shared/records/reads.ts). */
import type { Kysely, Selectable } from "kysely";
import type { HealthDB, HealthVisitTable } from "./db.js";

/** Pay-after-treatment visits of some subjects, newest visit first (one statement per batch). */
export function loadVisits(db: Kysely<HealthDB>, subjectIds: readonly string[]): Promise<Selectable<HealthVisitTable>[]> {
  return db.selectFrom("health_visits").selectAll().where("subject_id", "in", subjectIds).orderBy("visited_on", "desc").orderBy("id", "desc").execute();
}
