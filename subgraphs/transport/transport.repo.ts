/** Kysely queries on the transport bureau's coupon uses (its records are the kernel's: shared/records/reads.ts). */
import type { Kysely, Selectable } from "kysely";
import type { TransportCouponUseTable, TransportDB } from "./db.js";

/** Coupon uses of some subjects, newest first (one statement per batch). */
export function loadCouponUses(db: Kysely<TransportDB>, subjectIds: readonly string[]): Promise<Selectable<TransportCouponUseTable>[]> {
  return db.selectFrom("transport_coupon_uses").selectAll().where("subject_id", "in", subjectIds).orderBy("used_on", "desc").orderBy("id", "desc").execute();
}
