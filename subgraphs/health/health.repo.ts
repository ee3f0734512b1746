/** Kysely queries on the health department's records and pay-after-treatment visits. */
import type { Kysely } from "kysely";
import { loadRecords } from "../../shared/records/reads.js";
import type { HealthDB, HealthRecordRow, HealthVisitRow } from "./db.js";

export function loadHealthRecords(db: Kysely<HealthDB>, subjectIds: readonly string[]): Promise<HealthRecordRow[]> {
  return loadRecords(db, "health_records", subjectIds);
}

/** Pay-after-treatment visits of some subjects, newest visit first (one statement per batch). */
export function loadVisits(db: Kysely<HealthDB>, subjectIds: readonly string[]): Promise<HealthVisitRow[]> {
  return db.selectFrom("health_visits").selectAll().where("subject_id", "in", subjectIds).orderBy("visited_on", "desc").orderBy("id", "desc").execute();
}
