/**
 * The 信易+ partner calls under load, against our gateway only (no peer has them): a partner's
 * `checkEligibility` and `redeemIncentive` (each re-reads the live evaluation through the gateway
 * as the incentives service), with 16 connections from this process for `seconds`. Redemptions
 * use fresh idempotency keys on offers without a quota, so each one writes a ledger entry. An
 * organisation is named by its USCC; a person only by a code they present, so a person's call is
 * the app asking the 诚信码 channel for a code (`issueCodePresentation`) and the partner's call
 * with it — the flow at a counter, both timed (the rows say how many calls named a person).
 */
import type { Config } from "../shared/config.js";
import { mintToken } from "../gateway/src/jwt.js";
import { parseSubjectId } from "../shared/ids.js";
import { activeCatalogue } from "../subgraphs/incentives/catalogue.js";
import { presentedCode } from "../testing/presentation.js";
import { CONNECTIONS, load, type LoadResult } from "../scripts/bench-kit/load.js";

interface Pair {
  subjectId: string;
  offerId: string;
}

/** A GraphQL answer whose data, when there is any, has the shape `D`. */
interface Answer<D> {
  data?: Partial<D> | null;
  errors?: { extensions?: { code?: string } }[];
}

async function post<D = Record<string, unknown>>(url: string, token: string, query: string, variables: Record<string, unknown>, purpose?: string) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...(purpose ? { "x-purpose": purpose } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const answer: Answer<D> = await response.json();
  return answer;
}

/** Subjects and offers they may use now (no quota), found as an analyst. */
async function eligiblePairs(url: string, analyst: string): Promise<Pair[]> {
  const answer = await post<{ subjects: { nodes: { id: string; eligibleIncentives: { offer: { id: string; quota: unknown } }[] }[] } }>(
    url,
    analyst,
    `{ subjects(first: 100) { nodes { id eligibleIncentives { offer { id quota { period } } } } } }`,
    {},
    "benchmark: pick eligible subjects",
  );
  const subjects = answer.data?.subjects;
  if (!subjects) throw new Error(`bench: cannot list subjects: ${JSON.stringify(answer.errors)}`);
  const nodes = subjects.nodes;
  return nodes.flatMap((n) => n.eligibleIncentives.filter((e) => !e.offer.quota).map((e) => ({ subjectId: n.id, offerId: e.offer.id })));
}

/** The code of an answer's first error (a refusal counted as such: a used-up quota answers fast). */
const codeOf = (answer: { errors?: { extensions?: { code?: unknown } }[] }): string => String(answer.errors?.[0]?.extensions?.code ?? "NO_DATA");

/** Markdown lines: one row per partner call. */
export async function benchIncentives(url: string, config: Config, seconds: number, database: string): Promise<string[]> {
  const analyst = await mintToken(config.auth, { sub: "bench-analyst", scopes: ["profile:read", "pii:read"], ttlSeconds: 3600 });
  const pairs = await eligiblePairs(url, analyst);
  if (pairs.length === 0) return ["### 信易+ partner calls\n", "No eligible subject among the first 100: nothing measured.\n"];
  const offers = [...new Set(pairs.map((p) => p.offerId))];
  const partner = await mintToken(config.auth, { sub: "bench-partner", scopes: ["eligibility:check", "incentive:redeem"], ttlSeconds: 3600, offers });
  const channel = await mintToken(config.auth, { sub: "bench-channel", scopes: ["code:register"], ttlSeconds: 3600 });
  const askChannel = (query: string, variables: Record<string, unknown>) => post(url, channel, query, variables);
  const isPerson = (p: Pair) => {
    const parsed = parseSubjectId(p.subjectId);
    return parsed.ok && parsed.value.kind === "PERSON";
  };
  /** How a partner names the pair's subject: an organisation's USCC, or a fresh code the person presents. */
  const named = async (p: Pair) => (isPerson(p) ? { presentation: await presentedCode(askChannel, p.subjectId) } : { subjectId: p.subjectId });
  const check = await load(seconds, async (i) => {
    const p = pairs[i % pairs.length];
    const a = await post<{ checkEligibility: { eligible: boolean } }>(
      url,
      partner,
      `query($s: ID, $p: String, $o: ID!) { checkEligibility(subjectId: $s, presentation: $p, offerId: $o) { eligible } }`,
      {
        ...(isPerson(p) ? { p: (await named(p)).presentation } : { s: p.subjectId }),
        o: p.offerId,
      },
    );
    const answer = a.data?.checkEligibility;
    return answer ? answer.eligible || "NOT_ELIGIBLE" : codeOf(a);
  });
  const run = Date.now().toString(36);
  const catalogue = activeCatalogue(config.incentiveCatalogueFile);
  const redeem = await load(seconds, async (i) => {
    const p = pairs[i % pairs.length];
    // The offer's smallest valid amount (a service records none), so each call is a real ledger write until the
    // subject reaches the offer's cap per period (then SUBJECT_LIMIT_REACHED, in the refused column).
    const amount = (catalogue.offers.find((o) => o.id === p.offerId)?.amountFen.min ?? 0) / 100;
    const input = { ...(await named(p)), offerId: p.offerId, amount, channel: "bench", idempotencyKey: `bench-${run}-${i}` };
    const a = await post(url, partner, `mutation($input: RedeemIncentiveInput!) { redeemIncentive(input: $input) { id } }`, { input });
    return Boolean(a.data?.redeemIncentive) || codeOf(a);
  });
  const row = (label: string, r: LoadResult) =>
    `| ${label} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${[...r.failures].map(([code, n]) => `${n} ${code}`).join(", ") || 0} |`;
  return [
    `### 信易+ partner calls (ours; ${database}; ${pairs.length} eligible subject–offer pairs, ${pairs.filter(isPerson).length} of them a person's: their calls include the channel issuing the code; ${CONNECTIONS} connections, ${seconds} s each)\n`,
    "| call | req/s | p50 ms | p99 ms | refused (by code) |",
    "|---|---|---|---|---|",
    row("checkEligibility", check),
    row("redeemIncentive (one ledger entry each)", redeem),
    "",
  ];
}
