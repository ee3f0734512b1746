/**
 * The gateway's coded errors, one table (fastify `lib/errors.js` style): code, the HTTP status of
 * a refusal before execution (200 for errors inside a GraphQL response), and what it means.
 * Codes are never reused. The kernel's codes (shared/errors.ts) reach clients through it too.
 */
import { GraphQLError } from "graphql";

export const GatewayErrors = {
  BAD_REQUEST: { status: 400, meaning: "The HTTP request is malformed: body, parameters or headers." },
  NOT_FOUND: { status: 404, meaning: "No such route; GraphQL is at /graphql." },
  METHOD_NOT_ALLOWED: { status: 405, meaning: "The route does not take this HTTP method." },
  REQUEST_TIMEOUT: { status: 408, meaning: "An upload paused over 10 s or took over 2 minutes: it was cut off." },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: "The body exceeds the body limit." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: "GraphQL over HTTP is JSON." },
  REQUEST_HEADER_FIELDS_TOO_LARGE: { status: 431, meaning: "Headers over 16 KiB (a bearer token is far shorter)." },
  UNAUTHENTICATED: { status: 401, meaning: "The bearer token failed verification (never treated as anonymous)." },
  RATE_LIMITED: { status: 429, meaning: "Too many operations, too much cost, or too many lookups finding nobody: retry later." },
  UNAUTHORIZED: { status: 200, meaning: "A guarded field asked for without a token: null, the rest is served." },
  FORBIDDEN: { status: 200, meaning: "A guarded field the token's scopes do not open: null, the rest is served." },
  PURPOSE_REQUIRED: { status: 200, meaning: "Reading subject profiles with profile:read needs an X-Purpose header." },
  RESERVED_NAME: { status: 200, meaning: "A name starting with xinyi belongs to the gateway." },
  OPERATION_TOO_COMPLEX: { status: 200, meaning: "Depth, aliases or fields over the limits." },
  OPERATION_TOO_COSTLY: { status: 200, meaning: "The estimated cost is over XINYI_MAX_OPERATION_COST." },
  OPERATION_NOT_SUPPORTED: { status: 200, meaning: "Subscriptions are not served." },
  TRUSTED_DOCUMENT_REQUIRED: {
    status: 403,
    meaning: "With XINYI_TRUSTED_DOCUMENTS=required, a browser client may send only the web app's trusted documents, by documentId.",
  },
  UNKNOWN_DOCUMENT: { status: 400, meaning: "No trusted document has this documentId (the web app's build writes them)." },
  AUDIT_UNAVAILABLE: { status: 200, meaning: "The audit entry could not be written, so no data is returned." },
  BAD_USER_INPUT: { status: 200, meaning: "The request's variables or arguments are wrong." },
  INTERNAL_SERVER_ERROR: { status: 500, meaning: "Our fault; nothing about it is shown." },
  SERVICE_UNAVAILABLE: { status: 503, meaning: "A part of the gateway is not ready (e.g. the web app is not built)." },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type GatewayErrorCode = keyof typeof GatewayErrors;

/** A GraphQL error with a code of the table and optionally one data key. */
export function createGatewayError(code: GatewayErrorCode, message: string, data?: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...data } });
}

/** A JSON GraphQL error response for a refusal before execution, with the code's status. */
export function createErrorResponse(code: GatewayErrorCode, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status: GatewayErrors[code].status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** The body of that response, for Fastify's own refusals. */
export const errorBody = (code: GatewayErrorCode, message: string) => ({ errors: [{ message, extensions: { code } }] });
