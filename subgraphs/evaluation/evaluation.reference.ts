/**
 * `Subject` references: the representation the gateway sends already carries the department
 * fields the evaluation `@requires`; it is the evaluation's input as it is.
 */
export function resolveSubjectReference(reference: { id: string }) {
  return reference;
}
