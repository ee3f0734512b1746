/**
 * Delivery from the durable queue (the `notices` table): a signed webhook POST per notice,
 * at-least-once. A worker claims a row with a guarded UPDATE that sets its lease (owner and expiry)
 * only where no live lease is held, so two workers — or one restarted after a crash mid-send —
 * never send a row at once while its lease runs; a worker that finishes after its lease was taken
 * over changes nothing (its UPDATE is fenced by its own lease). A try that fails waits an
 * exponential backoff; after `maxTries` the notice is DEAD_LETTER. Each channel sends at most
 * `perChannelPerMinute` tries a minute (counted in the table: every worker shares the limit).
 *
 * Every try's outcome is audited: a change row (action NOTIFY, actor `service:notices`) in the
 * credit office's `record_changes`, in the transaction that records the outcome, which the
 * gateway's change drainer carries into the audit log like every department change (masked there
 * like every audit row). It names the notice, its kind, the channel's kind, the try and its outcome
 * — never the text or the webhook address.
 *
 * The webhook contract (README "Notifications"): `POST` the notice's JSON body with headers
 * `x-xinyi-notice-id` (the idempotency id: a receiver keeps each id once), `x-xinyi-notice-timestamp`
 * (unix ms of this try) and `x-xinyi-notice-signature: v1=<hex HMAC-SHA256 of "<timestamp>.<id>.<body>">`
 * with the channel's secret. Any 2xx is delivered; anything else, or no answer, is tried again.
 */
import { createHmac } from "node:crypto";
import type { Kysely } from "kysely";
import { type Dispatcher, request } from "undici";
import { NOTICES_SERVICE } from "../../../shared/record-changes-route.js";
import { appendRecordChanges } from "../../../shared/record-changes.js";
import type { CreditDB } from "../db.js";
import { allows, CODE_CHANNEL, consentOf, noConsentOutcome } from "./notice-queue.js";
import { kindNamed } from "./notice-rules.js";

export const NOTICE_ID_HEADER = "x-xinyi-notice-id";
export const NOTICE_TIMESTAMP_HEADER = "x-xinyi-notice-timestamp";
export const NOTICE_SIGNATURE_HEADER = "x-xinyi-notice-signature";

/** The signature of one try: `v1=` + hex HMAC-SHA256 over `<timestamp>.<id>.<body>` with the channel's secret. */
export const signNotice = (secret: string, timestamp: string, id: string, body: string): string =>
  `v1=${createHmac("sha256", secret).update(`${timestamp}.${id}.${body}`).digest("hex")}`;

/** A webhook and the secret that signs what is sent to it. */
export interface Webhook {
  url: string;
  secret: string;
}

export interface DeliveryOptions {
  /** This worker's name in the leases it takes (unique per process). */
  owner: string;
  /** Tries before DEAD_LETTER. */
  maxTries: number;
  /** Tries one channel may get in a minute. */
  perChannelPerMinute: number;
  /** The 诚信码 channel's webhook; unset: persons' notices wait queued. */
  codeChannel?: Webhook;
  /** How long a claim holds a row. @default 120000 */
  leaseMs?: number;
  /** Longest wait for a receiver's answer (shorter than the lease). @default 10000 */
  timeoutMs?: number;
  /** The wait after the first failed try, doubled after each. @default 30000 */
  firstBackoffMs?: number;
  /** @default 21600000 (6 h) */
  maxBackoffMs?: number;
  /** Channels served per pass (each up to its rate limit). @default 200 */
  batch?: number;
  /** What webhook tries connect through (webhook-agent.ts: public addresses only in production). */
  dispatcher: Dispatcher;
}

export interface DeliveryReport {
  delivered: number;
  retried: number;
  deadLettered: number;
}

/** Where a channel's notices go: the 诚信码 channel's webhook, or an organisation's registered one. */
async function webhookOf(db: Kysely<CreditDB>, channel: string, options: DeliveryOptions): Promise<Webhook | undefined> {
  if (channel === CODE_CHANNEL) return options.codeChannel;
  const contact = await db
    .selectFrom("notice_contacts")
    .select(["webhook_url", "secret"])
    .where("subject_id", "=", channel.slice("CONTACT:".length))
    .executeTakeFirst();
  return contact && { url: contact.webhook_url, secret: contact.secret };
}

/** One try: the receiver's outcome as the log shows it, and whether it took the notice (redirects not followed: webhook-agent.ts). */
export async function postNotice(
  webhook: Webhook,
  notice: { id: string; body: string; at: Date },
  options: { timeoutMs: number; dispatcher: Dispatcher },
): Promise<{ ok: boolean; outcome: string }> {
  const timestamp = String(notice.at.getTime());
  try {
    const response = await request(webhook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        [NOTICE_ID_HEADER]: notice.id,
        [NOTICE_TIMESTAMP_HEADER]: timestamp,
        [NOTICE_SIGNATURE_HEADER]: signNotice(webhook.secret, timestamp, notice.id, notice.body),
      },
      body: notice.body,
      dispatcher: options.dispatcher,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.body.dump().catch(() => undefined);
    return { ok: response.statusCode >= 200 && response.statusCode < 300, outcome: `HTTP ${response.statusCode}` };
  } catch (error) {
    const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
    return { ok: false, outcome: code ?? (error instanceof Error ? error.name : "no answer") };
  }
}

/**
 * Sends what is due by the worker's clock, channel by channel (each in order, channels side by
 * side); every claim reads the clock afresh, so its lease runs from its own start.
 */
export async function deliverDue(db: Kysely<CreditDB>, options: DeliveryOptions, clock: () => Date): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, retried: 0, deadLettered: 0 };
  const at = clock().toISOString();
  const due = () => {
    const query = db.selectFrom("notices").where("status", "=", "QUEUED").where("next_attempt_at", "<=", at);
    return query.where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", at)]));
  };
  // Channel by channel, so one busy (or rate-limited) channel never holds back the others.
  let channels = due().select("channel").distinct();
  // Without the 诚信码 channel's webhook persons' notices wait.
  if (!options.codeChannel) channels = channels.where("channel", "!=", CODE_CHANNEL);
  const rows = await channels
    .orderBy("channel")
    .limit(options.batch ?? 200)
    .execute();
  await Promise.all(
    rows.map(async ({ channel }) => {
      const webhook = await webhookOf(db, channel, options);
      if (!webhook) return;
      const minuteAgo = new Date(clock().getTime() - 60_000).toISOString();
      const recent = await db
        .selectFrom("notices")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("channel", "=", channel)
        .where("last_attempt_at", ">", minuteAgo)
        .executeTakeFirstOrThrow();
      const room = Math.max(0, options.perChannelPerMinute - Number(recent.n));
      if (room === 0) return;
      const ids = await due().select("id").where("channel", "=", channel).orderBy("next_attempt_at").orderBy("id").limit(room).execute();
      for (const { id } of ids) await deliverOne(db, options, id, webhook, clock(), report);
    }),
  );
  return report;
}

/**
 * Whether the subject still consents to the notice's kind (a consent withdrawn after the notice was
 * queued stops it: it is logged SKIPPED_NO_CONSENT instead, if no one has claimed it meanwhile).
 */
async function stillConsented(db: Kysely<CreditDB>, id: string, at: string): Promise<boolean> {
  const row = await db.selectFrom("notices").select(["subject_id", "kind"]).where("id", "=", id).executeTakeFirstOrThrow();
  const kind = kindNamed(row.kind);
  const consent = await consentOf(db, row.subject_id);
  if (kind && allows(kind, consent)) return true;
  await db
    .updateTable("notices")
    .set({ status: "SKIPPED_NO_CONSENT", last_outcome: noConsentOutcome(kind ?? { consents: [row.kind] }, consent, "同意已撤回，未再发送") })
    .where("id", "=", id)
    .where("status", "=", "QUEUED")
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", at)]))
    .execute();
  return false;
}

async function deliverOne(db: Kysely<CreditDB>, options: DeliveryOptions, id: string, webhook: Webhook, now: Date, report: DeliveryReport) {
  const at = now.toISOString();
  if (!(await stillConsented(db, id, at))) return;
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 120_000)).toISOString();
  // The claim: only a row still queued, due, and free of a live lease; the try is counted now (a crash mid-send used it).
  const claimed = await db
    .updateTable("notices")
    .set((eb) => ({ lease_owner: options.owner, lease_until: leaseUntil, tries: eb("tries", "+", 1), last_attempt_at: at }))
    .where("id", "=", id)
    .where("status", "=", "QUEUED")
    .where("next_attempt_at", "<=", at)
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", at)]))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return;
  const row = await db.selectFrom("notices").select(["body", "tries", "kind", "subject_id", "channel"]).where("id", "=", id).executeTakeFirstOrThrow();
  const { ok, outcome } = await postNotice(
    webhook,
    { id, body: row.body, at: now },
    { timeoutMs: options.timeoutMs ?? 10_000, dispatcher: options.dispatcher },
  );
  const dead = !ok && row.tries >= options.maxTries;
  const backoff = Math.min(options.maxBackoffMs ?? 6 * 3600_000, (options.firstBackoffMs ?? 30_000) * 2 ** (row.tries - 1));
  const status = ok ? "DELIVERED" : dead ? "DEAD_LETTER" : "QUEUED";
  // Fenced by this claim's lease: a worker whose lease was taken over (it ran past it) changes nothing. The try's audit row goes with its outcome.
  const finished = await db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable("notices")
      .set({
        status,
        delivered_at: ok ? at : null,
        next_attempt_at: ok || dead ? at : new Date(now.getTime() + backoff).toISOString(),
        last_outcome: outcome,
        lease_owner: null,
        lease_until: null,
      })
      .where("id", "=", id)
      .where("lease_owner", "=", options.owner)
      .where("lease_until", "=", leaseUntil)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) return done;
    const channel = row.channel === CODE_CHANNEL ? CODE_CHANNEL : "CONTACT";
    await appendRecordChanges(trx, NOTICES_SERVICE, "notices", [
      {
        recordId: id,
        subjectId: row.subject_id,
        action: "NOTIFY" as const,
        before: null,
        after: { id, kind: row.kind, channel, try: row.tries, at, outcome, status },
      },
    ]);
    return done;
  });
  if (Number(finished.numUpdatedRows) !== 1) return;
  if (ok) report.delivered++;
  else if (dead) report.deadLettered++;
  else report.retried++;
}
