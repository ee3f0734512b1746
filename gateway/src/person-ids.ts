/**
 * Every full person ID number an operation names, wherever it names it: arguments and nested
 * input fields, inline or through variables, lists, and text around it. The one mechanism
 * behind "no existence oracle" (use-lookup-budget.ts): it does not know which fields take a
 * subject, so a field added later cannot slip past. Text is normalised first (NFKC folds
 * full-width digits and letters; spaces and dashes inside a number are dropped), the way a
 * department would read a sloppy ID before it looked it up.
 */
import { Kind, valueFromASTUntyped, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { parsePersonId } from "../../shared/ids.js";

/** 17 digits and a digit or X, with any spaces, dashes or dots between them, not inside a longer code. */
const ID_SHAPE = /(?<![0-9A-Za-z])[0-9](?:[\s\-.·_]*[0-9]){16}[\s\-.·_]*[0-9Xx](?![0-9A-Za-z])/g;

/** The valid person ID numbers in `text` (canonical, upper-case X). */
export function personIdsInText(text: string): string[] {
  if (text.length < 18) return [];
  const found: string[] = [];
  for (const match of text.normalize("NFKC").matchAll(ID_SHAPE)) {
    const id = match[0].replace(/[^0-9Xx]/g, "").toUpperCase();
    if (parsePersonId(id).ok) found.push(id);
  }
  return found;
}

/** The values an operation's arguments take with these variables, fragments expanded once each. */
function argumentValues(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): unknown[] {
  const values: unknown[] = [];
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        for (const argument of selection.arguments ?? []) values.push(valueFromASTUntyped(argument.value, variables));
        if (selection.selectionSet) visit(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
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
  const walk = (value: unknown): void => {
    if (typeof value === "string") for (const id of personIdsInText(value)) ids.add(id);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(walk);
  };
  argumentValues(operation, fragments, variables).forEach(walk);
  return [...ids];
}
