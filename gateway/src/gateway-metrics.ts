/**
 * The gateway's own metrics, beside the HTTP ones every process has: each department call's
 * latency and outcome (ok, error, timeout, refused by an open circuit, cancelled with its request), each circuit's state, and
 * the audit writer's queue depth.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { CircuitBreaker } from "./circuit-breaker.js";
import type { CallOutcome } from "./department-transport.js";

const CIRCUIT_STATES = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 } as const;

export function createGatewayMetrics(registry: Registry, options: { breakers: ReadonlyMap<string, CircuitBreaker>; auditQueueDepth: () => number }) {
  const latency = new Histogram({
    name: "xinyi_department_fetch_duration_seconds",
    help: "Calls from the gateway to each department, by outcome (ok, error, timeout, open, cancelled), and how long they took.",
    labelNames: ["department", "outcome"],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const failures = new Counter({
    name: "xinyi_department_failures_total",
    help: "Department calls that failed: error, timeout, or refused by an open circuit.",
    labelNames: ["department", "outcome"],
    registers: [registry],
  });
  new Gauge({
    name: "xinyi_circuit_state",
    help: "Each department's circuit: 0 closed, 1 half-open, 2 open.",
    labelNames: ["department"],
    registers: [registry],
    collect() {
      for (const [department, breaker] of options.breakers) this.set({ department }, CIRCUIT_STATES[breaker.state]);
    },
  });
  new Gauge({
    name: "xinyi_audit_queue_depth",
    help: "Audit entries waiting for the next group commit.",
    registers: [registry],
    collect() {
      this.set(options.auditQueueDepth());
    },
  });
  return {
    onCall(department: string, outcome: CallOutcome, ms: number) {
      latency.observe({ department, outcome }, ms / 1000);
      if (outcome !== "ok" && outcome !== "cancelled") failures.inc({ department, outcome });
    },
  };
}
