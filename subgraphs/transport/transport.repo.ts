/** Kysely queries on the transport bureau's records and coupon uses. */
import type { Kysely } from "kysely";
import { loadRecords } from "../../shared/records/reads.js";
import type { TransportCouponUseRow, TransportDB, TransportRecordRow } from "./db.js";

export function loadTransportRecords(db: Kysely<TransportDB>, subjectIds: readonly string[]): Promise<TransportRecordRow[]> {
  return loadRecords(db, "transport_records", subjectIds);
}

/** Coupon uses of some subjects, newest first (one statement per batch). */
export function loadCouponUses(db: Kysely<TransportDB>, subjectIds: readonly string[]): Promise<TransportCouponUseRow[]> {
  return db.selectFrom("transport_coupon_uses").selectAll().where("subject_id", "in", subjectIds).orderBy("used_on", "desc").orderBy("id", "desc").execute();
}
