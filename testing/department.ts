/**
 * The department test kit: one department's real app on a fresh SQLite file, called through
 * `app.inject` with the gateway's signature, as the gateway calls it — no listening socket, no
 * other subgraph. The directory check is the one piece served from here (a list of ids the
 * directory does not know); the federation tests use the credit subgraph's.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { signCallerHeaders, type Caller } from "../shared/caller.js";
import { loadConfig } from "../shared/config.js";
import { type AnyDatabase, createDatabase, migrateToLatest } from "../shared/db.js";
import type { DepartmentSeeder, RepairedRecord, SyntheticSubject } from "../shared/seeding/seeder.js";
import { buildDepartmentApp, type DepartmentDefinition } from "../shared/subgraph.js";
import { generatePopulation } from "../scripts/generate/population.js";

/** A GraphQL response as a client reads it. */
export interface GraphQLAnswer<T> {
  status: number;
  data: T | null;
  errors: { message: string; path?: (string | number)[]; extensions?: { code?: string } & Record<string, unknown> }[];
}

export interface DepartmentKit<DB> {
  app: FastifyInstance;
  /** The department's database, for arranging rows and checking what was written. */
  db: Kysely<DB>;
  /** Subject ids the directory does not know (tests add to it). */
  unknownSubjects: Set<string>;
  /** A signed GraphQL request as `caller`. */
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLAnswer<T>>;
  close(): Promise<void>;
}

/** The gateway secret of every kit (a test signing a request of its own uses it). */
export const KIT_SECRET = "department-kit-secret-0123456789abcdef0123456789";

/** `databaseUrl`: the department on PostgreSQL (testing/postgres.ts) instead of a SQLite file. */
export async function startDepartmentKit<DB, Ctx extends Record<string, unknown>>(
  department: DepartmentDefinition<DB, Ctx>,
  options: { databaseUrl?: string } = {},
): Promise<DepartmentKit<DB>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `xinyi-${department.name}-`));
  const { databaseUrl } = options;
  const config = loadConfig({
    XINYI_DATA_DIR: dataDir,
    XINYI_GATEWAY_SECRET: KIT_SECRET,
    NODE_ENV: "test",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const unknownSubjects = new Set<string>();
  const app = await buildDepartmentApp(config, department, { findMissingSubjects: async (ids) => ids.filter((id) => unknownSubjects.has(id)) });
  const { db } = createDatabase<DB>({ department: department.name, dataDir, databaseUrl });
  return {
    app,
    db,
    unknownSubjects,
    async query<T>(query: string, variables: Record<string, unknown> = {}, caller: Caller = { sub: "kit", scopes: ["admin"] }) {
      const body = JSON.stringify({ query, variables });
      const headers = signCallerHeaders(caller, { audience: department.name, method: "POST", path: "/graphql", body }, KIT_SECRET);
      const response = await app.inject({ method: "POST", url: "/graphql", headers: { ...headers, "content-type": "application/json" }, payload: body });
      const json = response.json<{ data?: T | null; errors?: GraphQLAnswer<T>["errors"] }>();
      return { status: response.statusCode, data: json.data ?? null, errors: json.errors ?? [] };
    },
    async close() {
      await app.close();
      await db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A department's database seeded by its own seeder: what {@link seedDepartmentDatabase} wrote. */
export interface SeededDatabase<DB> {
  db: Kysely<DB>;
  /** The synthetic population, in order. */
  subjects: SyntheticSubject[];
  /** The seeder's rows, by table, as written. */
  rows: Record<string, object[]>;
  /** The records the seeder repaired (for the credit office's register). */
  repaired: RepairedRecord[];
  /** Closes the database and removes its folder. */
  close(): Promise<void>;
}

/** A fresh SQLite database of `seeder`'s department in a temporary folder, migrated and seeded for `count` synthetic subjects (seed "t"). */
export async function seedDepartmentDatabase<DB>(seeder: DepartmentSeeder, count: number, asOf: string): Promise<SeededDatabase<DB>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `xinyi-${seeder.name}-`));
  const { db } = createDatabase<DB>({ department: seeder.name, dataDir });
  const writer: AnyDatabase = db;
  await migrateToLatest(writer, seeder.migrations);
  const subjects = [...generatePopulation({ count, seed: "t", asOf })];
  const rows: Record<string, object[]> = {};
  const repaired: RepairedRecord[] = [];
  for (const subject of subjects) {
    const generated = seeder.generate(subject, asOf, []);
    for (const [table, tableRows] of Object.entries(generated.rows)) {
      rows[table] ??= [];
      rows[table].push(...tableRows);
    }
    repaired.push(...(generated.repaired ?? []));
  }
  for (const [table, tableRows] of Object.entries(rows))
    for (let i = 0; i < tableRows.length; i += 200)
      await writer
        .insertInto(table)
        .values(tableRows.slice(i, i + 200))
        .execute();
  const close = async () => {
    await db.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { db, subjects, rows, repaired, close };
}
