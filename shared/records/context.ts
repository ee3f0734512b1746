/**
 * A record department's per-request context, made once for all of them: the verified caller, the
 * department's {@link RecordStore} and fresh DataLoaders (its records and its own per-subject lists).
 */
import type DataLoader from "dataloader";
import type { Kysely } from "kysely";
import type { Caller } from "../caller.js";
import { createGroupLoader } from "../loader.js";
import type { WriteScope } from "../record-changes.js";
import type { RecordColumns } from "./table.js";
import type { FindMissingSubjects, RecordStore } from "./writes.js";

/** A DataLoader of the rows of each subject, loaded in one statement per batch. */
export const bySubject = <T extends { subject_id: string }>(fetch: (subjectIds: readonly string[]) => Promise<T[]>): DataLoader<string, T[]> =>
  createGroupLoader(fetch, (r) => r.subject_id);

export interface RecordContextSpec<DB, Row extends RecordColumns, Lists extends Record<string, DataLoader<string, unknown[]>>> {
  /** The department, as its changes are reported and its scope is named. */
  department: string;
  /** Its record table. */
  table: string;
  categories: readonly string[];
  /** Its records of some subjects, newest decision first. */
  loadRecords: (db: Kysely<DB>, subjectIds: readonly string[]) => Promise<Row[]>;
  /** Its other per-subject lists, as DataLoaders made fresh for each request ({@link bySubject}). */
  lists: (db: Kysely<DB>) => Lists;
}

/** `createXContext(db, caller, services, scope?)` of a record department, from what is its own. */
export function recordContext<DB, Row extends RecordColumns, Lists extends Record<string, DataLoader<string, unknown[]>>>(
  spec: RecordContextSpec<DB, Row, Lists>,
) {
  return (db: Kysely<DB>, caller: Caller, services: { findMissingSubjects: FindMissingSubjects }, scope: WriteScope = { actor: caller.sub, journal: [] }) => {
    const records: RecordStore<Row> = {
      db,
      department: spec.department,
      scope,
      table: spec.table,
      categories: spec.categories,
      findMissingSubjects: services.findMissingSubjects,
    };
    const loaders = { ...spec.lists(db), records: bySubject((ids) => spec.loadRecords(db, ids)) };
    return { db, caller, records, loaders };
  };
}
