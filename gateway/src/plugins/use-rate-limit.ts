/**
 * Rate limits count operations, not HTTP requests (a batch of five is five), per client IP and per
 * token subject, plus the estimated cost of the operations each token subject — or, anonymous, each
 * address — runs (see cost.ts):
 * 429 RATE_LIMITED with Retry-After. An address is counted before its token is checked, so
 * failed authentications are limited too. A token's operation is counted as it is about to run,
 * in its one admission with its cost and the lookup budget (use-limits.ts: one round trip to
 * Redis), before the audit answers or records it (no purpose, every field refused: charged too), so
 * only a document that does not parse or validate (never audited) is counted by its address alone; a batch's operations are counted at once when it is parsed (the address's
 * further ones and the token's, in one call), and the whole batch refused with 429 over a limit.
 */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { createGraphQLError } from "@graphql-tools/utils";
import { isPlatformService } from "../../../shared/caller.js";
import type { GraphQLError } from "graphql";
import { createErrorResponse, createGatewayError, GatewayErrors, type GatewayErrorCode } from "../errors.js";
import { admit, type Check, type GatewayState, whenKnown } from "../shared-state.js";
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

/** One check of an operation's admission, and the error it is refused with (given the seconds to wait). */
export interface Admission {
  check: Check;
  refuse: (retry: number) => GraphQLError;
  /** Its refusal is audited (a budget's: use-limits.ts); a rate limit's is not. */
  audited?: boolean;
}

/** What the rate limiter counts of an operation as it is about to run (use-limits.ts asks). */
export interface OperationCounts {
  /** The token's operation count (none for anonymous callers, counted by address on arrival, and platform services). */
  operation(request: object): Admission[];
  /** The operation's cost, charged to its token subject or, anonymous, its address (none for platform services). */
  cost(request: object, cost: number): Admission[];
}

const rateLimited = (retry: number, whom: string) =>
  createGraphQLError(`Too many operations from this ${whom}; retry in ${retry} s`, {
    extensions: {
      code: "RATE_LIMITED" satisfies GatewayErrorCode,
      http: { status: GatewayErrors.RATE_LIMITED.status, headers: { "retry-after": String(retry) } },
    },
  });

export function useRateLimit(options: RateLimitOptions): GatewayPlugin & OperationCounts {
  const now = options.now ?? Date.now;
  const { state } = options;
  const perIp = options.perIpPerMinute ?? 1200;
  const perSubject = options.perSubjectPerMinute ?? 600;
  const ips = new WeakMap<object, string>();
  /** Batches, whose operations were all counted when they were parsed. */
  const batches = new WeakSet<object>();
  return {
    operation(request) {
      const caller = callerOf(request);
      if (!caller || isPlatformService(caller) || batches.has(request)) return [];
      return [{ check: { windows: "operations", key: `sub:${caller.sub}`, amount: 1, limit: perSubject }, refuse: (retry) => rateLimited(retry, "token") }];
    },
    cost(request, cost) {
      const caller = callerOf(request);
      if (isPlatformService(caller)) return [];
      const whose = caller ? "token" : "address";
      const refuse = (retry: number) =>
        createGatewayError("RATE_LIMITED", `The cost budget of this ${whose} is spent for this minute; retry in ${retry} s`, { retryAfter: retry });
      // Anonymous callers (the public catalogue, report verification) have a budget per address.
      const check = caller
        ? { windows: "costs" as const, key: `sub:${caller.sub}`, amount: cost, limit: options.costPerMinute ?? 3_000_000 }
        : { windows: "costs" as const, key: `anonymous:${ips.get(request) ?? "ip:unknown"}`, amount: cost, limit: options.anonymousCostPerMinute ?? 20_000 };
      return [{ check, refuse }];
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
          const caller = callerOf(request);
          if (count === 1 || isPlatformService(caller)) return;
          batches.add(request);
          // The first operation was counted for the address when the request arrived.
          const counts: Admission[] = [
            {
              check: { windows: "operations", key: ips.get(request) ?? "ip:unknown", amount: count - 1, limit: perIp },
              refuse: (retry) => rateLimited(retry, "address"),
            },
            ...(caller
              ? [
                  {
                    check: { windows: "operations" as const, key: `sub:${caller.sub}`, amount: count, limit: perSubject },
                    refuse: (retry: number) => rateLimited(retry, "token"),
                  },
                ]
              : []),
          ];
          return whenKnown(
            admit(
              state,
              counts.map((c) => c.check),
              now(),
            ),
            (refusal) => {
              if (refusal) throw counts[refusal.at].refuse(refusal.retry);
            },
          );
        },
      };
    },
  };
}
