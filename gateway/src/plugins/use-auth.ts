/**
 * Authentication: verifies the bearer token of every GraphQL request and records the caller
 * (token subject, scopes, and the `X-Purpose` header, percent-encoded UTF-8). No token: an anonymous caller, who sees
 * only what no directive guards. A token that fails verification: 401, never anonymous.
 */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import type { Caller } from "../../../shared/caller.js";
import { createErrorResponse } from "../errors.js";
import type { TokenVerifier } from "../jwt.js";
import type { ServiceVerdict } from "../service-callers.js";
import { findUnsafeCharacter, normaliseLine } from "../../../shared/text.js";

const callers = new WeakMap<object, Caller>();

/**
 * The HTTP request of a GraphQL context (the runtime's context carries it as `request`; it is the
 * runtime's own Request implementation, so it is known by identity, not by class).
 */
export function requestOf(context: unknown): object | undefined {
  if (typeof context !== "object" || context === null || !("request" in context)) return undefined;
  return typeof context.request === "object" && context.request !== null ? context.request : undefined;
}

/** The verified caller of a GraphQL context's request. */
export const callerOfContext = (context: unknown): Caller | undefined => callerOf(requestOf(context));

/** The verified caller of a request; undefined for anonymous requests. */
export function callerOf(request: object | undefined): Caller | undefined {
  return request ? callers.get(request) : undefined;
}

export interface AuthOptions {
  verify: TokenVerifier;
  /** A platform service's signed request (service-callers.ts): its caller, or why it is refused. */
  verifyService?: (request: Request) => Promise<ServiceVerdict>;
  /** Longest accepted `X-Purpose`. @default 200 */
  maxPurposeLength?: number;
  /** Longest accepted Authorization header (tokens are far shorter). @default 8192 */
  maxAuthorizationLength?: number;
  /** Records a refused authentication (the audit log); the 401 waits for it. */
  onRefused?: (request: Request, reason: string) => Promise<void>;
}

export function useAuth(options: AuthOptions): GatewayPlugin {
  const maxPurposeLength = options.maxPurposeLength ?? 200;
  return {
    async onRequest({ request, endResponse }) {
      // HTTP headers carry Latin-1 only: a purpose in Chinese arrives percent-encoded (UTF-8).
      let stated: string;
      try {
        stated = decodeURIComponent(request.headers.get("x-purpose") ?? "");
      } catch {
        return endResponse(createErrorResponse("BAD_REQUEST", "X-Purpose must be percent-encoded UTF-8"));
      }
      const unsafe = findUnsafeCharacter(stated);
      if (unsafe) return endResponse(createErrorResponse("BAD_REQUEST", `X-Purpose ${unsafe}`));
      // One line as the audit shows it: no line breaks or zero-width characters to hide text behind.
      // A purpose says something: at least one letter or digit (combining marks alone are not one).
      const line = normaliseLine(stated);
      const purpose = /[\p{L}\p{N}]/u.test(line) ? line : undefined;
      if (purpose && [...purpose].length > maxPurposeLength) {
        return endResponse(createErrorResponse("BAD_REQUEST", `X-Purpose must be at most ${maxPurposeLength} characters`));
      }
      const service = await options.verifyService?.(request);
      if (service) {
        if (service.ok) return void callers.set(request, { ...service.caller, purpose: service.caller.purpose ?? purpose });
        await options.onRefused?.(request, service.reason).catch(() => undefined);
        return endResponse(createErrorResponse("UNAUTHENTICATED", `Authentication failed: ${service.reason}`));
      }
      const authorization = request.headers.get("authorization");
      if (!authorization) return;
      const match = /^Bearer\s+([A-Za-z0-9_\-.]+)$/.exec(authorization.trim());
      const verdict =
        authorization.length > (options.maxAuthorizationLength ?? 8192)
          ? ({ ok: false, reason: "token too long" } as const)
          : match
            ? await options.verify(match[1])
            : ({ ok: false, reason: "Authorization must be 'Bearer <token>'" } as const);
      if (!verdict.ok) {
        await options.onRefused?.(request, verdict.reason).catch(() => undefined);
        return endResponse(
          createErrorResponse("UNAUTHENTICATED", `Authentication failed: ${verdict.reason}`, {
            // A header is printable ASCII: anything else in the reason (a subject's letters) is not echoed there.
            "www-authenticate": `Bearer error="invalid_token", error_description="${verdict.reason.replace(/[^\x20-\x7e]|["\\]/g, "?")}"`,
          }),
        );
      }
      callers.set(request, { ...verdict.caller, purpose });
    },
  };
}
