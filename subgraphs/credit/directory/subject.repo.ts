/** Kysely queries on the subject directory. */
import type { Kysely } from "kysely";
import type { CreditDB, SubjectRow } from "../db.js";
import type { District, SubjectKind } from "./subject.type.js";

export interface SubjectQuery {
  kind?: SubjectKind;
  district?: District;
  namePrefix?: string;
  /** Only ids after this one (cursor). */
  afterId?: string;
  limit: number;
}

export function loadSubjectsByIds(db: Kysely<CreditDB>, ids: readonly string[]): Promise<SubjectRow[]> {
  return db.selectFrom("subjects").selectAll().where("id", "in", ids).execute();
}

function filtered(db: Kysely<CreditDB>, q: Omit<SubjectQuery, "afterId" | "limit">) {
  let query = db.selectFrom("subjects");
  if (q.kind) query = query.where("kind", "=", q.kind);
  if (q.district) query = query.where("district", "=", q.district);
  // Range instead of LIKE: uses the index and needs no escaping of % and _ in the prefix.
  if (q.namePrefix) query = query.where("name", ">=", q.namePrefix).where("name", "<", `${q.namePrefix}\u{10FFFF}`);
  return query;
}

/** One page of subjects ordered by id, plus one row more to tell whether a next page exists. */
export function loadSubjectPage(db: Kysely<CreditDB>, q: SubjectQuery): Promise<SubjectRow[]> {
  let query = filtered(db, q).selectAll();
  if (q.afterId) query = query.where("id", ">", q.afterId);
  return query
    .orderBy("id")
    .limit(q.limit + 1)
    .execute();
}

export async function countSubjects(db: Kysely<CreditDB>, q: Omit<SubjectQuery, "afterId" | "limit">): Promise<number> {
  const row = await filtered(db, q)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
