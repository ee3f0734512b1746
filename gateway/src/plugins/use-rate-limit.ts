/**
 * Rate limits count operations, not HTTP requests (a batch of five is five), per client IP and per
 * token subject, plus the estimated cost of the operations each token subject — or, anonymous, each
 * address — runs (see cost.ts):
 * 429 RATE_LIMITED with Retry-After. An address is counted before its token is checked, so
 * failed authentications are limited too.
 */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { createGraphQLError } from "@graphql-tools/utils";
import { isPlatformService } from "../../../shared/caller.js";
import { createErrorResponse, GatewayErrors, type GatewayErrorCode } from "../errors.js";
import { whenKnown, type GatewayState, type MaybePromise } from "../shared-state.js";
import { callerOf } from "./use-auth.js";

export interface RateLimitOptions {
  /** Operations per minute per token subject. @default 600 */
  perSubjectPerMinute?: number;
  /** Operations per minute per client IP. @default 1200 */
  perIpPerMinute?: number;
  /** Estimated cost per minute per token subject. @default 3000000 */
  costPerMinute?: number;
  /** Estimated cost per minute per client IP of anonymous callers. @default 20000 */
  anonymousCostPerMinute?: number;
  /** Where the counts are kept (one process's, or shared by the workers). */
  state: GatewayState;
  /** The client IP of a request. */
  ipOf: (serverContext: unknown) => string;
  /** Whether a request is a platform service's, correctly signed: not limited (it acts for a caller already counted). */
  isService?: (request: Request) => Promise<boolean>;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/** Charges the cost of an operation to its caller; the seconds to wait when over budget. */
export type ChargeCost = (request: object, cost: number) => MaybePromise<number | undefined>;

const rateLimited = (retry: number, whom: string) =>
  createGraphQLError(`Too many operations from this ${whom}; retry in ${retry} s`, {
    extensions: {
      code: "RATE_LIMITED" satisfies GatewayErrorCode,
      http: { status: GatewayErrors.RATE_LIMITED.status, headers: { "retry-after": String(retry) } },
    },
  });

export function useRateLimit(options: RateLimitOptions): GatewayPlugin & { chargeCost: ChargeCost } {
  const now = options.now ?? Date.now;
  const { state } = options;
  const perIp = options.perIpPerMinute ?? 1200;
  const perSubject = options.perSubjectPerMinute ?? 600;
  const ips = new WeakMap<object, string>();
  return {
    chargeCost(request, cost) {
      const caller = callerOf(request);
      if (isPlatformService(caller)) return undefined;
      if (caller) return state.hit("costs", `sub:${caller.sub}`, cost, options.costPerMinute ?? 3_000_000, now());
      // Anonymous callers (the public catalogue, report verification) have a budget per address.
      return state.hit("costs", `anonymous:${ips.get(request) ?? "ip:unknown"}`, cost, options.anonymousCostPerMinute ?? 20_000, now());
    },
    async onRequest({ request, serverContext, endResponse }) {
      if (await options.isService?.(request)) return;
      const ip = `ip:${options.ipOf(serverContext)}`;
      ips.set(request, ip);
      const retry = await state.hit("operations", ip, 1, perIp, now());
      if (retry !== undefined) {
        endResponse(createErrorResponse("RATE_LIMITED", `Too many operations from this address; retry in ${retry} s`, { "retry-after": String(retry) }));
      }
    },
    onRequestParse({ request }) {
      return {
        onRequestParseDone({ requestParserResult }) {
          const count = Array.isArray(requestParserResult) ? requestParserResult.length : 1;
          // The first operation was counted for the address when the request arrived.
          const caller = callerOf(request);
          if (isPlatformService(caller)) return;
          const countToken = () =>
            caller &&
            whenKnown(state.hit("operations", `sub:${caller.sub}`, count, perSubject, now()), (retry) => {
              if (retry !== undefined) throw rateLimited(retry, "token");
            });
          if (count === 1) return countToken();
          return whenKnown(state.hit("operations", ips.get(request) ?? "ip:unknown", count - 1, perIp, now()), (retry) => {
            if (retry !== undefined) throw rateLimited(retry, "address");
            return countToken();
          });
        },
      };
    },
  };
}
