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

export function loadListedCounts(db: Kysely<CreditDB>) {
  return db
    .selectFrom("list_entries")
    .select(["list_color", (eb) => eb.fn.count<number>("subject_id").distinct().as("n")])
    .where("status", "=", "ACTIVE")
    .groupBy("list_color")
    .execute();
}
