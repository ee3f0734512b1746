/**
 * `Subject` references: the tax bureau answers for every subject (an object with empty lists when
 * it holds no records), so a null `tax` downstream always means "unavailable", never "clean".
 */
export function resolveSubjectReference(reference: { id: string }) {
  return { id: reference.id };
}
