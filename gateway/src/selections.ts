/** Walking an operation's selections as execution will see them: fragments expanded. */
import { type FieldNode, type FragmentDefinitionNode, Kind, type SelectionSetNode } from "graphql";

/**
 * Calls `visit` for every field of `set`, with inline and named fragments expanded (each named
 * one once: its fields are the same wherever it is spread); descends into a field's own
 * selection when `visit` returns true.
 */
export function forEachField(
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  visit: (field: FieldNode) => boolean | undefined,
): void {
  const seen = new Set<string>();
  const walk = (selections: SelectionSetNode) => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        if (visit(selection) === true && selection.selectionSet) walk(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(set);
}
