/**
 * Persons' ID numbers stay masked in every part of a response — data, errors, extensions — for
 * callers without `pii:read`. `Subject.id` is the federation key every department joins on, so it
 * cannot be masked in a subgraph; and an ID can surface anywhere else too (an error echoing an
 * argument, a record's text, an audit entry's subjects). This is the one place that catches the
 * class: every string of the result, after the audit has read the real ids.
 */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { GraphQLError, type ExecutionResult } from "graphql";
import { parsePersonId, parseUscc } from "../../../shared/ids.js";
import { maskPersonIdsInText } from "../../../shared/masking.js";
import { canReadPii } from "../../../shared/scopes.js";
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

/** A copy of a JSON-like value with every string masked (object keys included). */
function maskDeep(value: unknown): unknown {
  if (typeof value === "string") return maskText(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof GraphQLError) {
    return new GraphQLError(maskText(value.message), {
      nodes: value.nodes,
      path: value.path,
      originalError: value.originalError,
      extensions: maskDeep(value.extensions) as Record<string, unknown>,
    });
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[maskText(key)] = maskDeep(child);
  return out;
}

const maskResult = (result: ExecutionResult): ExecutionResult => maskDeep(result) as ExecutionResult;

export function usePersonIdMasking(): GatewayPlugin {
  return {
    onResultProcess({ request, result, setResult }) {
      const caller = callerOf(request);
      if (caller && canReadPii(caller)) return;
      setResult(mapExecutionResults(result, maskResult));
    },
  };
}
