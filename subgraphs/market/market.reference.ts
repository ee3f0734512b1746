/**
 * `Subject` references: market supervision answers for every subject (an object with zeros and
 * empty lists when it holds no records), so a null `market` downstream always means
 * "unavailable", never "clean".
 */
export function resolveSubjectReference(reference: { id: string }) {
  return { id: reference.id };
}
