/**
 * A set of string values declared once: a frozen `{ VALUE: "VALUE" }` object that type-graphql
 * registers as a GraphQL enum, whose value type (`ValueOf<typeof X>`) is the union that database
 * row types, validators and resolvers share — so nothing casts between them.
 *
 * @example
 * export const Severity = defineValueSet("Severity", "一般/严重", { GENERAL: "一般", SERIOUS: "严重" });
 * type Severity = ValueOf<typeof Severity>; // "GENERAL" | "SERIOUS"
 */
import { registerEnumType } from "type-graphql";

export type ValueOf<T> = T[keyof T];

export function defineValueSet<const V extends string>(name: string, description: string, values: { readonly [K in V]: string }): { readonly [K in V]: K } {
  const keys = Object.keys(values) as V[]; // Object.keys loses the key type; these are exactly V.
  const set = Object.freeze(Object.fromEntries(keys.map((k) => [k, k]))) as { readonly [K in V]: K }; // built from exactly those keys
  const valuesConfig: Partial<Record<V, { description: string }>> = {};
  for (const k of keys) valuesConfig[k] = { description: values[k] };
  registerEnumType(set, { name, description, valuesConfig });
  return set;
}
