/** Kysely queries on the village archive (its records are the kernel's: shared/records/reads.ts). One statement per batch. */
import type { Kysely } from "kysely";
import type { HouseholdRow, MemberRow, PointEventRow, VillageDB } from "./db.js";
import type { VillageRow, VillageRuleRow } from "./village-data.js";

type DB = Kysely<VillageDB>;

export const loadMemberships = (db: DB, subjectIds: readonly string[]): Promise<MemberRow[]> =>
  db.selectFrom("village_members").selectAll().where("subject_id", "in", subjectIds).execute();

export const loadMembersOf = (db: DB, householdIds: readonly string[]): Promise<MemberRow[]> =>
  db.selectFrom("village_members").selectAll().where("household_id", "in", householdIds).orderBy("id").execute();

export const loadHouseholds = (db: DB, ids: readonly string[]): Promise<HouseholdRow[]> =>
  db.selectFrom("village_households").selectAll().where("id", "in", ids).execute();

/** The events of some households, newest first. */
export const loadEventsOf = (db: DB, householdIds: readonly string[]): Promise<PointEventRow[]> =>
  db.selectFrom("village_point_events").selectAll().where("household_id", "in", householdIds).orderBy("occurred_on", "desc").orderBy("id", "desc").execute();

export const loadVillages = (db: DB, ids: readonly string[]): Promise<VillageRow[]> =>
  db.selectFrom("village_villages").selectAll().where("id", "in", ids).execute();

export const loadRulesOf = (db: DB, villageIds: readonly string[]): Promise<VillageRuleRow[]> =>
  db.selectFrom("village_rules").selectAll().where("village_id", "in", villageIds).orderBy("points", "desc").orderBy("code").execute();

/** A page of households after `afterId` (by id), of a village or township if given, and how many match. */
export async function pageHouseholds(
  db: DB,
  filter: { villageId?: string | null; townshipCode?: string | null },
  first: number,
  afterId: string | null,
  withTotal: boolean,
): Promise<{ rows: HouseholdRow[]; total: number }> {
  let q = db.selectFrom("village_households");
  if (filter.villageId) q = q.where("village_id", "=", filter.villageId);
  if (filter.townshipCode) q = q.where("township_code", "=", filter.townshipCode);
  const rows = await (afterId ? q.where("id", ">", afterId) : q)
    .selectAll()
    .orderBy("id")
    .limit(first + 1)
    .execute();
  const total = withTotal ? Number((await q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n) : 0;
  return { rows, total };
}

/** The dashboard's figures, each from an index: households by township and colour, points by rule category. */
export async function villageFigures(db: DB) {
  const [codes, points, villages, demonstrations] = await Promise.all([
    db
      .selectFrom("village_households")
      .select(["township_code", "colour", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy(["township_code", "colour"])
      .execute(),
    db
      .selectFrom("village_point_events")
      .where("withdrawn", "=", 0)
      .select(["category", (eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.sum<number>("points").as("points")])
      .groupBy("category")
      .execute(),
    db.selectFrom("village_villages").select(["id", "township_code", "township"]).execute(),
    db
      .selectFrom("village_households")
      .select(["demonstration_year", (eb) => eb.fn.countAll<number>().as("n")])
      .where("demonstration_year", "is not", null)
      .groupBy("demonstration_year")
      .orderBy("demonstration_year", "desc")
      .limit(1)
      .execute(),
  ]);
  return { codes, points, villages, demonstrations: Number(demonstrations[0]?.n ?? 0) };
}
