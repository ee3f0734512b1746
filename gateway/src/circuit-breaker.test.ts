import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./circuit-breaker.js";

describe("the circuit breaker", () => {
  it("opens after repeated failures, fails fast, probes after the cool-down, and closes on a good probe", () => {
    let t = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 1000, now: () => t });
    for (let i = 0; i < 3; i++) {
      expect(breaker.allow()).toBe(true);
      breaker.failed();
    }
    expect(breaker.state).toBe("OPEN");
    expect(breaker.allow()).toBe(false);
    t = 1000;
    expect(breaker.state).toBe("HALF_OPEN");
    expect(breaker.allow()).toBe(true); // the probe
    expect(breaker.allow()).toBe(false); // one at a time
    breaker.failed();
    expect(breaker.state).toBe("OPEN"); // a failed probe opens it again
    t = 2100;
    expect(breaker.allow()).toBe(true);
    breaker.succeeded();
    expect(breaker.state).toBe("CLOSED");
    expect(breaker.allow()).toBe(true);
  });
});
