/** `Subject` entity references from the gateway, batched through the request's loader. */
import type { CreditContext } from "../context.js";
import { toSubject } from "./subject.resolver.js";

export async function resolveSubjectReference(reference: { id: string }, ctx: CreditContext) {
  const row = await ctx.loaders.subject.load(reference.id);
  return row && toSubject(row, ctx.caller);
}
