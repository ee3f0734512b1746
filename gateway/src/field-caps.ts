/**
 * Root fields that may appear at most a few times in one operation, whatever their aliases:
 * those that store a permanent artefact (a special credit report cannot be deleted) and those
 * that make a platform service read a whole federated profile on the caller's behalf (a
 * partner's check or redemption re-reads the live evaluation through the gateway). Found in
 * review: 30 `issueCreditReport` aliases stored 30 reports in 2.9–4.5 CPU-s, and a batch of
 * 5 × 30 `checkEligibility` took 1.8–2.3 CPU-s across the stack, and one anonymous operation of
 * 30 `merchantCode` aliases made the credit office read 30 whole profiles through the gateway
 * (211 department requests). One a person is what a counter or a tender desk does; a batch of
 * five operations still serves five.
 */
import { GraphQLError, type FragmentDefinitionNode, type OperationDefinitionNode, type ValidationRule } from "graphql";
import type { GatewayErrorCode } from "./errors.js";
import { fragmentsOf } from "./limits.js";
import { forEachField } from "./selections.js";

/** Largest number of each capped root field in one operation. */
export const FIELD_CAPS: Readonly<Record<string, number>> = { issueCreditReport: 1, checkEligibility: 1, redeemIncentive: 1, merchantCode: 1 };

/** The response keys of each root field, fragments expanded (one key is one execution, however often it is spread). */
function rootResponseKeys(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  forEachField(operation.selectionSet, fragments, (field) => {
    keys.set(field.name.value, (keys.get(field.name.value) ?? new Set()).add(field.alias?.value ?? field.name.value));
    return false;
  });
  return keys;
}

/** A validation rule refusing an operation that asks for a capped root field more often than its cap (OPERATION_TOO_COMPLEX). */
export function createFieldCapsRule(caps: Readonly<Record<string, number>> = FIELD_CAPS): ValidationRule {
  return (context) => {
    const fragments = fragmentsOf(context.getDocument().definitions);
    return {
      OperationDefinition(node) {
        const keys = rootResponseKeys(node, fragments);
        for (const [field, cap] of Object.entries(caps)) {
          const count = keys.get(field)?.size ?? 0;
          if (count <= cap) continue;
          context.reportError(
            new GraphQLError(`Operation too complex: ${field} at most ${cap} per operation, asked ${count} times (send one operation each)`, {
              nodes: [node],
              extensions: { code: "OPERATION_TOO_COMPLEX" satisfies GatewayErrorCode, limits: { [field]: cap } },
            }),
          );
        }
      },
    };
  };
}
