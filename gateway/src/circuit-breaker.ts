/**
 * A circuit breaker per department: after `failureThreshold` consecutive failures (errors or
 * timeouts) calls fail fast for `coolDownMs`; then one probe is let through (half-open): its
 * success closes the circuit, its failure opens it again. A dead department so costs one fast
 * refusal per request instead of a timeout, and recovers by itself.
 *
 * Gateway workers (workers.ts) each count their own failures but share the transitions: the
 * breaker that opens or closes tells `onChange`, and the others `adopt` it.
 */
export type CircuitState = "CLOSED" | "OPEN" | "HALF_OPEN";

export interface CircuitOptions {
  /** Consecutive failures that open the circuit. @default 5 */
  failureThreshold?: number;
  /** How long an open circuit refuses before a probe. @default 5000 */
  coolDownMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
  /** Told when this breaker opens (again) or closes, not when it adopts another's change. */
  onChange?: (open: boolean, openedAt: number) => void;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly threshold: number;
  private readonly coolDownMs: number;
  private readonly now: () => number;
  private readonly onChange?: CircuitOptions["onChange"];

  constructor(options: CircuitOptions = {}) {
    this.threshold = options.failureThreshold ?? 5;
    this.coolDownMs = options.coolDownMs ?? 5000;
    this.now = options.now ?? Date.now;
    this.onChange = options.onChange;
  }

  get state(): CircuitState {
    if (this.failures < this.threshold) return "CLOSED";
    return this.now() - this.openedAt >= this.coolDownMs ? "HALF_OPEN" : "OPEN";
  }

  /** Whether a call may go out now (in half-open state, one probe at a time). */
  allow(): boolean {
    const state = this.state;
    if (state === "CLOSED") return true;
    if (state === "OPEN" || this.probing) return false;
    this.probing = true;
    return true;
  }

  succeeded(): void {
    const wasOpen = this.failures >= this.threshold;
    this.failures = 0;
    this.probing = false;
    if (wasOpen) this.onChange?.(false, 0);
  }

  /** A call that ended without telling anything of the department (cancelled with its request). */
  abandoned(): void {
    this.probing = false;
  }

  failed(): void {
    this.probing = false;
    this.failures++;
    if (this.failures >= this.threshold) {
      this.openedAt = this.now();
      this.onChange?.(true, this.openedAt);
    }
  }

  /** Takes another worker's change: open since `openedAt`, or closed. */
  adopt(open: boolean, openedAt: number): void {
    if (open) {
      this.failures = Math.max(this.failures, this.threshold);
      this.openedAt = Math.max(this.openedAt, openedAt);
    } else {
      this.failures = 0;
      this.probing = false;
    }
  }
}
