/**
 * `npm run soak -- --minutes 5`: the whole-profile query against the real process tree (`npm
 * start`'s supervisor on a fresh data folder and free ports), load from this process. It first
 * measures capacity (16 connections flat out), then holds about half of it steadily for the given
 * minutes, sampling the gateway's RSS (from /proc) and latencies each interval, and prints the
 * figures: errors, RSS after warm-up vs at the end (must stay within 10 %), p50/p99 per interval.
 * `--rate N` holds N req/s instead of half the capacity (on a machine shared with other work).
 * Exits 1 when an answer failed or RSS grew more than 10 %.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { envName } from "../shared/config.js";
import { DEPARTMENT_NAMES } from "../shared/departments.js";
import { PROJECT_ROOT } from "../shared/paths.js";
import { runMain } from "../shared/serve.js";
import { mintToken } from "../gateway/src/jwt.js";
import { freePorts, percentile, rssMb } from "./process-stats.js";

const PROFILE = `query($id: ID!) { subject(id: $id) { id name tax { outstandingArrears records { id } } health { payAfterVisits } transport { couponUses }
  publicResources { bids activePoints } market { complaints } listEntries { id } evaluation { score level codeColor complete reasons { en } } } }`;

/** The gateway's V8 heap in use, from its own /metrics (prom-client's default metrics). */
async function heapMb(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return Number(/^nodejs_heap_size_used_bytes\{[^}]*\} (\S+)/m.exec(text)?.[1] ?? 0) / 1048576;
}

// Long, and one piece: the soak's script — start, load for N minutes while sampling, stop, judge — read top to bottom.
runMain(async () => {
  const { values } = parseArgs({
    options: { minutes: { type: "string", default: "5" }, subjects: { type: "string", default: "2000" }, rate: { type: "string" } },
  });
  const minutes = Number(values.minutes);
  if (!(minutes > 0)) throw new Error(`--minutes must be a positive number, got "${values.minutes}"`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-soak-"));
  const ports = await freePorts(DEPARTMENT_NAMES.length + 1);
  const jwtSecret = "soak-jwt-secret-0123456789abcdef0123456789abcd";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    XINYI_DATA_DIR: dataDir,
    XINYI_GATEWAY_SECRET: "soak-gateway-secret-0123456789abcdef0123456789",
    XINYI_JWT_SECRET: jwtSecret,
    XINYI_DEMO_SUBJECTS: values.subjects,
    XINYI_RATE_LIMIT_PER_MINUTE: "100000000",
    XINYI_IP_RATE_LIMIT_PER_MINUTE: "100000000",
    XINYI_COST_PER_MINUTE: "1000000000",
    PORT: String(ports[0]),
  };
  DEPARTMENT_NAMES.forEach((name, i) => (env[`XINYI_${envName(name)}_PORT`] = String(ports[i + 1])));
  const url = `http://127.0.0.1:${ports[0]}/graphql`;
  process.stdout.write(`soak: starting the process tree in ${dataDir}\n`);
  const launcher = spawn(process.execPath, [path.join(PROJECT_ROOT, "dist/scripts/start.js")], { env, stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  launcher.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  const stop = async () => {
    const exited = new Promise((r) => launcher.once("exit", r));
    launcher.kill("SIGTERM");
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  // Interrupted (Ctrl-C, kill), the soak stops the process tree it started rather than orphan it.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop().finally(() => process.exit(130)));
  try {
    const deadline = Date.now() + 180_000;
    while (!output.includes("Xinyi is up.")) {
      if (Date.now() > deadline || launcher.exitCode !== null) throw new Error(`the process tree did not start:\n${output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const gatewayPid = Number([...output.matchAll(/\[gateway\] gateway: listening on \S+ \(pid (\d+)\)/g)].pop()?.[1]);
    const token = await mintToken(
      { hmacSecret: jwtSecret, issuer: "xinyi", audience: "xinyi-gateway", maxLifetimeSeconds: 86_400 },
      { sub: "soak", scopes: ["profile:read", "pii:read"], ttlSeconds: 3600 * 6 },
    );
    const ids: string[] = [];
    for (let after: string | null = null; ids.length < 100; ) {
      const page: { data: { subjects: { nodes: { id: string }[]; pageInfo: { endCursor: string | null } } } } = await (
        await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": "soak" },
          body: JSON.stringify({
            query: `query($a: String) { subjects(first: 100, after: $a) { nodes { id } pageInfo { endCursor } } }`,
            variables: { a: after },
          }),
        })
      ).json();
      ids.push(...page.data.subjects.nodes.map((n) => n.id));
      after = page.data.subjects.pageInfo.endCursor;
      if (!after) break;
    }
    let errors = 0;
    let n = 0;
    const one = async (latencies: number[]) => {
      const started = performance.now();
      // A connection refused or timed out is a failed answer like any other, not the soak's end.
      const { status, body } = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": "soak" },
        body: JSON.stringify({ query: PROFILE, variables: { id: ids[n++ % ids.length] } }),
      }).then(
        async (response) => ({ status: response.status, body: await response.json() }),
        (error: Error) => ({ status: 0, body: { error: `${error.message} (${String(error.cause)})` } }),
      );
      latencies.push(performance.now() - started);
      if (status !== 200 || body.errors || !body.data?.subject?.evaluation?.complete) {
        if (errors++ === 0) process.stdout.write(`soak: first failed answer: HTTP ${status} ${JSON.stringify(body).slice(0, 500)}\n`);
      }
    };

    // Capacity: 16 connections flat out for 10 s (after a 5 s warm-up).
    const flatOut = async (seconds: number) => {
      const latencies: number[] = [];
      const end = Date.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (Date.now() < end) await one(latencies);
        }),
      );
      return latencies.length / seconds;
    };
    await flatOut(5);
    const capacity = await flatOut(10);
    const rate = values.rate ? Number(values.rate) : Math.max(1, Math.round(capacity / 2));
    if (!(rate > 0)) throw new Error(`--rate must be a positive number, got "${values.rate}"`);
    const metricsUrl = url.replace(/graphql$/, "metrics");
    process.stdout.write(
      `soak: after 15 s flat out: gateway RSS ${rssMb(gatewayPid).toFixed(0)} MB, V8 heap in use ${(await heapMb(metricsUrl)).toFixed(0)} MB\n`,
    );
    process.stdout.write(`soak: capacity ${capacity.toFixed(0)} req/s flat out; holding ${rate} req/s for ${minutes} min\n`);

    // Steady load at half capacity, sampled every 30 s (or a tenth of the run when shorter).
    const intervalMs = Math.min(30_000, (minutes * 60_000) / 10);
    const rows: { t: number; rssMb: number; heapMb: number; p50: number; p99: number; done: number }[] = [];
    const endAt = Date.now() + minutes * 60_000;
    const inFlight = new Set<Promise<void>>();
    let latencies: number[] = [];
    let next = Date.now();
    let sampleAt = Date.now() + intervalMs;
    while (Date.now() < endAt) {
      if (Date.now() >= sampleAt) {
        const sorted = [...latencies].sort((a, b) => a - b);
        rows.push({
          t: Math.round((Date.now() - (endAt - minutes * 60_000)) / 1000),
          rssMb: rssMb(gatewayPid),
          heapMb: await heapMb(metricsUrl),
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          done: sorted.length,
        });
        const r = rows[rows.length - 1];
        process.stdout.write(
          `soak: t=${r.t}s rss=${r.rssMb.toFixed(0)} MB heap=${r.heapMb.toFixed(0)} MB p50=${r.p50.toFixed(1)} ms p99=${r.p99.toFixed(1)} ms answers=${r.done} errors=${errors}\n`,
        );
        latencies = [];
        sampleAt += intervalMs;
      }
      const p = one(latencies).finally(() => inFlight.delete(p));
      inFlight.add(p);
      next += 1000 / rate;
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await Promise.all(inFlight);
    const warm = rows[0]?.rssMb ?? 0;
    const end = rows[rows.length - 1]?.rssMb ?? 0;
    const growth = warm ? (end - warm) / warm : 0;
    process.stdout.write(
      `\nsoak: ${n} answers, ${errors} errors; gateway RSS ${warm.toFixed(0)} MB after warm-up → ${end.toFixed(0)} MB at the end (${(growth * 100).toFixed(1)} %); ` +
        `p99 per interval ${rows.map((r) => r.p99.toFixed(0)).join(" ")} ms\n`,
    );
    if (errors > 0 || growth > 0.1) process.exitCode = 1;
  } finally {
    await stop();
  }
});
