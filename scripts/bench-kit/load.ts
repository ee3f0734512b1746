/** The bench's load: `CONNECTIONS` concurrent callers from this process, each calling in turn for a while. */
import { percentile } from "../process-stats.js";

export const CONNECTIONS = 16;

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Calls that were refused, by the code they were refused with. */
  failures: Map<string, number>;
}

/** Runs `call(i)` from every connection for `seconds`; a call answers true, or the code it was refused with. */
export async function load(seconds: number, call: (i: number) => Promise<true | string>): Promise<LoadResult> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let n = 0;
  const started = performance.now();
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const t = performance.now();
        const outcome = await call(n++);
        if (outcome !== true) failures.set(outcome, (failures.get(outcome) ?? 0) + 1);
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const elapsed = (performance.now() - started) / 1000;
  return { requests: latencies.length, rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
}
