/**
 * Every full person ID number an operation names, wherever it names it: arguments and nested
 * input fields, inline or through variables, lists, and text around it. The one mechanism
 * behind "no existence oracle" (use-lookup-budget.ts): it does not know which fields take a
 * subject, so a field added later cannot slip past. IDs are found as the masking finds them
 * (shared/masking.ts: full-width digits, grouped with spaces or dashes, glued to text).
 */
import type { FragmentDefinitionNode, OperationDefinitionNode } from "graphql";
import { argumentValue, stringsOf, withDefaultsAsText } from "./argument-values.js";
import { forEachField } from "./selections.js";
import { parsePersonId } from "../../shared/ids.js";
import { personIdCandidates } from "../../shared/masking.js";

/** The valid person ID numbers in `text` (canonical, upper-case X), written any way the masking reads. */
export function personIdsInText(text: string): string[] {
  return personIdCandidates(text)
    .map((c) => c.candidate)
    .filter((id) => parsePersonId(id).ok);
}

/** The values an operation's arguments take with these variables (defaults applied), fragments expanded once each. */
function argumentValues(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, given: Record<string, unknown>): unknown[] {
  const variables = withDefaultsAsText(operation, given);
  const values: unknown[] = [];
  forEachField(operation.selectionSet, fragments, (field) => {
    for (const argument of field.arguments ?? []) values.push(argumentValue(argument.value, variables));
    return true;
  });
  // Directive arguments (@include(if:)) carry no IDs; variable values not used by any argument are
  // refused by validation (NoUnusedVariables), so the arguments are everything the client sent.
  return values;
}

/** The distinct person ID numbers an operation names, in any argument. */
export function personIdsNamed(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): string[] {
  const ids = new Set<string>();
  for (const text of stringsOf(argumentValues(operation, fragments, variables))) for (const id of personIdsInText(text)) ids.add(id);
  return [...ids];
}
