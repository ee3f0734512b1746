/**
 * Readiness: every `intervalMs` the gateway asks each department's `/healthz` (with a short
 * timeout), and `/readyz` reports each one as up, down, or open (its circuit breaker refusing
 * calls). The gateway is ready while any department answers — partial results included — and not
 * ready only when it cannot serve at all. `/healthz` stays liveness (the process answers).
 */
import { Agent, request } from "undici";
import type { CircuitBreaker } from "./circuit-breaker.js";

export type DepartmentState = "up" | "down" | "open";

export interface ReadinessReport {
  ready: boolean;
  checkedAt: string | null;
  departments: Record<string, DepartmentState>;
}

export interface ReadinessOptions {
  /** Each department's health URL (none: a subgraph not ours, judged by its circuit breaker alone). */
  departments: { name: string; healthUrl?: string }[];
  breakerOf: (department: string) => CircuitBreaker;
  /** @default 2000 */
  intervalMs?: number;
}

export function createReadiness(options: ReadinessOptions) {
  const intervalMs = options.intervalMs ?? 2000;
  const up = new Map<string, boolean>();
  let checkedAt: string | null = null;
  let timer: NodeJS.Timeout | undefined;

  // Kept-alive connections, one per department (undici, as the department calls): a probe of nine
  // departments every two seconds through fetch cost more of the gateway's CPU than some of its
  // plugins (measured under load).
  const agent = new Agent({ connections: 1 });
  const timeout = Math.min(1000, intervalMs);
  const probe = async (healthUrl: string) => {
    try {
      const response = await request(healthUrl, { dispatcher: agent, headersTimeout: timeout, bodyTimeout: timeout });
      await response.body.dump();
      return response.statusCode === 200;
    } catch {
      return false;
    }
  };
  const probed = options.departments.filter((d): d is { name: string; healthUrl: string } => d.healthUrl !== undefined);
  const check = async () => {
    const results = await Promise.all(probed.map(async (d) => [d.name, await probe(d.healthUrl)] as const));
    for (const [name, ok] of results) up.set(name, ok);
    checkedAt = new Date().toISOString();
  };

  return {
    /** Checks now, then every interval until stopped. */
    async start(): Promise<void> {
      await check();
      timer = setInterval(() => void check(), intervalMs);
      timer.unref();
    },
    stop(): void {
      clearInterval(timer);
      void agent.destroy();
    },
    report(): ReadinessReport {
      const departments: Record<string, DepartmentState> = {};
      for (const { name } of options.departments) {
        departments[name] = options.breakerOf(name).state === "OPEN" ? "open" : up.get(name) === false ? "down" : "up";
      }
      return { ready: Object.values(departments).some((s) => s === "up"), checkedAt, departments };
    },
  };
}
