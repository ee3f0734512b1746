/**
 * `npm run bench`: every server under test in its own process, the load from this one.
 *
 * The departments run as their own processes (as `npm start` runs them) on a fresh synthetic
 * Huzhou; each peer (bench/peer.ts: ours as shipped with security on, the bare Hive runtime with
 * the Rust planner, the stock Hive runtime, Apollo Gateway, and a monolith over HTTP) runs in its
 * own child process over those same departments. All peers are first checked to return identical
 * data (a peer that does not is left out of that query's rows). Then, in interleaved rounds, each
 * query is sent to each peer by 16 connections for BENCH_SECONDS; the peer's CPU time and the
 * departments' (all subgraph processes together) come from /proc/<pid>/stat and its peak RSS from
 * sampling /proc/<pid>/status. Prints a markdown table of medians. Then the 信易+ partner calls against
 * ours alone (bench/incentives-phase.ts). `BENCH_POSTGRES=1` runs everything on an embedded
 * PostgreSQL instead of SQLite files; `BENCH_PROFILE=<dir>` writes each peer's and department's CPU profile there;
 * `BENCH_PEERS`, `BENCH_QUERIES` (words of the labels), `BENCH_ROUNDS`, `BENCH_SECONDS` and `BENCH_PARTNERS=0` narrow the run;
 * `BENCH_PEERS=xinyi,xinyi-trusted` compares ours sent documents as text with ours sent their ids (trusted documents).
 * Not a test: no thresholds.
 */
import "reflect-metadata";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, envName } from "../shared/config.js";
import { DEPARTMENT_NAMES } from "../shared/departments.js";
import { PROJECT_ROOT } from "../shared/paths.js";
import { runMain } from "../shared/serve.js";
import { mintToken } from "../gateway/src/jwt.js";
import { DEFAULT_AS_OF } from "../scripts/generate/scale.js";
import { seedDepartments } from "../scripts/generate/seed-departments.js";
import { cpuMs, freePorts, processTree, rssMb } from "../scripts/process-stats.js";
import { createSupervisor } from "../scripts/supervisor.js";
import { startPostgres } from "../testing/postgres.js";
import { canonical } from "../subgraphs/credit/reports/report-content.js";
import { benchIncentives } from "./incentives-phase.js";
import { CONNECTIONS, load } from "../scripts/bench-kit/load.js";
import { PROFILE_FIELDS } from "../scripts/bench-kit/queries.js";
import { benchEnv } from "../scripts/bench-kit/stack.js";

const DISTRICTS = ["WUXING", "NANXUN", "DEQING", "CHANGXING", "ANJI"];
const ALL_QUERIES: Record<string, { query: string; variables: (i: number, ids: string[]) => Record<string, unknown> }> = {
  "one whole profile": { query: `query($id: ID!) { subject(id: $id) { ${PROFILE_FIELDS} } }`, variables: (i, ids) => ({ id: ids[i % ids.length] }) },
  "a page of 20 profiles": {
    query: `query($d: District) { subjects(first: 20, filter: { district: $d }) { nodes { ${PROFILE_FIELDS} } } }`,
    variables: (i) => ({ d: DISTRICTS[i % DISTRICTS.length] }),
  },
  // The web app's programme dashboard (web/src/dashboard.ts): the ledger's and the credit office's figures of one federated entity.
  "the dashboard's programme figures": {
    query: `query($f: ProgrammeMetricsFilter) { programmeMetrics(filter: $f) {
      benefitUses beneficiaries amountWaived depositsWaived couponsIssued couponsUsed couponValue loansGranted loanAmount
      byScenario { key uses amount } byMonth { key uses amount } topOffers { key uses amount }
      codeRegistrations activeCodeRegistrations creditRepairsCompleted reportsIssued listEntries { list color entries } } }`,
    variables: (i) => ({ f: i % 6 === 0 ? {} : { district: DISTRICTS[i % DISTRICTS.length] } }),
  },
};
// BENCH_QUERIES=whole,page: only the queries whose label contains one of these words.
const QUERIES = Object.fromEntries(
  Object.entries(ALL_QUERIES).filter(([label]) => !process.env.BENCH_QUERIES || process.env.BENCH_QUERIES.split(",").some((word) => label.includes(word))),
);
const PEERS = (process.env.BENCH_PEERS ?? "xinyi,hive-rust,hive-js,apollo,monolith").split(",");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// Long, and one piece: the bench's script — start the departments and peers, check identical answers, measure, print — read top to bottom.
runMain(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-bench-"));
  const ports = await freePorts(DEPARTMENT_NAMES.length + PEERS.length);
  const env: NodeJS.ProcessEnv = {
    ...benchEnv(dataDir),
    // One token sending thousands of operations a minute.
    XINYI_RATE_LIMIT_PER_MINUTE: "100000000",
    XINYI_IP_RATE_LIMIT_PER_MINUTE: "100000000",
    XINYI_COST_PER_MINUTE: "1000000000",
    // The partner phase has the channel issue codes for up to a hundred persons, and checks organisations by USCC: not the budget under test.
    XINYI_PERSON_IDS_PER_HOUR: "100000",
  };
  DEPARTMENT_NAMES.forEach((name, i) => (env[`XINYI_${envName(name)}_PORT`] = String(ports[i])));
  // The incentives service reads through our gateway (the xinyi peer).
  if (PEERS.includes("xinyi")) env.XINYI_GATEWAY_URL = `http://127.0.0.1:${ports[DEPARTMENT_NAMES.length + PEERS.indexOf("xinyi")]}/graphql`;
  const postgres = process.env.BENCH_POSTGRES ? await startPostgres() : undefined;
  if (postgres) env.DATABASE_URL = await postgres.createDatabase("bench");
  const config = loadConfig(env);
  // The xinyi-trusted peer's manifest: every document the bench sends, by id (web/trusted-documents.ts's format).
  const documentId = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;
  const IDS_QUERY = `{ subjects(first: 100) { nodes { id } } }`;
  const webRoot = path.join(dataDir, "web");
  fs.mkdirSync(webRoot);
  const manifest = [IDS_QUERY, ...Object.values(ALL_QUERIES).map((q) => q.query)].map((text) => [documentId(text), text]);
  fs.writeFileSync(path.join(webRoot, "trusted-documents.json"), JSON.stringify(Object.fromEntries(manifest)));
  process.stderr.write("bench: seeding 2,000 subjects…\n");
  await seedDepartments(config, { count: 2000, seed: "bench", asOf: DEFAULT_AS_OF, progress: false });

  const supervisor = createSupervisor({ write: (line) => void (process.env.BENCH_VERBOSE && process.stderr.write(line)) });
  const dist = path.join(PROJECT_ROOT, "dist");
  try {
    // BENCH_PROFILE=<dir>: every process under test writes a V8 CPU profile there when it stops (open in Chrome DevTools).
    const nodeArgs = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    for (const name of DEPARTMENT_NAMES) {
      await supervisor.start({
        label: name,
        script: path.join(dist, `subgraphs/${name}/index.js`),
        nodeArgs,
        env,
        healthUrl: config.departments[name].url.replace(/graphql$/, "healthz"),
      });
    }
    const peers: { name: string; url: string; pid: number; headers: Record<string, string> }[] = [];
    const token = await mintToken(config.auth, { sub: "bench", scopes: ["profile:read", "pii:read", "metrics:read"], ttlSeconds: 3600 });
    for (const [k, name] of PEERS.entries()) {
      const port = ports[DEPARTMENT_NAMES.length + k];
      const url = `http://127.0.0.1:${port}/graphql`;
      // Ready when a GET on the endpoint answers at all (each peer answers it in its own way).
      await supervisor.start({
        label: name,
        script: path.join(dist, "bench/peer.js"),
        args: [name],
        nodeArgs,
        env: { ...env, PORT: String(port), ...(name === "xinyi-trusted" ? { XINYI_TRUSTED_DOCUMENTS: "required", BENCH_WEB_ROOT: webRoot } : {}) },
        healthUrl: name.startsWith("xinyi") ? url.replace(/graphql$/, "healthz") : `${url}?query=%7B__typename%7D`,
        healthHeaders: { "apollo-require-preflight": "true" },
      });
      const headers: Record<string, string> = name.startsWith("xinyi") ? { authorization: `Bearer ${token}`, "x-purpose": "benchmark" } : {};
      // As a browser: the gateway then accepts nothing but trusted documents from it.
      if (name === "xinyi-trusted") headers.origin = `http://127.0.0.1:${port}`;
      peers.push({ name, url, pid: supervisor.pidOf(name)!, headers: { "content-type": "application/json", ...headers } });
    }
    const ask = async (peer: (typeof peers)[number], query: string, variables: Record<string, unknown>) => {
      const document = peer.name === "xinyi-trusted" ? { documentId: documentId(query) } : { query };
      const response = await fetch(peer.url, { method: "POST", headers: peer.headers, body: JSON.stringify({ ...document, variables }) });
      const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
      if (body.errors) throw new Error(`${peer.name}: ${JSON.stringify(body.errors).slice(0, 300)}`);
      return body.data;
    };
    const ids = ((await ask(peers[0], IDS_QUERY, {})) as { subjects: { nodes: { id: string }[] } }).subjects.nodes.map((n) => n.id);

    // Identical data from every peer: one that answers a query differently from ours (or not at
    // all: the monolith has no 信易+ ledger) is reported and not measured on that query.
    const measured = new Map<string, typeof peers>();
    for (const [label, q] of Object.entries(QUERIES)) {
      const excluded = new Map<string, string>();
      for (let i = 0; i < 5; i++) {
        const answers = await Promise.all(peers.map((p) => ask(p, q.query, q.variables(i, ids)).catch((e: Error) => ({ failed: e.message }))));
        for (const [k, answer] of answers.entries()) {
          const [mine, theirs] = [canonical(answer), canonical(answers[0])];
          if (mine === theirs || excluded.has(peers[k].name)) continue;
          let at = 0;
          while (mine[at] === theirs[at]) at++;
          const around = (text: string) => text.slice(Math.max(0, at - 60), at + 60);
          excluded.set(peers[k].name, `on "${label}" #${i} it says …${around(mine)}… where ${peers[0].name} says …${around(theirs)}…`);
        }
      }
      for (const [peer, why] of excluded) process.stderr.write(`bench: ${peer} not measured ${why}\n`);
      measured.set(
        label,
        peers.filter((p) => !excluded.has(p.name)),
      );
    }
    process.stderr.write(`bench: ${ROUNDS} rounds × ${SECONDS} s per query and peer, ${CONNECTIONS} connections\n`);

    type Sample = { rps: number; p50: number; p99: number; cpuPerRequest: number; departmentsCpuPerRequest: number; peakRss: number };
    const samples: Record<string, Record<string, Sample[]>> = {};
    const departmentPids = DEPARTMENT_NAMES.map((name) => supervisor.pidOf(name)!);
    const departmentsCpu = () => departmentPids.map((pid) => cpuMs(pid));
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    // A peer's CPU and memory: its process and any workers it runs, together.
    const peerCpu = (pid: number) => sum(processTree(pid).map(cpuMs));
    const peerRss = (pid: number) => sum(processTree(pid).map(rssMb));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [label, q] of Object.entries(QUERIES)) {
        // Each round starts with another peer: none is always first after the previous query.
        const order = measured.get(label)!;
        for (const peer of order.map((_, k) => order[(k + round) % order.length])) {
          let peakRss = peerRss(peer.pid);
          const sampler = setInterval(() => (peakRss = Math.max(peakRss, peerRss(peer.pid))), 250);
          const cpuBefore = peerCpu(peer.pid);
          const departmentsBefore = departmentsCpu();
          // A failed call throws (ask): a peer that starts failing stops the bench.
          const run = await load(SECONDS, (i) => ask(peer, q.query, q.variables(i, ids)).then(() => true as const));
          clearInterval(sampler);
          const cpuAfter = peerCpu(peer.pid);
          const departmentsAfter = departmentsCpu();
          if (process.env.BENCH_VERBOSE)
            process.stderr.write(
              `${peer.name} ${label}: ${DEPARTMENT_NAMES.map((d, k) => `${d} ${((departmentsAfter[k] - departmentsBefore[k]) / run.requests).toFixed(2)}`).join(", ")}\n`,
            );
          samples[label] = samples[label] ?? {};
          samples[label][peer.name] = samples[label][peer.name] ?? [];
          samples[label][peer.name].push({
            rps: run.rps,
            p50: run.p50,
            p99: run.p99,
            cpuPerRequest: (cpuAfter - cpuBefore) / run.requests,
            departmentsCpuPerRequest: (sum(departmentsAfter) - sum(departmentsBefore)) / run.requests,
            peakRss,
          });
        }
      }
      process.stderr.write(`bench: round ${round}/${ROUNDS} done\n`);
    }

    const lines = [
      `\n${os.cpus().length} cores, Node ${process.version}; medians of ${ROUNDS} interleaved rounds of ${SECONDS} s, ${CONNECTIONS} connections\n`,
    ];
    for (const [label, byPeer] of Object.entries(samples)) {
      const m = (peer: string, key: keyof Sample) => median(byPeer[peer].map((s) => s[key]));
      lines.push(
        `### ${label}\n`,
        "| peer | req/s | × apollo | × monolith | p50 ms | p99 ms | peer CPU ms/req | departments CPU ms/req | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|",
      );
      for (const peer of Object.keys(byPeer)) {
        const ratio = (ref: string) => (byPeer[ref] ? (m(peer, "rps") / m(ref, "rps")).toFixed(2) : "–");
        lines.push(
          `| ${peer} | ${m(peer, "rps").toFixed(0)} | ${ratio("apollo")} | ${ratio("monolith")} | ${m(peer, "p50").toFixed(1)} | ${m(peer, "p99").toFixed(1)} | ${m(peer, "cpuPerRequest").toFixed(2)} | ${m(peer, "departmentsCpuPerRequest").toFixed(2)} | ${Math.max(...byPeer[peer].map((s) => s.peakRss)).toFixed(0)} |`,
        );
      }
      lines.push("");
    }
    const ours = peers.find((p) => p.name === "xinyi");
    if (ours && process.env.BENCH_PARTNERS !== "0") lines.push(...(await benchIncentives(ours.url, config, SECONDS, postgres ? "PostgreSQL" : "SQLite")));
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await supervisor.stopAll();
    await postgres?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
