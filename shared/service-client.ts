/**
 * The one signed client for calls between the platform's own services: a department asking the
 * credit office's directory (directory.ts), the credit office carrying out a repair in a department
 * (record-repair.ts), a platform service calling the gateway (gateway-client.ts), the gateway's
 * drainer reading a department's changes (gateway/src/audit/change-drainer.ts). Every call is signed
 * with the gateway secret for one receiver (its audience), method, path and body, as the caller it
 * names (caller.ts); the receiver checks it like any gateway request.
 *
 * A call that gets no answer — refused connection, timeout, a body that is not JSON — throws
 * DOWNSTREAM_SERVICE_ERROR naming the receiver; any answer, whatever its status, is returned.
 */
import { type Caller, pathOf, signCallerHeaders } from "./caller.js";
import { createError, ErrorCodes } from "./errors.js";

export interface ServiceRequest {
  /** Who calls: `service:<name>`, with whom it acts for (`actingFor`) and why (`purpose`). */
  caller: Caller;
  /** The receiver: a department's name, or the gateway's audience (caller.ts GATEWAY_AUDIENCE). */
  audience: string;
  /** A JSON body, sent with POST; without one the call is a GET. */
  body?: unknown;
  /** Longest wait for the whole answer. @default 10000 */
  timeoutMs?: number;
  /** The receiver as an error message names it. @default `the <audience> service` */
  receiver?: string;
}

export interface ServiceAnswer<T> {
  status: number;
  body: T;
}

/** Why a call got no answer: the system error's code (ECONNREFUSED), else the error's name (TimeoutError). */
const reasonOf = (error: unknown): string => {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : undefined;
  return code ?? (error instanceof Error ? error.name : "fetch failed");
};

/** One signed call of a platform service at `url`; its JSON answer with the status. */
export async function callService<T>(url: string, secret: string, request: ServiceRequest): Promise<ServiceAnswer<T>> {
  const method = request.body === undefined ? "GET" : "POST";
  const text = request.body === undefined ? "" : JSON.stringify(request.body);
  const signature = signCallerHeaders(request.caller, { audience: request.audience, method, path: pathOf(url), body: text }, secret);
  try {
    const response = await fetch(url, {
      method,
      headers: { accept: "application/json", ...(method === "POST" ? { "content-type": "application/json" } : {}), ...signature },
      body: method === "POST" ? text : undefined,
      signal: AbortSignal.timeout(request.timeoutMs ?? 10_000),
    });
    const body: T = await response.json();
    return { status: response.status, body };
  } catch (error) {
    const receiver = request.receiver ?? `the ${request.audience} service`;
    throw createError(ErrorCodes.DOWNSTREAM_SERVICE_ERROR, `${receiver.charAt(0).toUpperCase()}${receiver.slice(1)} cannot be reached (${reasonOf(error)})`, {
      department: request.audience,
    });
  }
}
