/**
 * Rate limits per token subject and per client IP: fixed one-minute windows in memory (one
 * gateway process; a city-scale deployment with several gateways would move this to a shared store).
 */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { createErrorResponse } from "../http-error.js";
import { callerOf } from "./use-auth.js";

export interface RateLimitOptions {
  /** Requests per minute per token subject. @default 600 */
  perSubjectPerMinute?: number;
  /** Requests per minute per client IP. @default 1200 */
  perIpPerMinute?: number;
  /** The client IP of a request. */
  ipOf: (serverContext: unknown) => string;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

export function useRateLimit(options: RateLimitOptions): GatewayPlugin {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  const hit = (key: string, limit: number): number | undefined => {
    const t = now();
    let w = windows.get(key);
    if (!w || t - w.start >= 60_000) {
      if (windows.size > 100_000) windows.clear(); // bounded memory under an IP flood
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    w.count++;
    return w.count > limit ? Math.ceil((w.start + 60_000 - t) / 1000) : undefined;
  };
  return {
    onRequest({ request, serverContext, endResponse }) {
      const caller = callerOf(request);
      const retryIp = hit(`ip:${options.ipOf(serverContext)}`, options.perIpPerMinute ?? 1200);
      const retrySub = caller ? hit(`sub:${caller.sub}`, options.perSubjectPerMinute ?? 600) : undefined;
      const retry = retrySub ?? retryIp;
      if (retry !== undefined) {
        endResponse(
          createErrorResponse(429, "RATE_LIMITED", `Too many requests from this ${retrySub !== undefined ? "token" : "address"}; retry in ${retry} s`, {
            "retry-after": String(retry),
          }),
        );
      }
    },
  };
}
