/**
 * `Subject` references: the trading office answers for every subject (an object with zeros and
 * empty lists when it holds no bids or records), so a null `publicResources` downstream always
 * means "unavailable", never "clean".
 */
export function resolveSubjectReference(reference: { id: string }) {
  return { id: reference.id };
}
