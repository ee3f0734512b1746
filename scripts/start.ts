/**
 * `npm start`: seeds a demo on first run, starts every department subgraph and the gateway as
 * separate processes, waits until each answers /healthz, prints where to go; Ctrl-C stops all.
 */
import "reflect-metadata";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { loadConfig, resolveDataDir, type Config } from "../shared/config.js";
import { createDatabase, migrateToLatest } from "../shared/db.js";
import { DEPARTMENT_NAMES } from "../shared/departments.js";
import { PROJECT_ROOT } from "../shared/paths.js";
import { runMain } from "../shared/serve.js";
import type { CreditDB } from "../subgraphs/credit/db.js";
import { migrations as creditMigrations } from "../subgraphs/credit/migrations/index.js";
import { mintToken } from "../gateway/src/jwt.js";
import type { EvaluationDB } from "../subgraphs/evaluation/db.js";
import { activePolicy } from "../subgraphs/evaluation/policy.js";
import { todayInChina } from "../shared/scalars.js";
import { DEMO_USERS, withDemoSecrets } from "./demo-keys.js";
import { runPopulationSnapshot } from "./evaluate/run-snapshot.js";
import { DEFAULT_AS_OF, DEFAULT_SEED, DEMO_SUBJECTS } from "./generate/scale.js";
import { seedDepartments } from "./generate/seed-departments.js";

const DIST = path.join(PROJECT_ROOT, "dist");

async function countSubjects(config: Config): Promise<number> {
  const { db } = createDatabase<CreditDB>({ department: "credit", dataDir: config.dataDir, databaseUrl: config.departments.credit.databaseUrl });
  try {
    await migrateToLatest(db, creditMigrations);
    const row = await db
      .selectFrom("subjects")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await db.destroy();
  }
}

async function waitForHealth(url: string, child: ChildProcess, label: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${label} exited with code ${child.exitCode} before it was ready`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${label} did not answer ${url} within 60 s`);
}

function startProcess(label: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ["--enable-source-maps", path.join(DIST, script)], { env, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let rest = "";
    stream.on("data", (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) out.write(`[${label}] ${line}\n`);
    });
  };
  prefix(child.stdout!, process.stdout);
  prefix(child.stderr!, process.stderr);
  return child;
}

async function findExample(gatewayUrl: string, token: string): Promise<{ id: string; name: string } | undefined> {
  const query = `{ subjects(first: 100, filter: { kind: ORGANIZATION }) { nodes { id name tax { violations { id } } } } }`;
  const response = await fetch(gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": "npm start: example subject" },
    body: JSON.stringify({ query }),
  });
  const nodes: { id: string; name: string; tax: { violations: unknown[] } | null }[] = (await response.json()).data?.subjects?.nodes ?? [];
  return nodes.find((n) => (n.tax?.violations.length ?? 0) > 0) ?? nodes[0];
}

/** The demo's first population snapshot, so `evaluationSnapshot` answers from the start. */
async function snapshotDemo(config: Config, gatewayUrl: string, token: string): Promise<void> {
  const { db } = createDatabase<EvaluationDB>({ department: "evaluation", dataDir: config.dataDir, databaseUrl: config.departments.evaluation.databaseUrl });
  try {
    await runPopulationSnapshot({ gatewayUrl, token, db, policyVersion: activePolicy(config.policyFile).version, asOf: todayInChina() });
  } finally {
    await db.destroy();
  }
}

runMain(async () => {
  const env = withDemoSecrets(process.env);
  const dataDir = resolveDataDir(env);
  const config = loadConfig(env);

  const firstRun = (await countSubjects(config)) === 0;
  if (firstRun) {
    process.stdout.write(`First run: seeding a demo Huzhou of ${DEMO_SUBJECTS} subjects into ${dataDir}\n`);
    await seedDepartments(config, { count: DEMO_SUBJECTS, seed: DEFAULT_SEED, asOf: DEFAULT_AS_OF });
  }

  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = (code: number) => {
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    setTimeout(() => process.exit(code), 1500).unref();
    Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once("exit", r))))).then(() => process.exit(code));
  };
  process.once("SIGINT", () => stopAll(0));
  process.once("SIGTERM", () => stopAll(0));

  try {
    for (const name of DEPARTMENT_NAMES) {
      const child = startProcess(name, `subgraphs/${name}/index.js`, env);
      children.push(child);
      await waitForHealth(config.departments[name].url.replace(/\/graphql$/, "/healthz"), child, `subgraph ${name}`);
    }
    const gateway = startProcess("gateway", "gateway/src/index.js", env);
    children.push(gateway);
    const base = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${config.gatewayPort}`;
    await waitForHealth(`${base}/healthz`, gateway, "gateway");
    for (const child of children) {
      child.once("exit", (code) => {
        if (!stopping) {
          process.stderr.write(`A process exited unexpectedly (code ${code}); stopping everything.\n`);
          stopAll(1);
        }
      });
    }
    const tokens = await Promise.all(DEMO_USERS.map((u) => mintToken(config.auth, { sub: u.sub, scopes: [...u.scopes], ttlSeconds: 12 * 3600 })));
    const example = await findExample(`${base}/graphql`, tokens[0]);
    if (firstRun) await snapshotDemo(config, `${base}/graphql`, tokens[0]);
    process.stdout.write(
      [
        "",
        "Xinyi is up.",
        `  GraphiQL:        ${base}/graphql`,
        `  Example subject: ${example ? `${example.id} (${example.name})` : "none"}`,
        `  Try:             { subject(id: "${example?.id ?? "<id>"}") { name district tax { latestRating { year level } violations { category status } } evaluation { score level reasons { en points } } } }`,
        '  Headers:         {"Authorization": "Bearer <token>", "X-Purpose": "demo"}  (X-Purpose: percent-encoded UTF-8; needed with profile:read)',
        "  Tokens (12 h; more with npm run token -- --sub <name> --scopes a,b):",
        ...DEMO_USERS.map((u, i) => `    ${u.label} [${u.scopes.join(" ")}]:\n      ${tokens[i]}`),
        "  Ctrl-C stops every process.",
        "",
      ].join("\n"),
    );
  } catch (error) {
    stopAll(1);
    throw error;
  }
});
