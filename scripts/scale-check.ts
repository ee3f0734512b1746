/**
 * `npm run scale-check -- [--scale city|N] [--data DIR] [--seconds S] [--snapshot-pages N|all]`:
 * the figures that matter at city scale, beside the same figures on the 2,000-subject demo. For
 * each size it seeds a data folder (or reuses one already seeded with that many subjects: a city
 * seed takes minutes), starts the departments and the gateway as `npm start` runs them
 * (scripts/bench-kit/stack.ts), and measures through the gateway: the web dashboard's documents (from the
 * web build's trusted-documents manifest, so exactly what the dashboard sends), a page of 20
 * whole profiles by district, a search by name prefix (medians of 5 after one warm-up), the whole
 * profile under load (scripts/bench-kit/load.ts: req/s, p50, p99, gateway CPU per request) and the population
 * snapshot's rate over its first pages (scripts/evaluate/run-snapshot.ts). Not a test: no
 * thresholds; a refused answer is counted and shown.
 */
import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../shared/config.js";
import { createDatabase, migrateToLatest } from "../shared/db.js";
import { HUZHOU_DISTRICTS } from "../shared/divisions.js";
import { serviceGateway } from "../shared/gateway-client.js";
import { PROJECT_ROOT } from "../shared/paths.js";
import { runMain } from "../shared/serve.js";
import { mintToken } from "../gateway/src/jwt.js";
import { migrations as evaluationMigrations } from "../subgraphs/evaluation/migrations/index.js";
import type { EvaluationDB } from "../subgraphs/evaluation/db.js";
import { activePolicy } from "../subgraphs/evaluation/policy.js";
import { load } from "./bench-kit/load.js";
import { PROFILE_FIELDS } from "./bench-kit/queries.js";
import { startStack, type Stack } from "./bench-kit/stack.js";
import { runPopulationSnapshot } from "./evaluate/run-snapshot.js";
import { DEFAULT_AS_OF, DEFAULT_SEED, DEMO_SUBJECTS, parseScale } from "./generate/scale.js";
import { seedDepartments, seededSubjects } from "./generate/seed-departments.js";
import { cpuMs, percentile, processTree } from "./process-stats.js";

const DISTRICTS = HUZHOU_DISTRICTS.map((d) => d.key);
const PAGE = `query($d: District) { subjects(first: 20, filter: { district: $d }) { nodes { ${PROFILE_FIELDS} } } }`;
const WHOLE_PROFILE = `query($id: ID!) { subject(id: $id) { ${PROFILE_FIELDS} } }`;
const IDS = `{ subjects(first: 100) { nodes { id } } }`;
const PREFIXES = ["王", "沈明", "湖州", "长兴县"];

/** The web app's documents by operation name, from the build's manifest (web/trusted-documents.ts). */
function webDocuments(): Map<string, string> {
  const file = path.join(PROJECT_ROOT, "dist/web/trusted-documents.json");
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  const manifest: Record<string, string> = JSON.parse(fs.readFileSync(file, "utf8"));
  const texts = Object.values(manifest);
  return new Map(texts.map((text) => [/^\s*query\s+(\w+)/.exec(text)?.[1] ?? "", text]));
}

/** Seeds `dataDir` up to `subjects` (the same data `npm run seed` writes), unless it holds them already; returns what it did. */
async function ensureSeeded(dataDir: string, subjects: number, env: NodeJS.ProcessEnv): Promise<string> {
  const config = loadConfig({ ...env, XINYI_DATA_DIR: dataDir });
  const before = await seededSubjects(config);
  if (before === subjects) return `reused ${dataDir}`;
  const started = performance.now();
  await seedDepartments(config, { count: subjects, seed: DEFAULT_SEED, asOf: DEFAULT_AS_OF });
  return `seeded ${dataDir} in ${((performance.now() - started) / 1000).toFixed(0)} s`;
}

interface Figures {
  seed: string;
  timings: Record<string, number>;
  profile: string;
  snapshot: string;
  refused: string[];
}

async function measure(stack: Stack, seconds: number, snapshotPages: number | undefined): Promise<Omit<Figures, "seed">> {
  const documents = webDocuments();
  const url = `${stack.origin}/graphql`;
  const token = await mintToken(stack.config.auth, { sub: "scale-check", scopes: ["profile:read", "pii:read", "metrics:read"], ttlSeconds: 3600 });
  const headers = { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": "scale-check" };
  const refused: string[] = [];
  const ask = async <T = unknown>(label: string, query: string, variables: Record<string, unknown>): Promise<T | undefined> => {
    const response = await fetch(url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
    const body: { data?: T; errors?: unknown[] } = await response.json();
    if (response.status !== 200 || body.errors) refused.push(`${label}: ${JSON.stringify(body.errors ?? response.status).slice(0, 300)}`);
    return body.data;
  };
  const document = (name: string) => {
    const text = documents.get(name);
    if (!text) throw new Error(`the web build has no ${name} document: run npm run build`);
    return text;
  };
  // Median of 5 after one warm-up, each call with the i-th variables.
  const median = async (label: string, query: string, variables: (i: number) => Record<string, unknown>) => {
    await ask(label, query, variables(0));
    const times: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const started = performance.now();
      await ask(label, query, variables(i));
      times.push(performance.now() - started);
    }
    return percentile(
      times.sort((a, b) => a - b),
      50,
    );
  };
  const byDistrict = Object.fromEntries(DISTRICTS.map((d) => [d, { district: d }]));
  // The web dashboard asks its documents in parallel and draws when the last answers: time that, median of 5 after one warm-up.
  const dashboardDocuments: [string, Record<string, unknown>][] = [
    ["DashboardLedger", { f: {} }],
    ["DashboardCredit", { f: {}, ...byDistrict }],
    ["DashboardSnapshot", {}],
    ["DashboardVillage", {}],
    ["DashboardCatalogue", {}],
  ];
  const wholeDashboard = async () => {
    const times: number[] = [];
    for (let i = 0; i <= 5; i++) {
      const started = performance.now();
      await Promise.all(dashboardDocuments.map(([name, variables]) => ask(name, document(name), variables)));
      if (i > 0) times.push(performance.now() - started);
    }
    return percentile(
      times.sort((a, b) => a - b),
      50,
    );
  };
  const timings: Record<string, number> = {
    "dashboard: ledger figures (DashboardLedger)": await median("DashboardLedger", document("DashboardLedger"), () => ({ f: {} })),
    "dashboard: credit figures, lists by district (DashboardCredit)": await median("DashboardCredit", document("DashboardCredit"), () => ({
      f: {},
      ...byDistrict,
    })),
    "dashboard: snapshot panel (DashboardSnapshot)": await median("DashboardSnapshot", document("DashboardSnapshot"), () => ({})),
    "dashboard: village panel (DashboardVillage)": await median("DashboardVillage", document("DashboardVillage"), () => ({})),
    "dashboard: the whole page (its five documents at once, as it loads)": await wholeDashboard(),
    "page of 20 whole profiles by district": await median("page", PAGE, (i) => ({ d: DISTRICTS[i % DISTRICTS.length] })),
    "search by name prefix (Search)": await median("Search", document("Search"), (i) => ({ prefix: PREFIXES[i % PREFIXES.length] })),
  };
  const page = await ask<{ subjects: { nodes: { id: string }[] } }>("ids", IDS, {});
  const ids = page?.subjects.nodes.map((n) => n.id) ?? [];
  if (ids.length === 0) throw new Error(`no subjects to load: ${refused.join("; ")}`);
  // The gateway's CPU: its process and any workers it runs.
  const gatewayCpu = () => processTree(stack.gatewayPid).reduce((sum, pid) => sum + cpuMs(pid), 0);
  const cpuBefore = gatewayCpu();
  const run = await load(seconds, (i) => ask("whole profile", WHOLE_PROFILE, { id: ids[i % ids.length] }).then(() => true as const));
  const cpuPerRequest = (gatewayCpu() - cpuBefore) / run.requests;
  const profile = `${run.rps.toFixed(0)} req/s, p50 ${run.p50.toFixed(0)} ms, p99 ${run.p99.toFixed(0)} ms, gateway CPU ${cpuPerRequest.toFixed(2)} ms/req`;
  const snapshot = await snapshotRate(stack, snapshotPages).catch((error: Error) => {
    refused.push(`snapshot: ${error.message}`);
    return "refused (below)";
  });
  return { timings, profile, snapshot, refused };
}

/** The population snapshot over its first `pages` pages of 2,000 (all: the whole population), in subjects/s. */
async function snapshotRate(stack: Stack, pages: number | undefined): Promise<string> {
  const { db, close } = createDatabase<EvaluationDB>({
    department: "evaluation",
    dataDir: stack.config.dataDir,
    databaseUrl: stack.config.departments.evaluation.databaseUrl,
  });
  try {
    await migrateToLatest(db, evaluationMigrations);
    const started = performance.now();
    const result = await runPopulationSnapshot({
      gateway: serviceGateway(stack.config, "evaluation"),
      operator: "operator:scale-check",
      db,
      policyVersion: activePolicy(stack.config.policyFile).version,
      asOf: DEFAULT_AS_OF,
      maxPages: pages,
      progress: false,
    });
    const elapsed = (performance.now() - started) / 1000;
    return `${(result.subjects / elapsed).toFixed(0)} subjects/s (${result.subjects} subjects in ${elapsed.toFixed(1)} s${result.done ? "" : ", first pages; the snapshot stays RUNNING"})`;
  } finally {
    await close();
  }
}

// One piece: the check's script — for each size seed or reuse, start, measure, stop — then the table.
runMain(async () => {
  const { values } = parseArgs({
    options: {
      scale: { type: "string", default: "city" },
      data: { type: "string" },
      seconds: { type: "string", default: "10" },
      "snapshot-pages": { type: "string", default: "20" },
    },
  });
  const subjects = parseScale(values.scale!);
  const seconds = Number(values.seconds);
  if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, got "${values.seconds}"`);
  const pagesText = values["snapshot-pages"]!;
  const snapshotPages = pagesText === "all" ? undefined : Number(pagesText);
  if (snapshotPages !== undefined && !(Number.isInteger(snapshotPages) && snapshotPages > 0))
    throw new Error(`--snapshot-pages must be a positive integer or "all", got "${pagesText}"`);
  const env: NodeJS.ProcessEnv = {
    // One token sending many operations a minute: not the limits under test.
    XINYI_RATE_LIMIT_PER_MINUTE: "100000000",
    XINYI_IP_RATE_LIMIT_PER_MINUTE: "100000000",
    XINYI_COST_PER_MINUTE: "1000000000",
  };
  const results = new Map<number, Figures>();
  for (const size of [DEMO_SUBJECTS, subjects]) {
    if (results.has(size)) continue;
    const dataDir = size === subjects && values.data ? path.resolve(values.data) : path.join(os.tmpdir(), `xinyi-scale-check-${size}`);
    process.stderr.write(`scale-check: ${size} subjects in ${dataDir}\n`);
    const seed = await ensureSeeded(dataDir, size, { ...process.env, XINYI_GATEWAY_SECRET: "seed-only-no-secret-needed-000000000000" });
    // Seeds nothing more (0 subjects); the folder is ours: the stack's own temporary one stays empty.
    const stack = await startStack({ subjects: 0, env: { ...env, XINYI_DATA_DIR: dataDir } });
    try {
      results.set(size, { seed, ...(await measure(stack, seconds, snapshotPages)) });
    } finally {
      await stack.stop();
    }
  }
  const sizes = [...results.keys()];
  const cell = (size: number, pick: (f: Figures) => string) => pick(results.get(size)!);
  const lines = [
    `\n${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} at the end; timings: median of 5 after one warm-up\n`,
    `| figure | ${sizes.map((s) => `${s.toLocaleString("en")} subjects`).join(" | ")} |`,
    `|---|${sizes.map(() => "---").join("|")}|`,
    `| data folder | ${sizes.map((s) => cell(s, (f) => f.seed)).join(" | ")} |`,
    ...Object.keys(results.get(sizes[0])!.timings).map(
      (label) => `| ${label} | ${sizes.map((s) => cell(s, (f) => `${f.timings[label].toFixed(0)} ms`)).join(" | ")} |`,
    ),
    `| whole profile, ${seconds} s under load | ${sizes.map((s) => cell(s, (f) => f.profile)).join(" | ")} |`,
    `| population snapshot | ${sizes.map((s) => cell(s, (f) => f.snapshot)).join(" | ")} |`,
    `| refused answers | ${sizes.map((s) => cell(s, (f) => String(f.refused.length))).join(" | ")} |`,
  ];
  for (const size of sizes) for (const line of results.get(size)!.refused.slice(0, 5)) lines.push(`- ${size}: ${line}`);
  process.stdout.write(`${lines.join("\n")}\n`);
  if (sizes.some((s) => results.get(s)!.refused.length > 0)) process.exitCode = 1;
});
