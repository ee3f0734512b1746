/**
 * `npm run bench:uploads`: the gateway's memory under a burst of anonymous uploads (security
 * issue 22: 20 concurrent 10 MiB POSTs to /verify took it from 236 to 494 MB, and it stayed there).
 * The departments and the gateway run in their own processes as in production, the load from this
 * one; the gateway's RSS is sampled from /proc every 20 ms. Prints RSS before, at the peak and
 * 10 s after, and how the uploads were answered. BENCH_UPLOADS (20) and BENCH_UPLOAD_MIB (10).
 */
import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, envName } from "../shared/config.js";
import { DEPARTMENT_NAMES } from "../shared/departments.js";
import { PROJECT_ROOT } from "../shared/paths.js";
import { runMain } from "../shared/serve.js";
import { DEFAULT_AS_OF } from "../scripts/generate/scale.js";
import { seedDepartments } from "../scripts/generate/seed-departments.js";
import { freePorts, rssMb } from "../scripts/process-stats.js";
import { createSupervisor } from "../scripts/supervisor.js";

const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 20);
const MIB = Number(process.env.BENCH_UPLOAD_MIB ?? 10);

runMain(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-bench-uploads-"));
  const ports = await freePorts(DEPARTMENT_NAMES.length + 1);
  const gatewayPort = ports[DEPARTMENT_NAMES.length];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    XINYI_LOG_LEVEL: "silent",
    XINYI_DATA_DIR: dataDir,
    XINYI_GATEWAY_SECRET: "bench-gateway-secret-0123456789abcdef0123456789",
    XINYI_JWT_SECRET: "bench-jwt-secret-0123456789abcdef0123456789abc",
    PORT: String(gatewayPort),
  };
  DEPARTMENT_NAMES.forEach((name, i) => (env[`XINYI_${envName(name)}_PORT`] = String(ports[i])));
  const config = loadConfig(env);
  await seedDepartments(config, { count: 50, seed: "bench", asOf: DEFAULT_AS_OF, progress: false });
  const supervisor = createSupervisor({ write: () => undefined });
  const dist = path.join(PROJECT_ROOT, "dist");
  try {
    for (const name of DEPARTMENT_NAMES) {
      await supervisor.start({
        label: name,
        script: path.join(dist, `subgraphs/${name}/index.js`),
        env,
        healthUrl: config.departments[name].url.replace(/graphql$/, "healthz"),
      });
    }
    const origin = `http://127.0.0.1:${gatewayPort}`;
    await supervisor.start({ label: "gateway", script: path.join(dist, "gateway/src/index.js"), env, healthUrl: `${origin}/healthz` });
    const pid = supervisor.pidOf("gateway")!;
    // Warm: a few small verifications, then settle.
    for (let i = 0; i < 5; i++) await fetch(`${origin}/verify/XY20261130-AAAAAAAAAA?format=json`).then((r) => r.arrayBuffer());
    await new Promise((r) => setTimeout(r, 2000));
    const before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
    const body = Buffer.alloc(MIB * 1024 * 1024, 7);
    body.write("%PDF-1.7\n");
    const started = Date.now();
    const statuses = await Promise.all(
      Array.from({ length: UPLOADS }, () =>
        fetch(`${origin}/verify/XY20261130-AAAAAAAAAA`, { method: "POST", headers: { "content-type": "application/pdf" }, body: new Uint8Array(body) })
          .then(async (r) => (await r.arrayBuffer(), r.status))
          .catch(() => 0),
      ),
    );
    const ms = Date.now() - started;
    await new Promise((r) => setTimeout(r, 10_000));
    clearInterval(sampler);
    const after = rssMb(pid);
    await new Promise((r) => setTimeout(r, 20_000));
    const later = rssMb(pid);
    const counts = statuses.reduce<Record<number, number>>((c, s) => ({ ...c, [s]: (c[s] ?? 0) + 1 }), {});
    process.stdout.write(
      `${UPLOADS} concurrent ${MIB} MiB uploads to POST /verify in ${ms} ms; answers by status ${JSON.stringify(counts)} (404: verified, not found; 503: over the in-flight bound)\n` +
        `gateway RSS: before ${before.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (+${(peak - before).toFixed(0)}), 10 s after ${after.toFixed(0)} MB (+${(after - before).toFixed(0)}), 30 s after ${later.toFixed(0)} MB (+${(later - before).toFixed(0)})\n`,
    );
  } finally {
    await supervisor.stopAll();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
