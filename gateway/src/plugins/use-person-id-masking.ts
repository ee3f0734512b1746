/**
 * Persons' ID numbers stay masked in every part of a response — data, errors, extensions — for
 * callers without `pii:read` or `ids:read` (shared/scopes.ts: the ID numbers alone). `Subject.id` is the federation key every department joins on, so it
 * cannot be masked in a subgraph; and an ID can surface anywhere else too (an error echoing an
 * argument, a record's text, an audit entry's subjects). This is the one place that catches the
 * class: every string of the result, after the audit has read the real ids. A subject's own
 * token (`self:read`) sees its own ID number, and only its own (`mayReadUnmasked`, shared/scopes.ts).
 */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { GraphQLError, type ExecutionResult } from "graphql";
import { parsePersonId, parseUscc } from "../../../shared/ids.js";
import { maskPersonIdsInText } from "../../../shared/masking.js";
import type { Caller } from "../../../shared/caller.js";
import { canReadIds, mayReadUnmasked } from "../../../shared/scopes.js";
import { mapExecutionResults } from "../results.js";
import { callerOf } from "./use-auth.js";

/**
 * Keeps valid all-digit USCCs (public registration codes) that do not also read as a person's ID.
 * (A mistyped person ID that happens to be a valid USCC stays visible: about 1 in 31 by the USCC
 * check character, and only for text the client sent itself.)
 */
const isPublicCode = (candidate: string) => parseUscc(candidate).ok && !parsePersonId(candidate.toUpperCase()).ok;

/** `text` with every person ID number masked. */
export const maskText = (text: string): string => maskPersonIdsInText(text, isPublicCode);

/** A copy of a JSON-like value with every string masked by `mask` (object keys included). */
function maskDeep(value: unknown, mask: (text: string) => string): unknown {
  if (typeof value === "string") return mask(value);
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, mask));
  if (value === null || typeof value !== "object") return value;
  if (value instanceof GraphQLError) {
    return new GraphQLError(mask(value.message), {
      nodes: value.nodes,
      path: value.path,
      originalError: value.originalError,
      extensions: maskDeep(value.extensions, mask) as Record<string, unknown>,
    });
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[mask(key)] = maskDeep(child, mask);
  return out;
}

/** The masking of a caller's responses: every person ID but those it may read unmasked (its own, for a self:read token). */
const maskerOf = (caller: Caller | undefined): ((text: string) => string) =>
  caller?.self && mayReadUnmasked(caller, caller.self)
    ? (text) => maskPersonIdsInText(text, (candidate) => isPublicCode(candidate) || mayReadUnmasked(caller, candidate))
    : maskText;

export function usePersonIdMasking(): GatewayPlugin {
  return {
    onResultProcess({ request, result, setResult }) {
      const caller = callerOf(request);
      if (caller && canReadIds(caller)) return;
      const mask = maskerOf(caller);
      setResult(mapExecutionResults(result, (one) => maskDeep(one, mask) as ExecutionResult));
    },
  };
}
