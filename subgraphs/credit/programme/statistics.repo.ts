/** Aggregate queries on the directory and lists. */
import type { Kysely } from "kysely";
import type { CreditDB } from "../db.js";

export function loadDistrictCounts(db: Kysely<CreditDB>) {
  return db
    .selectFrom("subjects")
    .select(["district", "kind", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy(["district", "kind"])
    .execute();
}

/** Subjects with an entry in force on `today` per colour: not removed, its term not ended (list-entry.rules.ts `listEntryStatus`, in SQL). */
export function loadListedCounts(db: Kysely<CreditDB>, today: string) {
  return db
    .selectFrom("list_entries")
    .select(["list_color", (eb) => eb.fn.count<number>("subject_id").distinct().as("n")])
    .where("status", "!=", "REMOVED")
    .where((eb) => eb.or([eb("expires_on", "is", null), eb("expires_on", ">", today)]))
    .groupBy("list_color")
    .execute();
}
