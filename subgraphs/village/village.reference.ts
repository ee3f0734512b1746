/**
 * `Subject` references: the village bureau answers for every subject (an object with zeros and
 * empty lists when it holds no records), so a null `village` downstream always means
 * "unavailable", never "clean".
 */
export function resolveSubjectReference(reference: { id: string }) {
  return { id: reference.id };
}
