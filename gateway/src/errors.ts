/**
 * The gateway's coded errors: the kernel's table (shared/errors.ts) extended by the codes only the
 * gateway answers — code, the HTTP status of a refusal (before execution, or of a route), and what
 * it means. An error inside a GraphQL result travels with the result (HTTP 200). No code is
 * defined in both tables, and codes are never reused.
 */
import { GraphQLError } from "graphql";
import { type ErrorBody, errorBody as kernelErrorBody, extendErrors, KERNEL_ERRORS } from "../../shared/errors.js";

export const GatewayErrors = extendErrors(KERNEL_ERRORS, {
  BAD_REQUEST: { status: 400, meaning: "The HTTP request is malformed: body, parameters or headers." },
  METHOD_NOT_ALLOWED: { status: 405, meaning: "The route does not take this HTTP method." },
  REQUEST_TIMEOUT: { status: 408, meaning: "An upload paused over 10 s or took over 2 minutes: it was cut off." },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: "The body exceeds the body limit." },
  REQUEST_HEADER_FIELDS_TOO_LARGE: { status: 431, meaning: "Headers over 16 KiB (a bearer token is far shorter)." },
  UNAUTHENTICATED: { status: 401, meaning: "The bearer token failed verification (never treated as anonymous)." },
  UNAUTHORIZED: { status: 401, meaning: "A guarded field asked for without a token (in a GraphQL result: null, the rest is served)." },
  PURPOSE_REQUIRED: { status: 400, meaning: "Reading subject profiles with profile:read needs an X-Purpose header." },
  RESERVED_NAME: { status: 400, meaning: "A name starting with xinyi belongs to the gateway." },
  OPERATION_TOO_COMPLEX: { status: 400, meaning: "Depth, aliases or fields over the limits." },
  OPERATION_TOO_COSTLY: { status: 400, meaning: "The estimated cost is over XINYI_MAX_OPERATION_COST." },
  OPERATION_NOT_SUPPORTED: { status: 400, meaning: "Subscriptions are not served." },
  TRUSTED_DOCUMENT_REQUIRED: {
    status: 403,
    meaning: "With XINYI_TRUSTED_DOCUMENTS=required, a browser client may send only the web app's trusted documents, by documentId.",
  },
  UNKNOWN_DOCUMENT: { status: 400, meaning: "No trusted document has this documentId (the web app's build writes them)." },
  AUDIT_UNAVAILABLE: { status: 503, meaning: "The audit entry could not be written, so no data is returned." },
  SERVICE_UNAVAILABLE: { status: 503, meaning: "A part of the gateway is not ready (e.g. the web app is not built)." },
  REPLAY_GUARD_UNAVAILABLE: {
    status: 503,
    meaning:
      "A platform service's signed call is refused while the shared store (Redis, XINYI_REDIS_URL) that remembers signatures is unreachable: retry shortly.",
  },
});

export type GatewayErrorCode = keyof typeof GatewayErrors;

/** Whether a code (from an answer's JSON) is one of the gateway's table. */
export const isGatewayErrorCode = (code: unknown): code is GatewayErrorCode => typeof code === "string" && Object.hasOwn(GatewayErrors, code);

/** A GraphQL error with a code of the table and optionally one data key. */
export function createGatewayError(code: GatewayErrorCode, message: string, data?: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...data } });
}

/** A JSON GraphQL error response for a refusal before execution, with the code's status. */
export function createErrorResponse(code: GatewayErrorCode, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(errorBody(code, message)), {
    status: GatewayErrors[code].status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** The body of that response, for Fastify's own refusals. */
export const errorBody = (code: GatewayErrorCode, message: string): ErrorBody => kernelErrorBody(code, message);
