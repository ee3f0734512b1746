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

  it("tells its opening and closing to another (a worker's sibling), which adopts them", () => {
    let t = 0;
    const sibling = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 1000, now: () => t });
    const told: boolean[] = [];
    const breaker = new CircuitBreaker({
      failureThreshold: 3,
      coolDownMs: 1000,
      now: () => t,
      onChange: (open, at) => {
        told.push(open);
        sibling.adopt(open, at);
      },
    });
    sibling.failed(); // the sibling's own count is below the threshold
    for (let i = 0; i < 3; i++) breaker.failed();
    expect(sibling.state).toBe("OPEN");
    expect(sibling.allow()).toBe(false);
    t = 1000;
    expect(sibling.state).toBe("HALF_OPEN"); // the cool-down runs from the opening it was told
    expect(breaker.allow()).toBe(true);
    breaker.succeeded();
    expect(sibling.state).toBe("CLOSED");
    expect(told).toEqual([true, false]);
    breaker.succeeded(); // already closed: nothing more to tell
    expect(told).toEqual([true, false]);
  });
});
