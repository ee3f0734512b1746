/**
 * The project's coded errors, one table (fastify `lib/errors.js` style): each code, the HTTP status
 * an answer refused with it carries, and what it means. The gateway's table (gateway/src/errors.ts)
 * extends this one with codes only the gateway answers; no code is in both, and codes are never
 * reused.
 *
 * The status is what a route answers (a department's repair route, a subgraph's refusal, the
 * gateway's refusals before execution). An error inside a GraphQL result travels with the result,
 * which GraphQL over HTTP (application/json) serves with 200.
 *
 * A request error is a `GraphQLError` with `extensions.code` and at most one extra data key; a route
 * answers the same shape: `{ errors: [{ message, extensions: { code, ... } }] }` ({@link errorBody}).
 */
import { GraphQLError } from "graphql";

/** One code of a table: its HTTP status and what it means. */
export interface ErrorDefinition {
  status: number;
  meaning: string;
}

export const KERNEL_ERRORS = {
  BAD_USER_INPUT: { status: 400, meaning: "An argument is malformed: an identifier, a date, an amount, a page size, a cursor, a variable." },
  NOT_FOUND: { status: 404, meaning: "The thing named by an argument (a subject, a record, an application, an offer) does not exist." },
  ROUTE_NOT_FOUND: { status: 404, meaning: "No such route (or file) at this address; GraphQL is at /graphql." },
  CONFLICT: { status: 409, meaning: "A write would contradict stored state (a duplicate, a closed record)." },
  UNSIGNED_REQUEST: { status: 401, meaning: "A subgraph request without a valid gateway signature: call the gateway instead." },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    meaning: "A body not of a type the route takes (GraphQL over HTTP is JSON; a subgraph's body must be covered by the signature).",
  },
  FORBIDDEN: {
    status: 403,
    meaning: "A verified caller without the scope or identity the field or route requires (in a GraphQL result: null, the rest is served).",
  },
  NOT_ELIGIBLE: { status: 403, meaning: "A subject may not use the offer now (redemption re-checks eligibility)." },
  QUOTA_EXHAUSTED: { status: 409, meaning: "An offer's quota (count or budget) for the period is used up." },
  SUBJECT_LIMIT_REACHED: {
    status: 409,
    meaning: "One subject has had an offer as often as the offer allows one subject per period (its perSubject cap; extensions: subjectLimit).",
  },
  REPAIR_TOO_EARLY: { status: 409, meaning: "A credit repair application filed before the record's minimum period (extensions: earliestDate, rule)." },
  REPAIR_NOT_ALLOWED: { status: 409, meaning: "A record that cannot be repaired early at all (extensions: rule)." },
  REPAIR_CONDITION_UNMET: {
    status: 409,
    meaning:
      "A market penalty's early stop refused: a condition of SAMR Order No. 45 Art. 14 is not met (extensions: condition — PENALTY_FULFILLED, HARM_REMOVED, NO_REPEAT_OFFENCE or NOT_ON_LISTS).",
  },
  LISTING_NOT_REPAIRABLE: {
    status: 409,
    meaning:
      "A listing on the 经营异常名录 is not repaired: the market department removes it once its cause is fixed (extensions: removal, the mutation that does).",
  },
  RATE_LIMITED: {
    status: 429,
    meaning: "Too many of something for now (operations, cost, lookups finding nobody, reports per issuer per hour): retry later (extensions: retryAfter).",
  },
  PRESENTATION_REFUSED: {
    status: 403,
    meaning: "A presented 个人诚信码 that is expired, altered, not the platform's, used up, or bound to another offer or partner.",
  },
  PRESENTATION_REQUIRED: {
    status: 403,
    meaning:
      "A partner named a person by ID number: a person is checked and redeemed only by the 个人诚信码 they present (scan it, pass its token as `presentation`). The same answer for every ID, known or not.",
  },
  DOWNSTREAM_SERVICE_ERROR: { status: 502, meaning: "A department subgraph (or the gateway, for a service) did not answer or answered with an error." },
  INTERNAL_SERVER_ERROR: { status: 500, meaning: "Our fault; nothing about it is shown." },
  SHUTTING_DOWN: { status: 503, meaning: "The service is closing (a restart, a deploy): retry shortly, another instance answers." },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof KERNEL_ERRORS;

/** Each code of a table by its name, for `ErrorCodes.CONFLICT`-style use. */
export function codesOf<T extends Record<string, ErrorDefinition>>(table: T): { readonly [K in keyof T]: K } {
  return Object.freeze(Object.fromEntries(Object.keys(table).map((code) => [code, code]))) as { readonly [K in keyof T]: K };
}

/** A table extended by codes of its own: a code of the base cannot be defined again. */
export function extendErrors<B extends Record<string, ErrorDefinition>, E extends Record<string, ErrorDefinition>>(
  base: B,
  own: E & { [K in keyof B]?: never },
): B & E {
  for (const code of Object.keys(own)) if (Object.hasOwn(base, code)) throw new Error(`Error code ${code} is defined twice`);
  return Object.freeze({ ...base, ...own });
}

export const ErrorCodes = codesOf(KERNEL_ERRORS);

/** Whether a string is a kernel code. */
export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(KERNEL_ERRORS, code);

/** The HTTP status of a kernel code; a code of no table (a department's answer passed on) is a 500. */
export const statusOf = (code: string): number => (isErrorCode(code) ? KERNEL_ERRORS[code].status : 500);

/** A GraphQL error with a code and optionally one data key, e.g. `{ invalidId: {...} }`. */
export function createError(code: ErrorCode, message: string, data?: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...data } });
}

/** An error raised by a mutation whose input fails validation; every field problem is listed. */
export function createValidationError(problems: { field: string; message: string }[]): GraphQLError {
  const text = problems.map((p) => `${p.field}: ${p.message}`).join("; ");
  return createError(ErrorCodes.BAD_USER_INPUT, `Invalid input: ${text}`, { problems });
}

/** A coded error as an HTTP body: the shape of a GraphQL error response, without data. */
export interface ErrorBody {
  errors: { message: string; extensions: { code: string } & Record<string, unknown> }[];
}

/** The body of a route's refusal, shaped as GraphQL errors are. */
export const errorBody = (code: string, message: string, data?: Record<string, unknown>): ErrorBody => ({
  errors: [{ message, extensions: { code, ...data } }],
});
