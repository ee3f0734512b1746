/**
 * `npm run bench:uploads`: the gateway's memory under a burst of anonymous uploads (security
 * issue 22: 20 concurrent 10 MiB POSTs to /verify took it from 236 to 494 MB, and it stayed there).
 * The departments and the gateway run in their own processes as in production, the load from this
 * one; the gateway's RSS is sampled from /proc every 20 ms. Prints RSS before, at the peak and
 * 10 s after, and how the uploads were answered. BENCH_UPLOADS (20) and BENCH_UPLOAD_MIB (10).
 */
import "reflect-metadata";
import { runMain } from "../shared/serve.js";
import { rssMb } from "../scripts/process-stats.js";
import { startStack } from "../scripts/bench-kit/stack.js";

const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 20);
const MIB = Number(process.env.BENCH_UPLOAD_MIB ?? 10);

runMain(async () => {
  const stack = await startStack({ subjects: 50 });
  const { origin } = stack;
  const pid = stack.gatewayPid;
  try {
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
    await stack.stop();
  }
});
