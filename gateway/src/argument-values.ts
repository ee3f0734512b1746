/**
 * Argument values as execution will read them, for the checks that run before it (the person-ID
 * budget, the audit's subjects, the cost): variables with their declared defaults, Int and Float
 * literals as their digits (the `ID` type coerces `subject(id: 330502…)` to that text), and every
 * string a value holds.
 */
import { Kind, type OperationDefinitionNode, type ValueNode, valueFromASTUntyped } from "graphql";

/**
 * The variables as the operation will see them: given values, else the declared defaults, read by
 * `literal` (numbers as numbers for the cost; as their digits, `argumentValue`, where an ID may hide).
 */
export function withDefaults(
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  literal: (node: ValueNode) => unknown = (node) => valueFromASTUntyped(node),
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    values[name] = name in variables ? variables[name] : definition.defaultValue ? literal(definition.defaultValue) : undefined;
  }
  return values;
}

/** The variables with their defaults, every number literal as its digits (where an ID may hide). */
export const withDefaultsAsText = (operation: OperationDefinitionNode, variables: Record<string, unknown>) =>
  withDefaults(operation, variables, (node) => argumentValue(node, {}));

/**
 * An argument's value as execution will read it: an Int or Float literal as its digits (the `ID`
 * type takes `subject(id: 330502…)` and passes the digits on as a string: valueFromASTUntyped
 * would give a number), a variable as given or by its declared default.
 */
export function argumentValue(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.INT:
    case Kind.FLOAT:
      return node.value;
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.LIST:
      return node.values.map((v) => argumentValue(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, argumentValue(f.value, variables)]));
    default:
      return valueFromASTUntyped(node, variables);
  }
}

/** Every string an argument value holds; an integer in a JSON variable as its digits (ID coerces it so). */
export function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (typeof value === "number" && Number.isInteger(value)) out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value !== null && typeof value === "object") for (const v of Object.values(value)) stringsOf(v, out);
  return out;
}
