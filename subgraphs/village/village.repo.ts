/** Kysely queries on the village bureau's records and coupon uses. */
import type { Kysely } from "kysely";
import { loadRecords } from "../../shared/records/reads.js";
import type { VillageCouponUseRow, VillageDB, VillageRecordRow } from "./db.js";

export function loadVillageRecords(db: Kysely<VillageDB>, subjectIds: readonly string[]): Promise<VillageRecordRow[]> {
  return loadRecords(db, "village_records", subjectIds);
}

/** Coupon uses of some subjects, newest first (one statement per batch). */
export function loadCouponUses(db: Kysely<VillageDB>, subjectIds: readonly string[]): Promise<VillageCouponUseRow[]> {
  return db.selectFrom("village_coupon_uses").selectAll().where("subject_id", "in", subjectIds).orderBy("used_on", "desc").orderBy("id", "desc").execute();
}
