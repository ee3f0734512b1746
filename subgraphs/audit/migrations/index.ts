/**
 * The audit log's tables. Append-only is enforced by the database itself: triggers refuse every
 * UPDATE and DELETE (and TRUNCATE on PostgreSQL), whatever code or user tries.
 */
import { sql, SqliteAdapter, type Kysely, type Migration } from "kysely";

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

export const migrations: Record<string, Migration> = {
  "001_audit_log": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("audit_log")
        .addColumn("id", "varchar(48)", (c) => c.primaryKey())
        .addColumn("at", "varchar(32)", (c) => c.notNull())
        .addColumn("sub", "text", (c) => c.notNull())
        .addColumn("scopes", "text", (c) => c.notNull())
        .addColumn("purpose", "text")
        .addColumn("client_ip", "varchar(64)")
        .addColumn("operation_name", "text")
        .addColumn("operation_type", "varchar(16)", (c) => c.notNull())
        .addColumn("fields", "text", (c) => c.notNull())
        .addColumn("subject_count", "integer", (c) => c.notNull())
        .addColumn("outcome", "varchar(16)", (c) => c.notNull())
        .addColumn("error_codes", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("audit_log_sub").on("audit_log").columns(["sub", "id"]).execute();
      await db.schema
        .createTable("audit_subjects")
        .addColumn("entry_id", "varchar(48)", (c) => c.notNull().references("audit_log.id"))
        .addColumn("subject_id", "varchar(18)", (c) => c.notNull())
        .addPrimaryKeyConstraint("audit_subjects_pk", ["entry_id", "subject_id"])
        .execute();
      await db.schema.createIndex("audit_subjects_subject").on("audit_subjects").columns(["subject_id", "entry_id"]).execute();
      if (!isSqlite(db)) {
        await sql.raw(`CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql`).execute(db);
      }
      for (const table of ["audit_log", "audit_subjects"]) {
        if (isSqlite(db)) {
          for (const op of ["UPDATE", "DELETE"]) {
            await sql
              .raw(`CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`)
              .execute(db);
          }
        } else {
          await sql.raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_append_only()`).execute(db);
          await sql.raw(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`).execute(db);
        }
      }
    },
    async down() {
      throw new Error("the audit log is kept at least 3 years (PIPL Art. 55–56); it is never migrated down");
    },
  },
};
