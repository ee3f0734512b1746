/**
 * The credit office's programme roll-ups (migration "015_programme_rollups"): what
 * programme-tables.ts counts from the raw rows, summed by day and district, kept by triggers in
 * the transaction of every write to the rows they sum (shared/row-triggers.ts) and filled from those rows
 * when created — a data folder seeded before is backfilled at its first start-up.
 *
 * Each source row contributes to one or two roll-up rows; an insert adds its contributions, a
 * delete takes them out, an update does both (old out, new in), so a roll-up equals the sum over
 * its rows after every commit. The district, kind and organisation type come from `subjects`
 * (as the raw count's join does); a subject's are fixed once written (a trigger refuses a change).
 *
 * - programme_codes (day, district, kind): registrations made that day; ACTIVE ones (by the day
 *   made); registrations in force as a running sum (+1 the day made, −1 the day revoked).
 * - programme_repairs (applied_on, decided_on, district, department, status, market): applications.
 * - programme_reports (day, district, purpose): reports issued and the departments they cover.
 * - programme_lists (day, district, list, color): entries in force as a running sum (+1 listed,
 *   −1 the day the term ends); removed entries contribute nothing.
 * - programme_notices (day, district, kind, status): notices by the day queued and their outcome.
 */
import { type Migration, sql } from "kysely";
import type { AnyDatabase } from "../../../shared/db.js";
import { addTo, createRollupTable, createRowTrigger, fillFrom, isSqlite, negated } from "../../../shared/row-triggers.js";
import { MARKET_SUBJECT_TYPES } from "./programme-tables.js";
import type { ProgrammeRollupTables } from "./rollup.tables.js";

/** One roll-up row a source row (`r`, its subject `s`) adds to, when `where` holds. */
interface Contribution {
  table: keyof ProgrammeRollupTables;
  keys: (r: string) => Record<string, string>;
  sums: (r: string) => Record<string, string>;
  where?: (r: string) => string;
}

const SUBJECT = (r: string) => `s.id = ${r}.subject_id`;
const later = (a: string, b: string) => `CASE WHEN ${b} < ${a} THEN ${a} ELSE ${b} END`;
const market = `CASE WHEN s.kind = 'ORGANIZATION' AND s.organization_type IN (${MARKET_SUBJECT_TYPES.map((t) => `'${t}'`).join(", ")}) THEN '1' ELSE '0' END`;

const SOURCES: Record<string, Contribution[]> = {
  code_registrations: [
    {
      table: "programme_codes",
      keys: (r) => ({ day: `substr(${r}.registered_at, 1, 10)`, district: "s.district", kind: "s.kind" }),
      sums: (r) => ({ registered: "1", active: `CASE WHEN ${r}.status = 'ACTIVE' THEN 1 ELSE 0 END`, in_force: "1" }),
    },
    {
      table: "programme_codes",
      // Never before the day made (a revocation dated earlier ends it that same day).
      keys: (r) => ({ day: later(`substr(${r}.registered_at, 1, 10)`, `substr(${r}.revoked_at, 1, 10)`), district: "s.district", kind: "s.kind" }),
      sums: () => ({ registered: "0", active: "0", in_force: "-1" }),
      where: (r) => `${r}.revoked_at IS NOT NULL`,
    },
  ],
  repairs: [
    {
      table: "programme_repairs",
      keys: (r) => ({
        applied_on: `${r}.applied_on`,
        decided_on: `coalesce(${r}.decided_on, '')`,
        district: "s.district",
        department: `${r}.department`,
        status: `${r}.status`,
        market,
      }),
      sums: () => ({ n: "1" }),
    },
  ],
  credit_reports: [
    {
      table: "programme_reports",
      keys: (r) => ({ day: `substr(${r}.issued_at, 1, 10)`, district: "s.district", purpose: `${r}.purpose` }),
      sums: (r) => ({ reports: "1", departments: `${r}.departments` }),
    },
  ],
  list_entries: [
    {
      table: "programme_lists",
      keys: (r) => ({ day: `${r}.listed_on`, district: "s.district", list: `${r}.list`, color: `${r}.list_color` }),
      sums: () => ({ entries: "1" }),
      where: (r) => `${r}.status <> 'REMOVED'`,
    },
    {
      table: "programme_lists",
      keys: (r) => ({ day: later(`${r}.listed_on`, `${r}.expires_on`), district: "s.district", list: `${r}.list`, color: `${r}.list_color` }),
      sums: () => ({ entries: "-1" }),
      where: (r) => `${r}.status <> 'REMOVED' AND ${r}.expires_on IS NOT NULL`,
    },
  ],
  notices: [
    {
      table: "programme_notices",
      keys: (r) => ({ day: `substr(${r}.created_at, 1, 10)`, district: "s.district", kind: `${r}.kind`, status: `${r}.status` }),
      sums: () => ({ notices: "1" }),
    },
  ],
};

/** A contribution of the row `r` as one upsert (sums negated: the row leaving). */
function upkeep(c: Contribution, r: string, leaving = false): string {
  const where = [SUBJECT(r), ...(c.where ? [c.where(r)] : [])].join(" AND ");
  return addTo(c.table, c.keys(r), leaving ? negated(c.sums(r)) : c.sums(r), where, "FROM subjects s");
}

/** Refuses a change of a subject's district, kind or organisation type: the roll-ups hold its rows under them. */
async function fixSubjectKeys(db: AnyDatabase): Promise<void> {
  const changed = "NEW.district <> OLD.district OR NEW.kind <> OLD.kind OR coalesce(NEW.organization_type, '') <> coalesce(OLD.organization_type, '')";
  const message = "the district, kind and organisation type of a subject are fixed (the programme roll-ups count its rows under them)";
  if (isSqlite(db)) {
    await sql
      .raw(`CREATE TRIGGER subjects_fixed_keys BEFORE UPDATE ON subjects FOR EACH ROW WHEN ${changed} BEGIN SELECT RAISE(ABORT, '${message}'); END`)
      .execute(db);
    return;
  }
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION subjects_fixed_keys() RETURNS trigger AS $$ BEGIN IF ${changed} THEN RAISE EXCEPTION '${message}'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    )
    .execute(db);
  await sql.raw("CREATE TRIGGER subjects_fixed_keys BEFORE UPDATE ON subjects FOR EACH ROW EXECUTE FUNCTION subjects_fixed_keys()").execute(db);
}

const TABLES: Record<keyof ProgrammeRollupTables, [string[], string[]]> = {
  programme_codes: [
    ["day", "district", "kind"],
    ["registered", "active", "in_force"],
  ],
  programme_repairs: [["applied_on", "decided_on", "district", "department", "status", "market"], ["n"]],
  programme_reports: [
    ["day", "district", "purpose"],
    ["reports", "departments"],
  ],
  programme_lists: [["day", "district", "list", "color"], ["entries"]],
  programme_notices: [["day", "district", "kind", "status"], ["notices"]],
};

export const programmeRollupsMigration: Migration = {
  async up(db: AnyDatabase) {
    for (const [table, [keys, sums]] of Object.entries(TABLES)) {
      await createRollupTable(db, table, keys, sums);
      // Covering: a district's rows are read from the index alone.
      const covering = ["district", ...keys.filter((k) => k !== "district"), ...sums];
      await db.schema.createIndex(`${table}_district`).on(table).columns(covering).execute();
    }
    for (const [source, contributions] of Object.entries(SOURCES)) {
      for (const c of contributions) {
        await fillFrom(db, c.table, c.keys("r"), c.sums("r"), `${source} r JOIN subjects s ON ${SUBJECT("r")}`, c.where?.("r"));
      }
      await createRowTrigger(
        db,
        `${source}_rollup_insert`,
        source,
        "INSERT",
        contributions.map((c) => upkeep(c, "NEW")),
      );
      await createRowTrigger(
        db,
        `${source}_rollup_delete`,
        source,
        "DELETE",
        contributions.map((c) => upkeep(c, "OLD", true)),
      );
      await createRowTrigger(db, `${source}_rollup_update`, source, "UPDATE", [
        ...contributions.map((c) => upkeep(c, "OLD", true)),
        ...contributions.map((c) => upkeep(c, "NEW")),
      ]);
    }
    await db.schema.createIndex("programme_repairs_decided").on("programme_repairs").columns(["status", "decided_on", "district", "market", "n"]).execute();
    await fixSubjectKeys(db);
  },
  async down(db: AnyDatabase) {
    for (const table of Object.keys(TABLES)) await db.schema.dropTable(table).execute();
  },
};
