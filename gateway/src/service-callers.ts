/**
 * The platform's own services calling the gateway (the incentives subgraph answering a partner):
 * signed with the gateway secret exactly as the gateway signs subgraph requests (audience
 * `gateway`), caller `service:<name>`. The gateway grants such a caller only the scopes listed for
 * its service in `SERVICE_SCOPES`, whatever it claims; a bearer token can never name a service
 * (`service:` subjects are reserved in jwt.ts).
 */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { GATEWAY_AUDIENCE, NONCE_HEADER, pathOf, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyCallerHeaders, type Caller } from "../../shared/caller.js";
import { SERVICE_SCOPES } from "../../shared/scopes.js";
import { findUnsafeCharacter } from "../../shared/text.js";
import { createErrorResponse } from "./errors.js";
import type { GatewayState } from "./shared-state.js";

/** A refusal with `code`: not the signature's fault (the replay guard could not be asked), answered by {@link useReplayGuardRefusal}. */
export type ServiceVerdict = { ok: true; caller: Caller } | { ok: false; reason: string; code?: "REPLAY_GUARD_UNAVAILABLE" } | undefined;

/**
 * Checks a request's service signature once (memoised per request); undefined when it carries
 * none. A correctly signed request's nonce is then offered to `state` (shared by the workers, or
 * by every gateway through Redis), so a replay is refused whichever process it reaches; when the
 * state cannot answer (Redis unreachable) the call is refused: the replay guard fails closed.
 */
export function createServiceVerifier(
  secret: string,
  state: Pick<GatewayState, "acceptNonce">,
  rawBodyOf: (request: Request) => string | undefined,
): (request: Request) => Promise<ServiceVerdict> {
  const verdicts = new WeakMap<Request, Promise<ServiceVerdict>>();
  const verify = async (request: Request): Promise<ServiceVerdict> => {
    const headers = Object.fromEntries(request.headers);
    const body = rawBodyOf(request) ?? "";
    const now = Date.now();
    const verdict = verifyCallerHeaders(headers, { audience: GATEWAY_AUDIENCE, method: request.method, path: pathOf(request.url), body }, secret, { now });
    if (!verdict.ok) return verdict;
    const fresh = await Promise.resolve(state.acceptNonce(String(headers[NONCE_HEADER]), now, Number(headers[TIMESTAMP_HEADER]))).catch(
      (error: Error) => error,
    );
    if (fresh instanceof Error) return { ok: false, reason: `replay guard unavailable (${fresh.message})`, code: "REPLAY_GUARD_UNAVAILABLE" };
    if (!fresh) return { ok: false, reason: "replayed gateway signature" };
    const service = /^service:([a-z-]+)$/.exec(verdict.caller.sub)?.[1];
    const allowed = service && Object.hasOwn(SERVICE_SCOPES, service) ? SERVICE_SCOPES[service] : undefined;
    if (!allowed) return { ok: false, reason: `"${verdict.caller.sub}" is not a platform service` };
    // What a service says it acts for and why is text in the audit log: checked like an X-Purpose header.
    for (const text of [verdict.caller.purpose, verdict.caller.actingFor]) {
      if (text !== undefined && (text.length > 400 || findUnsafeCharacter(text)))
        return { ok: false, reason: "service purpose or actingFor is too long or unsafe" };
    }
    return { ok: true, caller: { ...verdict.caller, scopes: verdict.caller.scopes.filter((s) => allowed.includes(s)) } };
  };
  return (request) => {
    if (!request.headers.has(SIGNATURE_HEADER)) return Promise.resolve(undefined);
    let verdict = verdicts.get(request);
    if (!verdict) {
      verdict = verify(request);
      verdicts.set(request, verdict);
    }
    return verdict;
  };
}

/**
 * A platform service's call that the replay guard could not check is answered 503
 * REPLAY_GUARD_UNAVAILABLE (with Retry-After) before anything else runs: refused, and not as a bad
 * signature (UNAUTHENTICATED would tell the service its secret is wrong). Goes before the rate
 * limiter, after the plugin that remembers each request's server context (the signed body).
 */
export function useReplayGuardRefusal(verifyService: (request: Request) => Promise<ServiceVerdict>): GatewayPlugin {
  return {
    async onRequest({ request, endResponse }) {
      const verdict = await verifyService(request);
      if (verdict && !verdict.ok && verdict.code)
        endResponse(createErrorResponse(verdict.code, `Platform service call refused: ${verdict.reason}`, { "retry-after": "1" }));
    },
  };
}
