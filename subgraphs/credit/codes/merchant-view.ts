/**
 * What a merchant's public page shows, read through the gateway as the credit office's service
 * identity (`service:credit`, `profile:read`; audited as acting for the page's anonymous caller):
 * the name, the live evaluation's level band and the red/black lists in force today. Kept for
 * MERCHANT_CACHE_SECONDS per organisation (a page scanned by a queue of customers asks the
 * departments once a minute), concurrent readers sharing one read; a change of the organisation's
 * choice forgets it at once. Only complete answers are kept.
 */
import { createError, ErrorCodes } from "../../../shared/errors.js";
import type { GatewayQuery } from "../../../shared/gateway-client.js";
import { todayInChina } from "../../../shared/scalars.js";
import type { MerchantCode, MerchantListStatus } from "./merchant.type.js";

/** How long a page's content is reused (also the public page's Cache-Control max-age). */
export const MERCHANT_CACHE_SECONDS = 60;
/** At most this many organisations' pages are kept (only organisations that show their page get here). */
const MAX_KEPT = 10_000;

const QUERY = `query MerchantView($id: ID!) { subject(id: $id) {
  name
  listEntries { list color status expiresOn }
  evaluation { level evaluatedAt }
} }`;

interface Answer {
  subject: {
    name: string;
    listEntries: { list: MerchantListStatus["list"]; color: MerchantListStatus["color"]; status: string; expiresOn: string | null }[] | null;
    evaluation: { level: string | null; evaluatedAt: string } | null;
  } | null;
}

const kept = new Map<string, { view: Promise<MerchantCode>; until: number }>();

/** Forgets an organisation's page (its choice changed). */
export function forgetMerchantView(subjectId: string): void {
  for (const key of kept.keys()) if (key.endsWith(` ${subjectId}`)) kept.delete(key);
}

async function readView(gateway: GatewayQuery, subjectId: string, actingFor: string): Promise<{ view: MerchantCode; complete: boolean }> {
  const answer = await gateway<Answer>(QUERY, { id: subjectId }, { actingFor, purpose: "商户亮信页 public merchant code page" });
  const s = answer.data?.subject;
  if (!s?.listEntries) throw createError(ErrorCodes.DOWNSTREAM_SERVICE_ERROR, "The merchant's page could not be read now", { department: "credit" });
  const today = todayInChina();
  const inForce = s.listEntries.filter((e) => e.status === "ACTIVE" && (e.expiresOn === null || e.expiresOn >= today));
  const lists = [...new Map(inForce.map((e) => [e.list, { list: e.list, color: e.color }])).values()];
  return {
    view: { name: s.name, level: s.evaluation?.level ?? null, lists, asOf: s.evaluation?.evaluatedAt ?? new Date().toISOString() },
    complete: !answer.errors?.length && s.evaluation?.level != null,
  };
}

/** The page's content for an organisation that shows its page: kept briefly, read when not kept. */
export function merchantView(gateway: GatewayQuery, key: string, subjectId: string, actingFor: string, now = Date.now()): Promise<MerchantCode> {
  const id = `${key} ${subjectId}`;
  const hit = kept.get(id);
  if (hit && hit.until > now) return hit.view;
  const read = readView(gateway, subjectId, actingFor);
  const view = read.then((r) => r.view);
  kept.delete(id);
  kept.set(id, { view, until: now + MERCHANT_CACHE_SECONDS * 1000 });
  if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
  // A failed or incomplete read is not kept: the next reader asks again.
  read.then(
    (r) => !r.complete && kept.get(id)?.view === view && kept.delete(id),
    () => kept.get(id)?.view === view && kept.delete(id),
  );
  return view;
}
