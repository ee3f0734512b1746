/**
 * The project's coded errors, one table (fastify `lib/errors.js` style). Codes are never reused.
 * A request error is a `GraphQLError` with `extensions.code` and at most one extra data key.
 */
import { GraphQLError } from "graphql";

export const ErrorCodes = {
  /** An argument is malformed: an identifier, a date, an amount, a page size, a cursor. */
  BAD_USER_INPUT: "BAD_USER_INPUT",
  /** The thing named by an argument does not exist. */
  NOT_FOUND: "NOT_FOUND",
  /** A write would contradict stored state (a duplicate, a closed record). */
  CONFLICT: "CONFLICT",
  /** A subgraph request without a valid gateway signature (HTTP 401): call the gateway instead. */
  UNSIGNED_REQUEST: "UNSIGNED_REQUEST",
  /** A subgraph request body not sent as JSON (HTTP 415), so not covered by the signature. */
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  /** A verified caller without the scope a field requires (checked again in the subgraph). */
  FORBIDDEN: "FORBIDDEN",
  /** A subject may not use the offer now (redemption re-checks eligibility). */
  NOT_ELIGIBLE: "NOT_ELIGIBLE",
  /** An offer's quota (count or budget) for the period is used up. */
  QUOTA_EXHAUSTED: "QUOTA_EXHAUSTED",
  /** One subject has had an offer as often as the offer allows one subject per period (its perSubject cap; extensions: subjectLimit). */
  SUBJECT_LIMIT_REACHED: "SUBJECT_LIMIT_REACHED",
  /** A credit repair application filed before the record's minimum period (extensions: earliestDate, rule). */
  REPAIR_TOO_EARLY: "REPAIR_TOO_EARLY",
  /** A record that cannot be repaired early at all (extensions: rule). */
  REPAIR_NOT_ALLOWED: "REPAIR_NOT_ALLOWED",
  /** Too many of something for now (e.g. reports per issuer per hour): retry later (extensions: retryAfter). Same meaning as the gateway's. */
  RATE_LIMITED: "RATE_LIMITED",
  /** A presented 个人诚信码 that is expired, altered, not the platform's, used up, or bound to another offer or partner. */
  PRESENTATION_REFUSED: "PRESENTATION_REFUSED",
  /** A department subgraph did not answer or answered with an error. */
  DOWNSTREAM_SERVICE_ERROR: "DOWNSTREAM_SERVICE_ERROR",
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** A GraphQL error with a code and optionally one data key, e.g. `{ invalidId: {...} }`. */
export function createError(code: ErrorCode, message: string, data?: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...data } });
}

/** An error raised by a mutation whose input fails validation; every field problem is listed. */
export function createValidationError(problems: { field: string; message: string }[]): GraphQLError {
  const text = problems.map((p) => `${p.field}: ${p.message}`).join("; ");
  return createError(ErrorCodes.BAD_USER_INPUT, `Invalid input: ${text}`, { problems });
}
